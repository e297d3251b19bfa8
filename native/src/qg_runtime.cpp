// Seeds, random generators (with their state, for bit-exact resume), threads, CUDA presence and build info.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/version.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <ATen/Context.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <memory>
#include <cstdlib>
#include <cstring>
#include "qg_internal.h"

namespace {
std::unique_ptr<torch::autograd::profiler::RecordProfile> profile;

char* dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}
at::Generator& gen(qg_generator g) {
  if (g == nullptr) throw std::invalid_argument("null generator handle");
  return *static_cast<at::Generator*>(g);
}
}  // namespace

extern "C" {

int32_t qg_manual_seed(uint64_t seed) {
  QG_TRY(1, {
    at::manual_seed(seed);
    return 0;
  })
}

qg_generator qg_generator_new(uint64_t seed, int32_t device_type, int32_t device_index) {
  QG_TRY(nullptr, {
    if (device_type == 0) {
      auto g = at::make_generator<at::CPUGeneratorImpl>(seed);
      return new at::Generator(g);
    }
    if (!at::hasCUDA()) throw std::runtime_error("CUDA generator requested but this LibTorch build has no CUDA");
    auto g = at::detail::getCUDAHooks().getDefaultCUDAGenerator(static_cast<c10::DeviceIndex>(device_index)).clone();
    g.set_current_seed(seed);
    return new at::Generator(g);
  })
}

void qg_generator_free(qg_generator g) { delete static_cast<at::Generator*>(g); }

qg_tensor qg_generator_get_state(qg_generator g) {
  QG_TRY(nullptr, {
    std::lock_guard<std::mutex> lock(gen(g).mutex());
    return qg::wrap(gen(g).get_state());
  })
}

int32_t qg_generator_set_state(qg_generator g, qg_tensor state) {
  QG_TRY(1, {
    std::lock_guard<std::mutex> lock(gen(g).mutex());
    gen(g).set_state(qg::tensor(state));
    return 0;
  })
}

int32_t qg_set_num_threads(int32_t n) {
  QG_TRY(1, {
    at::set_num_threads(n);
    return 0;
  })
}

int32_t qg_get_num_threads(void) { return at::get_num_threads(); }

int32_t qg_set_num_interop_threads(int32_t n) {
  QG_TRY(1, {
    at::set_num_interop_threads(n);
    return 0;
  })
}

int32_t qg_cuda_device_count(void) {
  QG_TRY(-1, { return at::hasCUDA() ? static_cast<int32_t>(at::detail::getCUDAHooks().getNumGPUs()) : 0; })
}

int32_t qg_cuda_synchronize(int32_t device_index) {
  QG_TRY(1, {
    if (!at::hasCUDA()) throw std::runtime_error("this LibTorch build has no CUDA");
    at::detail::getCUDAHooks().deviceSynchronize(static_cast<int64_t>(device_index));
    return 0;
  })
}

char* qg_build_config(void) { QG_TRY(nullptr, { return dup(at::show_config()); }) }

char* qg_torch_version(void) {
  QG_TRY(nullptr, { return dup(std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                               std::to_string(TORCH_VERSION_PATCH)); })
}

int32_t qg_profile_start(const char* trace_path) {
  QG_TRY(1, {
    if (profile) throw std::runtime_error("the profiler is already running");
    profile = std::make_unique<torch::autograd::profiler::RecordProfile>(std::string(trace_path));
    return 0;
  })
}

int32_t qg_profile_stop(void) {
  QG_TRY(1, {
    if (!profile) throw std::runtime_error("the profiler is not running");
    profile.reset();  // writes the trace
    return 0;
  })
}

}  // extern "C"
