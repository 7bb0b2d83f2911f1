// The worker side of the serving schemes, and the messages between frontend and workers. A worker
// answers its requests in arrival order (FIFO), one at a time, computing what its task says; a
// cancel drops a queued request or stops the running one; stop ends the worker.
#pragma once
#include "data/dataset.hpp"
#include "schemes/actors.hpp"
#include "schemes/serving.hpp"
#include <functional>

namespace ssim::schemes {

inline constexpr double kControlBytes = 8;  // a request id: cancel and stop messages
inline constexpr int kFrontend = 0;         // the frontend's role (cluster::server_workers_layout)

struct ToWorker {
  enum class Kind { request, cancel, stop } kind;
  long request;
  double wire_bytes;
};

struct Answer {
  long request;
  int worker;
  nn::Matrix outputs;  // one column per query of the request
  double wire_bytes;
};

// The queries of one request: consecutive ids, each answering the test sample of its id (the
// test set read round and round).
struct Queries {
  long first;
  int count;
};
Queries queries_of(const scenario::Serving& serving, long request);
data::Indices samples_of(Queries queries, Eigen::Index test_size);

// What a worker computes for a request: the flops it is charged, and the values it answers (an
// answer carries every value of the matrix: a worker may answer for part of the request, or for
// groups of its queries).
struct WorkerTask {
  std::function<double(int queries)> flops;  // `queries`: the whole request's
  std::function<nn::Matrix(Queries)> outputs;
};

// Worker `w` serving until told to stop. Flops of cancelled work are added to outcome.wasted_flops.
void serve_requests(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, int w, const WorkerTask& task,
                    ServingOutcome& outcome);

}  // namespace ssim::schemes
