// Error plumbing: every exported function body runs inside QG_TRY so no exception crosses the C ABI.
#pragma once
#include <stdexcept>
#include <string>
#include "qg_api.h"

namespace qg {
void set_error(const std::string& message);
void clear_error();
}  // namespace qg

#define QG_TRY(fail_value, ...)                                   \
  try {                                                            \
    qg::clear_error();                                             \
    __VA_ARGS__                                                    \
  } catch (const std::exception& e) {                              \
    qg::set_error(e.what());                                       \
    return fail_value;                                             \
  } catch (...) {                                                  \
    qg::set_error("unknown native exception");                     \
    return fail_value;                                             \
  }
