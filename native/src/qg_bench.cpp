// A libtorch-only baseline for benches/QirenGan.Benchmarks: the same add the C# binding makes, looped in C++ with
// no P/Invoke, no boxed qg_value arguments and no result handle. (C# time per op − this time per op) is what the
// binding adds on top of libtorch's own work. Declared here rather than in qg_api.h: it is a measuring tool, not
// part of the API the binding uses.
#include <ATen/core/dispatch/Dispatcher.h>
#include "qg_internal.h"

extern "C" {

// Runs a + b (alpha 1) n times and discards the results. boxed = 0: the typed call at::add, as C++ code or
// PyTorch's Python bindings make it. boxed = 1: aten::add.Tensor through the dispatcher's boxed entry point with an
// IValue stack, the path qg_op_call takes, so the two split the binding's overhead into "boxed dispatch" and
// "everything else" (P/Invoke, qg_value marshalling, the result handle, the C# wrappers). Returns 0, or 1 with
// qg_last_error() set.
QG_API int32_t qg_bench_add_loop(qg_tensor a, qg_tensor b, int64_t n, int32_t boxed);

int32_t qg_bench_add_loop(qg_tensor a, qg_tensor b, int64_t n, int32_t boxed) {
  QG_TRY(1, {
    const auto& x = qg::tensor(a);
    const auto& y = qg::tensor(b);
    if (boxed == 0) {
      for (int64_t k = 0; k < n; ++k) {
        auto sum = at::add(x, y);
        (void)sum;
      }
      return 0;
    }
    static const auto op = c10::Dispatcher::singleton().findSchemaOrThrow("aten::add", "Tensor");
    torch::jit::Stack stack;
    stack.reserve(3);
    for (int64_t k = 0; k < n; ++k) {
      stack.clear();
      stack.emplace_back(x);
      stack.emplace_back(y);
      stack.emplace_back(1.0);  // alpha, a double as Tensor.Add passes it
      op.callBoxed(stack);
    }
    return 0;
  })
}

}  // extern "C"
