// Helpers shared by the translation units that touch ATen. Only ATen/c10 headers here: each file that pulls in
// the full torch API costs ~20 s to compile.
#pragma once
#include <ATen/ATen.h>
#include <ATen/core/ivalue.h>
#include <stdexcept>
#include <vector>
#include "qg_error.h"

namespace qg {

inline at::Tensor& tensor(qg_tensor t) {
  if (t == nullptr) throw std::invalid_argument("null tensor handle");
  return *static_cast<at::Tensor*>(t);
}

inline qg_tensor wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline c10::Device device(int32_t type, int32_t index) {
  if (type == 0) return c10::Device(c10::DeviceType::CPU);
  if (type == 1) return c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(index));
  throw std::invalid_argument("unknown device type " + std::to_string(type));
}

// Boxed values <-> IValues, shared by operator calls and TorchScript calls.
c10::IValue to_ivalue(const qg_value& v);
// Writes one return value; tensors become new handles, tensor lists a malloc'd array of handles.
void from_ivalue(const c10::IValue& v, qg_value& out);

}  // namespace qg
