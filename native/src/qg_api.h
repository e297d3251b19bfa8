// The plain C ABI of QirenGan's native layer. Every function returns 0 (or a non-null handle) on success; on
// failure it returns a non-zero code (or null) and qg_last_error() holds the message for this thread.
// No C++ exception crosses this boundary.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QG_API __attribute__((visibility("default")))

typedef void* qg_tensor;      // owns one at::Tensor (a reference-counted handle)
typedef void* qg_op;          // a resolved c10::OperatorHandle
typedef void* qg_generator;   // owns one at::Generator
typedef void* qg_module;      // owns one torch::jit::Module
typedef void* qg_process_group; // owns one c10d store + process group

// Kinds of a boxed argument or return value.
enum qg_kind {
  QG_NONE = 0,         // None (an optional argument left empty)
  QG_TENSOR = 1,       // p: qg_tensor
  QG_INT = 2,          // i
  QG_DOUBLE = 3,       // d
  QG_BOOL = 4,         // i != 0
  QG_INT_LIST = 5,     // p: int64_t[count]
  QG_DOUBLE_LIST = 6,  // p: double[count]
  QG_TENSOR_LIST = 7,  // p: qg_tensor[count]
  QG_STRING = 8,       // p: const char* (UTF-8)
  QG_DEFAULT = 9,      // use the schema's default value
  QG_OPT_TENSOR_LIST = 10, // p: qg_tensor[count], null entries are None
  QG_DEVICE = 11,      // i: device type (0 cpu, 1 cuda), count: index (-1 = current)
  QG_GENERATOR = 12,   // p: qg_generator
};

typedef struct {
  int32_t kind;
  int32_t count;
  int64_t i;
  double d;
  void* p;
} qg_value;

QG_API const char* qg_last_error(void);
QG_API void qg_free(void* p);

// ---- tensors (qg_tensor.cpp)
QG_API void qg_tensor_free(qg_tensor t);
QG_API qg_tensor qg_tensor_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype,
                                     int32_t device_type, int32_t device_index);
QG_API int32_t qg_tensor_copy_to(qg_tensor t, void* dst, int64_t nbytes);
QG_API int32_t qg_tensor_dim(qg_tensor t);
QG_API int32_t qg_tensor_sizes(qg_tensor t, int64_t* out);
QG_API int32_t qg_tensor_dtype(qg_tensor t);
QG_API int32_t qg_tensor_device(qg_tensor t, int32_t* index);
QG_API int64_t qg_tensor_numel(qg_tensor t);
QG_API int32_t qg_tensor_requires_grad(qg_tensor t);
QG_API int32_t qg_tensor_set_requires_grad(qg_tensor t, int32_t value);
QG_API int32_t qg_tensor_is_leaf(qg_tensor t);
QG_API qg_tensor qg_tensor_grad(qg_tensor t);                  // null with empty error when undefined
QG_API int32_t qg_tensor_set_grad(qg_tensor t, qg_tensor grad); // grad null = clear
QG_API int32_t qg_tensor_item(qg_tensor t, double* out);
QG_API qg_tensor qg_tensor_share(qg_tensor t);                 // a second handle to the same tensor
QG_API int32_t qg_tensor_assign(qg_tensor dst, qg_tensor src);  // dst handle now refers to src's tensor
QG_API int64_t qg_tensor_data_ptr(qg_tensor t);

// ---- generic operator call through the c10 dispatcher (qg_ops.cpp)
QG_API qg_op qg_op_find(const char* name, const char* overload);
QG_API int32_t qg_op_call(qg_op op, const qg_value* args, int32_t nargs, qg_value* rets, int32_t maxrets,
                          int32_t* nrets);
QG_API const char* qg_op_schema(qg_op op);

// ---- autograd (qg_autograd.cpp)
QG_API int32_t qg_autograd_backward(const qg_tensor* outputs, const qg_tensor* grad_outputs, int32_t n,
                                    int32_t retain_graph, int32_t create_graph);
