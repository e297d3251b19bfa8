// Tensor handles: creation from host data, copies out, and the properties the C# side asks for on every call.
#include <cstring>
#include "qg_internal.h"

using qg::tensor;

extern "C" {

void qg_tensor_free(qg_tensor t) { delete static_cast<at::Tensor*>(t); }

qg_tensor qg_tensor_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype,
                              int32_t device_type, int32_t device_index) {
  QG_TRY(nullptr, {
    std::vector<int64_t> sizes(shape, shape + ndim);
    auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
    at::Tensor cpu = at::empty(sizes, options);
    if (cpu.numel() > 0) std::memcpy(cpu.data_ptr(), data, cpu.numel() * cpu.element_size());
    auto dev = qg::device(device_type, device_index);
    return qg::wrap(dev.is_cpu() ? cpu : cpu.to(dev));
  })
}

int32_t qg_tensor_copy_to(qg_tensor t, void* dst, int64_t nbytes) {
  QG_TRY(1, {
    at::Tensor src = tensor(t).detach().to(at::kCPU).contiguous();
    int64_t need = src.numel() * static_cast<int64_t>(src.element_size());
    if (need != nbytes)
      throw std::invalid_argument("copy_to: destination holds " + std::to_string(nbytes) + " bytes, tensor has " +
                                  std::to_string(need));
    if (need > 0) std::memcpy(dst, src.data_ptr(), need);
    return 0;
  })
}

int32_t qg_tensor_dim(qg_tensor t) { QG_TRY(-1, { return static_cast<int32_t>(tensor(t).dim()); }) }

int32_t qg_tensor_sizes(qg_tensor t, int64_t* out) {
  QG_TRY(1, {
    auto s = tensor(t).sizes();
    for (size_t i = 0; i < s.size(); ++i) out[i] = s[i];
    return 0;
  })
}

int32_t qg_tensor_dtype(qg_tensor t) { QG_TRY(-1, { return static_cast<int32_t>(tensor(t).scalar_type()); }) }

int32_t qg_tensor_device(qg_tensor t, int32_t* index) {
  QG_TRY(-1, {
    auto d = tensor(t).device();
    *index = d.has_index() ? d.index() : -1;
    if (d.is_cpu()) return 0;
    if (d.is_cuda()) return 1;
    return static_cast<int32_t>(d.type()) + 100;
  })
}

int64_t qg_tensor_numel(qg_tensor t) { QG_TRY(-1, { return tensor(t).numel(); }) }

int32_t qg_tensor_requires_grad(qg_tensor t) { QG_TRY(-1, { return tensor(t).requires_grad() ? 1 : 0; }) }

int32_t qg_tensor_set_requires_grad(qg_tensor t, int32_t value) {
  QG_TRY(1, {
    tensor(t).set_requires_grad(value != 0);
    return 0;
  })
}

int32_t qg_tensor_is_leaf(qg_tensor t) { QG_TRY(-1, { return tensor(t).is_leaf() ? 1 : 0; }) }

qg_tensor qg_tensor_grad(qg_tensor t) {
  QG_TRY(nullptr, {
    const at::Tensor& g = tensor(t).grad();
    if (!g.defined()) return nullptr;
    return qg::wrap(g);
  })
}

int32_t qg_tensor_set_grad(qg_tensor t, qg_tensor grad) {
  QG_TRY(1, {
    tensor(t).mutable_grad() = grad == nullptr ? at::Tensor() : tensor(grad);
    return 0;
  })
}

int32_t qg_tensor_item(qg_tensor t, double* out) {
  QG_TRY(1, {
    *out = tensor(t).item().toDouble();
    return 0;
  })
}

qg_tensor qg_tensor_share(qg_tensor t) { QG_TRY(nullptr, { return qg::wrap(tensor(t)); }) }

int32_t qg_tensor_assign(qg_tensor dst, qg_tensor src) {
  QG_TRY(1, {
    tensor(dst) = tensor(src);
    return 0;
  })
}

int64_t qg_tensor_data_ptr(qg_tensor t) {
  QG_TRY(0, { return reinterpret_cast<int64_t>(tensor(t).data_ptr()); })
}

}  // extern "C"
