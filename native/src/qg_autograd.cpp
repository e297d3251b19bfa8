// Backward and torch.autograd.grad, including create_graph for double backward (the R1 penalty).
#include <torch/csrc/autograd/autograd.h>
#include <c10/core/GradMode.h>
#include "qg_internal.h"

using qg::tensor;

namespace {
std::vector<at::Tensor> collect(const qg_tensor* handles, int32_t n, bool allow_null) {
  std::vector<at::Tensor> out;
  out.reserve(n);
  for (int32_t k = 0; k < n; ++k) {
    if (handles == nullptr || handles[k] == nullptr) {
      if (!allow_null) throw std::invalid_argument("null tensor handle");
      out.emplace_back();
    } else {
      out.push_back(tensor(handles[k]));
    }
  }
  return out;
}
}  // namespace

extern "C" {

int32_t qg_autograd_backward(const qg_tensor* outputs, const qg_tensor* grad_outputs, int32_t n,
                             int32_t retain_graph, int32_t create_graph) {
  QG_TRY(1, {
    auto outs = collect(outputs, n, false);
    auto grads = collect(grad_outputs, n, true);
    torch::autograd::backward(outs, grads, c10::optional<bool>(retain_graph != 0), create_graph != 0);
    return 0;
  })
}

int32_t qg_autograd_grad(const qg_tensor* outputs, const qg_tensor* grad_outputs, int32_t nout,
                         const qg_tensor* inputs, int32_t nin, int32_t retain_graph, int32_t create_graph,
                         int32_t allow_unused, qg_tensor* result) {
  QG_TRY(1, {
    auto outs = collect(outputs, nout, false);
    auto grads = collect(grad_outputs, nout, true);
    auto ins = collect(inputs, nin, false);
    auto res = torch::autograd::grad(outs, ins, grads, c10::optional<bool>(retain_graph != 0), create_graph != 0,
                                     allow_unused != 0);
    for (int32_t k = 0; k < nin; ++k) result[k] = res[k].defined() ? qg::wrap(res[k]) : nullptr;
    return 0;
  })
}

int32_t qg_grad_mode_set(int32_t enabled) {
  bool previous = c10::GradMode::is_enabled();
  c10::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}

int32_t qg_grad_mode_get(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

}  // extern "C"
