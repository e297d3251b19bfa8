#include "qg_error.h"
#include <cstdlib>

namespace {
thread_local std::string last_error;
}

namespace qg {
void set_error(const std::string& message) { last_error = message.empty() ? "native error" : message; }
void clear_error() { last_error.clear(); }
}  // namespace qg

extern "C" const char* qg_last_error(void) { return last_error.c_str(); }
extern "C" void qg_free(void* p) { std::free(p); }
