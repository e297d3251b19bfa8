// Activations fused into one autograd node that keeps only what its backward needs.
#include <torch/csrc/autograd/custom_function.h>
#include "qg_internal.h"

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// y = clamp(leaky_relu(x, slope), -c, c), StyleGAN2's bias_act with conv_clamp. Unfused, autograd keeps the leaky
// ReLU's output and the clamp's output: two full activations per layer. The derivative follows from y alone (leaky
// ReLU keeps the sign; the clamp held where |y| = c), so this node keeps y only. Its backward is made of
// leaky_relu_backward and hardtanh_backward, which are linear in the incoming gradient and have derivatives of their
// own, so create_graph (the R1 penalty's double backward) works as with the unfused ops.
struct LeakyReluClamp : public torch::autograd::Function<LeakyReluClamp> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, double slope, double clamp) {
    auto y = at::leaky_relu(x, slope);
    if (clamp > 0) at::hardtanh_(y, -clamp, clamp);
    ctx->saved_data["slope"] = slope;
    ctx->saved_data["clamp"] = clamp;
    ctx->save_for_backward({y});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto y = ctx->get_saved_variables()[0];
    const double slope = ctx->saved_data["slope"].toDouble();
    const double clamp = ctx->saved_data["clamp"].toDouble();
    auto g = at::leaky_relu_backward(grads[0], y, slope, /*self_is_result=*/true);
    if (clamp > 0) g = at::hardtanh_backward(g, y, -clamp, clamp);
    return {g, at::Tensor(), at::Tensor()};
  }
};

}  // namespace

extern "C" {

qg_tensor qg_leaky_relu_clamp(qg_tensor x, double slope, double clamp) {
  QG_TRY(nullptr, {
    if (slope < 0) throw std::invalid_argument("leaky_relu_clamp: the slope must be ≥ 0, got " + std::to_string(slope));
    return qg::wrap(LeakyReluClamp::apply(qg::tensor(x), slope, clamp));
  })
}

}  // extern "C"
