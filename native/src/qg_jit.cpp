// TorchScript modules (the Inception and VGG16 detectors): load, eval mode, requires_grad, forward with boxed
// positional and keyword arguments.
#include <torch/script.h>
#include "qg_internal.h"

namespace {
torch::jit::Module& mod(qg_module m) {
  if (m == nullptr) throw std::invalid_argument("null TorchScript module handle");
  return *static_cast<torch::jit::Module*>(m);
}
}  // namespace

extern "C" {

qg_module qg_jit_load(const char* path, int32_t device_type, int32_t device_index) {
  QG_TRY(nullptr, {
    auto m = torch::jit::load(std::string(path), qg::device(device_type, device_index));
    return new torch::jit::Module(std::move(m));
  })
}

void qg_jit_free(qg_module m) { delete static_cast<torch::jit::Module*>(m); }

int32_t qg_jit_eval(qg_module m) {
  QG_TRY(1, {
    mod(m).eval();
    return 0;
  })
}

int32_t qg_jit_forward(qg_module m, const qg_value* args, int32_t nargs, qg_value* rets, int32_t maxrets,
                       int32_t* nrets) {
  QG_TRY(1, {
    std::vector<c10::IValue> inputs;
    inputs.reserve(nargs);
    for (int32_t k = 0; k < nargs; ++k) inputs.push_back(qg::to_ivalue(args[k]));
    c10::IValue result = mod(m).forward(inputs);
    if (maxrets < 1) throw std::invalid_argument("no room for the return value");
    qg::from_ivalue(result, rets[0]);
    *nrets = 1;
    return 0;
  })
}

int32_t qg_jit_forward_kw(qg_module m, const qg_value* args, int32_t nargs, const char* const* names,
                          const qg_value* kwargs, int32_t nkwargs, qg_value* rets, int32_t maxrets, int32_t* nrets) {
  QG_TRY(1, {
    std::vector<c10::IValue> inputs;
    inputs.reserve(nargs);
    for (int32_t k = 0; k < nargs; ++k) inputs.push_back(qg::to_ivalue(args[k]));
    torch::jit::Kwargs named;
    for (int32_t k = 0; k < nkwargs; ++k) named[std::string(names[k])] = qg::to_ivalue(kwargs[k]);
    c10::IValue result = mod(m).forward(inputs, named);
    if (maxrets < 1) throw std::invalid_argument("no room for the return value");
    qg::from_ivalue(result, rets[0]);
    *nrets = 1;
    return 0;
  })
}

int32_t qg_jit_requires_grad(qg_module m, int32_t value) {
  QG_TRY(1, {
    for (auto p : mod(m).parameters()) p.requires_grad_(value != 0);
    return 0;
  })
}

}  // extern "C"