QG_API int32_t qg_autograd_grad(const qg_tensor* outputs, const qg_tensor* grad_outputs, int32_t nout,
                                const qg_tensor* inputs, int32_t nin, int32_t retain_graph, int32_t create_graph,
                                int32_t allow_unused, qg_tensor* result);
QG_API int32_t qg_grad_mode_set(int32_t enabled); // returns the previous mode
QG_API int32_t qg_grad_mode_get(void);

// ---- fused activations with their own autograd node (qg_fused.cpp)
// clamp(leaky_relu(x, slope), -clamp, clamp) (clamp ≤ 0: no clamp), keeping only the output for backward.
QG_API qg_tensor qg_leaky_relu_clamp(qg_tensor x, double slope, double clamp);

// ---- runtime: seeds, generators, threads, build info (qg_runtime.cpp)
QG_API int32_t qg_manual_seed(uint64_t seed);
QG_API qg_generator qg_generator_new(uint64_t seed, int32_t device_type, int32_t device_index);
QG_API void qg_generator_free(qg_generator g);
QG_API qg_tensor qg_generator_get_state(qg_generator g);
QG_API int32_t qg_generator_set_state(qg_generator g, qg_tensor state);
QG_API int32_t qg_set_num_threads(int32_t n);
QG_API int32_t qg_get_num_threads(void);
QG_API int32_t qg_set_num_interop_threads(int32_t n);
QG_API int32_t qg_cuda_device_count(void);
QG_API int32_t qg_cuda_synchronize(int32_t device_index);
QG_API char* qg_build_config(void); // free with qg_free
QG_API char* qg_torch_version(void); // free with qg_free
// libtorch's operator profiler: every ATen op from start to stop, written as a Chrome trace (JSON) at stop.
QG_API int32_t qg_profile_start(const char* trace_path);
QG_API int32_t qg_profile_stop(void);

// ---- TorchScript (qg_jit.cpp)
QG_API qg_module qg_jit_load(const char* path, int32_t device_type, int32_t device_index);
QG_API void qg_jit_free(qg_module m);
QG_API int32_t qg_jit_eval(qg_module m);
QG_API int32_t qg_jit_forward(qg_module m, const qg_value* args, int32_t nargs, qg_value* rets, int32_t maxrets,
                              int32_t* nrets);
// forward with keyword arguments too (names[k] = kwargs[k]), e.g. vgg16(img, resize_images=False, return_lpips=True)
QG_API int32_t qg_jit_forward_kw(qg_module m, const qg_value* args, int32_t nargs, const char* const* names,
                                 const qg_value* kwargs, int32_t nkwargs, qg_value* rets, int32_t maxrets, int32_t* nrets);
// sets requires_grad on every parameter (a frozen detector passes gradients to its input only)
QG_API int32_t qg_jit_requires_grad(qg_module m, int32_t value);

// ---- distributed (qg_c10d.cpp): TCPStore rendezvous + ProcessGroupGloo / ProcessGroupNCCL
// backend: 0 Gloo, 1 NCCL. Rank 0 serves the TCPStore at host:port; every call is bounded by a timeout
// (timeout_ms <= 0 on an operation = the group's timeout) and fails with a message instead of hanging.
// Each tensor in a list is reduced/broadcast on its own (c10d treats a list as per-device replicas).
QG_API int32_t qg_dist_backend_available(int32_t backend);
QG_API qg_process_group qg_dist_init(const char* host, int32_t port, int32_t rank, int32_t world_size,
                                     int64_t timeout_ms, int32_t backend);
QG_API void qg_dist_free(qg_process_group g);
QG_API int32_t qg_dist_allreduce_sum(qg_process_group g, const qg_tensor* tensors, int32_t n, int64_t timeout_ms);
QG_API int32_t qg_dist_broadcast(qg_process_group g, const qg_tensor* tensors, int32_t n, int32_t root,
                                 int64_t timeout_ms);
QG_API int32_t qg_dist_barrier(qg_process_group g, int64_t timeout_ms);

#ifdef __cplusplus
}
#endif
