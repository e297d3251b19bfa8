// torch.distributed's c10d: TCPStore rendezvous, ProcessGroupGloo (CPU) and, when the LibTorch was built with it,
// ProcessGroupNCCL (CUDA); all-reduce (sum), broadcast and barrier, each bounded by a timeout.
//
// c10d's collectives take a vector of tensors that are *replicas of one tensor on several local devices* (all the
// same shape), not a list of different tensors. So qg_dist_allreduce_sum / qg_dist_broadcast issue one collective
// per tensor (all launched before any is waited on) — callers that care about the call count flatten first.
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <chrono>
#include <cstdlib>
#include <string>
#include "qg_internal.h"

namespace {

enum Backend : int32_t { kGloo = 0, kNccl = 1 };

struct Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  int32_t rank;
  int32_t size;
  std::chrono::milliseconds timeout;
};

Group& group(qg_process_group g) {
  if (g == nullptr) throw std::invalid_argument("null process group handle");
  return *static_cast<Group*>(g);
}

std::chrono::milliseconds op_timeout(const Group& g, int64_t timeout_ms) {
  return timeout_ms > 0 ? std::chrono::milliseconds(timeout_ms) : g.timeout;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

// The interface Gloo listens on: GLOO_SOCKET_IFNAME as in PyTorch, else loopback for a loopback master (a
// single-machine job must not depend on the hostname resolving), else the address this host's name resolves to.
std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_host) {
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname != nullptr && *ifname != '\0') {
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  }
  if (is_loopback(master_host)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

// c10::Error's what() carries a C++ backtrace; the message alone is what a user needs.
template <class F>
auto plain(F&& body) {
  try {
    return body();
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

// Every rank announces itself and waits for all others, so a rank that never started is reported by number.
// (TCPStore's own waitForWorkers gives up silently at the timeout in 1.13 and never says who is missing.)
void rendezvous(c10d::Store& store, int32_t rank, int32_t world_size, std::chrono::milliseconds timeout) {
  const std::string prefix = "qirengan/joined/";
  store.set(prefix + std::to_string(rank), std::vector<uint8_t>{1});
  std::vector<std::string> keys;
  for (int32_t r = 0; r < world_size; ++r) keys.push_back(prefix + std::to_string(r));
  try {
    store.wait(keys, timeout);
  } catch (const std::exception&) {
    std::string missing;
    try {
      for (int32_t r = 0; r < world_size; ++r) {
        if (!store.check({keys[r]})) missing += (missing.empty() ? "" : ", ") + std::to_string(r);
      }
    } catch (const std::exception&) {
      missing.clear();  // the store itself is gone (rank 0 died): its own error says more
    }
    if (missing.empty()) throw;
    throw std::runtime_error("rank(s) " + missing + " of " + std::to_string(world_size) + " did not join within " +
                             std::to_string(timeout.count()) + " ms");
  }
}

// Every rank waits on every launched work item, so a failure of one item does not leave others unwaited; the
// first failure is rethrown after all have settled (or timed out).
void wait_all(std::vector<c10::intrusive_ptr<c10d::Work>>& works, std::chrono::milliseconds timeout) {
  std::exception_ptr first;
  for (auto& work : works) {
    try {
      work->wait(timeout);
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace

extern "C" {

int32_t qg_dist_backend_available(int32_t backend) {
  if (backend == kGloo) return 1;
#ifdef USE_C10D_NCCL
  if (backend == kNccl) return 1;
#endif
  return 0;
}

qg_process_group qg_dist_init(const char* host, int32_t port, int32_t rank, int32_t world_size, int64_t timeout_ms,
                              int32_t backend) {
  QG_TRY(nullptr, { return plain([&]() -> qg_process_group {
    if (host == nullptr || *host == '\0') throw std::invalid_argument("empty master host");
    if (port <= 0 || port > 65535) throw std::invalid_argument("master port out of range: " + std::to_string(port));
    if (world_size < 1) throw std::invalid_argument("world size must be at least 1");
    if (rank < 0 || rank >= world_size)
      throw std::invalid_argument("rank " + std::to_string(rank) + " outside [0, " + std::to_string(world_size) + ")");
    if (timeout_ms <= 0) throw std::invalid_argument("timeout must be positive");
    auto timeout = std::chrono::milliseconds(timeout_ms);

    c10d::TCPStoreOptions store_options;
    store_options.port = static_cast<std::uint16_t>(port);
    store_options.isServer = rank == 0;
    store_options.numWorkers = static_cast<std::size_t>(world_size);
    store_options.waitWorkers = false;  // rendezvous() below waits, and names the missing ranks
    store_options.timeout = timeout;
    c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::TCPStore>(std::string(host), store_options);
    rendezvous(*store, rank, world_size, timeout);

    auto g = std::make_unique<Group>();
    g->store = store;
    g->rank = rank;
    g->size = world_size;
    g->timeout = timeout;
    if (backend == kGloo) {
      auto options = c10d::ProcessGroupGloo::Options::create(timeout);
      options->devices.push_back(gloo_device(host));
      g->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, world_size, options);
    } else if (backend == kNccl) {
#ifdef USE_C10D_NCCL
      // Without blocking wait, WorkNCCL::wait only orders streams and never times out.
      setenv("NCCL_BLOCKING_WAIT", "1", 0);
      auto options = c10d::ProcessGroupNCCL::Options::create();
      options->timeout = timeout;
      g->pg = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, world_size, options);
#else
      throw std::runtime_error("this native build has no NCCL (a CPU LibTorch); use the Gloo backend");
#endif
    } else {
      throw std::invalid_argument("unknown backend " + std::to_string(backend));
    }
    return g.release();
  }); })
}

void qg_dist_free(qg_process_group g) {
  auto* p = static_cast<Group*>(g);
  if (p == nullptr) return;
  try {
    p->pg.reset();  // waits for queued work (bounded by the Gloo timeout), then stops its threads
    p->store.reset();
  } catch (...) {
    // A destructor that throws has nowhere to report to; the process is shutting the group down anyway.
  }
  delete p;
}

int32_t qg_dist_allreduce_sum(qg_process_group g, const qg_tensor* tensors, int32_t n, int64_t timeout_ms) {
  QG_TRY(1, { return plain([&]() -> int32_t {
    auto& grp = group(g);
    auto timeout = op_timeout(grp, timeout_ms);
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    options.timeout = timeout;
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    works.reserve(n);
    for (int32_t k = 0; k < n; ++k) {
      std::vector<at::Tensor> one{qg::tensor(tensors[k])};
      works.push_back(grp.pg->allreduce(one, options));
    }
    wait_all(works, timeout);
    return 0;
  }); })
}

int32_t qg_dist_broadcast(qg_process_group g, const qg_tensor* tensors, int32_t n, int32_t root, int64_t timeout_ms) {
  QG_TRY(1, { return plain([&]() -> int32_t {
    auto& grp = group(g);
    if (root < 0 || root >= grp.size)
      throw std::invalid_argument("broadcast root " + std::to_string(root) + " outside [0, " +
                                  std::to_string(grp.size) + ")");
    auto timeout = op_timeout(grp, timeout_ms);
    c10d::BroadcastOptions options;
    options.rootRank = root;
    options.rootTensor = 0;
    options.timeout = timeout;
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    works.reserve(n);
    for (int32_t k = 0; k < n; ++k) {
      std::vector<at::Tensor> one{qg::tensor(tensors[k])};
      works.push_back(grp.pg->broadcast(one, options));
    }
    wait_all(works, timeout);
    return 0;
  }); })
}

int32_t qg_dist_barrier(qg_process_group g, int64_t timeout_ms) {
  QG_TRY(1, { return plain([&]() -> int32_t {
    auto& grp = group(g);
    auto timeout = op_timeout(grp, timeout_ms);
    c10d::BarrierOptions options;
    options.timeout = timeout;
    std::vector<c10::intrusive_ptr<c10d::Work>> works{grp.pg->barrier(options)};
    wait_all(works, timeout);
    return 0;
  }); })
}

}  // extern "C"
