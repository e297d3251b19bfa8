// One entry point for every ATen operator: the C# side resolves "aten::name.overload" once and calls it with a
// boxed argument stack. Trailing or QG_DEFAULT arguments take the schema's defaults, so the C# wrappers pass only
// what they set. Autograd, CUDA and every dispatch key behave exactly as in Python, because this is the path
// TorchScript's interpreter takes.
#include <ATen/core/dispatch/Dispatcher.h>
#include <cstdlib>
#include "qg_internal.h"

namespace qg {

c10::IValue to_ivalue(const qg_value& v) {
  switch (v.kind) {
    case QG_NONE:
      return c10::IValue();
    case QG_TENSOR:
      return c10::IValue(tensor(v.p));
    case QG_INT:
      return c10::IValue(v.i);
    case QG_DOUBLE:
      return c10::IValue(v.d);
    case QG_BOOL:
      return c10::IValue(v.i != 0);
    case QG_INT_LIST: {
      auto* p = static_cast<const int64_t*>(v.p);
      return c10::IValue(std::vector<int64_t>(p, p + v.count));
    }
    case QG_DOUBLE_LIST: {
      auto* p = static_cast<const double*>(v.p);
      return c10::IValue(std::vector<double>(p, p + v.count));
    }
    case QG_TENSOR_LIST: {
      c10::List<at::Tensor> list;
      list.reserve(v.count);
      auto* p = static_cast<qg_tensor const*>(v.p);
      for (int32_t k = 0; k < v.count; ++k) list.push_back(tensor(p[k]));
      return c10::IValue(list);
    }
    case QG_OPT_TENSOR_LIST: {
      c10::List<c10::optional<at::Tensor>> list;
      list.reserve(v.count);
      auto* p = static_cast<qg_tensor const*>(v.p);
      for (int32_t k = 0; k < v.count; ++k)
        list.push_back(p[k] == nullptr ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(tensor(p[k])));
      return c10::IValue(list);
    }
    case QG_STRING:
      return c10::IValue(std::string(static_cast<const char*>(v.p)));
    case QG_DEVICE:
      return c10::IValue(device(static_cast<int32_t>(v.i), v.count));
    case QG_GENERATOR:
      return c10::IValue(*static_cast<at::Generator*>(v.p));
    default:
      throw std::invalid_argument("unsupported argument kind " + std::to_string(v.kind));
  }
}

void from_ivalue(const c10::IValue& v, qg_value& out) {
  out = qg_value{QG_NONE, 0, 0, 0.0, nullptr};
  if (v.isNone()) return;
  if (v.isTensor()) {
    out.kind = QG_TENSOR;
    out.p = wrap(v.toTensor());
  } else if (v.isInt()) {
    out.kind = QG_INT;
    out.i = v.toInt();
  } else if (v.isDouble()) {
    out.kind = QG_DOUBLE;
    out.d = v.toDouble();
  } else if (v.isBool()) {
    out.kind = QG_BOOL;
    out.i = v.toBool() ? 1 : 0;
  } else if (v.isScalar()) {
    out.kind = QG_DOUBLE;
    out.d = v.toScalar().toDouble();
  } else if (v.isTensorList()) {
    auto list = v.toTensorList();
    auto** arr = static_cast<qg_tensor*>(std::malloc(sizeof(qg_tensor) * std::max<size_t>(1, list.size())));
    for (size_t k = 0; k < list.size(); ++k) arr[k] = wrap(list.get(k));
    out.kind = QG_TENSOR_LIST;
    out.count = static_cast<int32_t>(list.size());
    out.p = arr;
  } else if (v.isTuple()) {
    // Tuples of tensors (TorchScript returns) are flattened into a tensor list.
    auto elems = v.toTupleRef().elements();
    auto** arr = static_cast<qg_tensor*>(std::malloc(sizeof(qg_tensor) * std::max<size_t>(1, elems.size())));
    for (size_t k = 0; k < elems.size(); ++k) arr[k] = wrap(elems[k].toTensor());
    out.kind = QG_TENSOR_LIST;
    out.count = static_cast<int32_t>(elems.size());
    out.p = arr;
  } else {
    throw std::invalid_argument("unsupported return type " + v.tagKind());
  }
}

}  // namespace qg

extern "C" {

qg_op qg_op_find(const char* name, const char* overload) {
  QG_TRY(nullptr, {
    auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
    if (!handle.has_value())
      throw std::invalid_argument(std::string("no operator ") + name + (overload[0] ? "." : "") + overload);
    return new c10::OperatorHandle(*handle);
  })
}

const char* qg_op_schema(qg_op op) {
  thread_local std::string text;
  QG_TRY(nullptr, {
    std::ostringstream s;
    s << static_cast<c10::OperatorHandle*>(op)->schema();
    text = s.str();
    return text.c_str();
  })
}

int32_t qg_op_call(qg_op op, const qg_value* args, int32_t nargs, qg_value* rets, int32_t maxrets,
                   int32_t* nrets) {
  QG_TRY(1, {
    auto& handle = *static_cast<c10::OperatorHandle*>(op);
    const auto& schema = handle.schema();
    const auto& formals = schema.arguments();
    if (static_cast<size_t>(nargs) > formals.size())
      throw std::invalid_argument(schema.name() + ": " + std::to_string(nargs) + " arguments given, schema takes " +
                                  std::to_string(formals.size()));
    torch::jit::Stack stack;
    stack.reserve(formals.size());
    for (size_t k = 0; k < formals.size(); ++k) {
      if (k < static_cast<size_t>(nargs) && args[k].kind != QG_DEFAULT) {
        stack.push_back(qg::to_ivalue(args[k]));
      } else if (formals[k].default_value().has_value()) {
        stack.push_back(*formals[k].default_value());
      } else if (formals[k].type()->kind() == c10::TypeKind::OptionalType) {
        stack.emplace_back();
      } else {
        throw std::invalid_argument(schema.name() + ": argument '" + formals[k].name() + "' is required");
      }
    }
    handle.callBoxed(stack);
    if (static_cast<int32_t>(stack.size()) > maxrets)
      throw std::invalid_argument(schema.name() + " returned more values than expected");
    for (size_t k = 0; k < stack.size(); ++k) qg::from_ivalue(stack[k], rets[k]);
    *nrets = static_cast<int32_t>(stack.size());
    return 0;
  })
}

}  // extern "C"
