// Seed 003, section 2.7: ring all-reduce. The gradient of P values (S bytes) is cut into N chunks;
// in each of 2(N-1) steps every worker sends one chunk to its successor, all N at once, so
//   T = I * (max T_A + 2(N-1) * (alpha + S/(N*beta)) + (N-1) * T_add + T_update),
// where T_add adds one received chunk and T_update averages the sum and takes the optimizer step.
// Each step is charged the slowest worker and the slowest neighbour message. That is exact when
// the workers are equally fast and equally far apart (a star; a ring of exactly N hosts). Otherwise
// it is an upper bound: a worker waits only for its predecessor, so the others run ahead of a slow
// worker or a far pair (a ring with more hosts than workers) and start their next iteration early.
// Random straggling is the exception, where the measured time exceeds it (1.1-2x in
// scenarios/workers_sweep.yaml): after a straggle the ring does not fall back into step, and a
// neighbour that stays one transfer out of phase makes every later all-reduce wait for it.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include "models/workload.hpp"
#include <vector>

namespace ssim::models {

// P values cut into N contiguous chunks whose sizes differ by at most one, the larger ones first.
class RingChunks {
 public:
  RingChunks(long values, int chunks);
  int count() const { return static_cast<int>(starts_.size()) - 1; }
  long start(int chunk) const { return starts_.at(chunk); }
  long size(int chunk) const { return starts_.at(chunk + 1) - starts_.at(chunk); }
  long largest() const { return size(0); }

 private:
  std::vector<long> starts_;  // chunk i is [starts_[i], starts_[i + 1])
};

// Bytes each worker sends in one all-reduce. Worker w sends every chunk but w+1 in the
// reduce-scatter (it completes that one) and every chunk but w+2 in the all-gather (the last one
// it receives): 2P - |chunk w+1| - |chunk w+2| values.
std::vector<double> ring_allreduce_bytes_sent(const RingChunks& chunks, double bytes_per_value);
// The same for N equal chunks of S bytes: 2(N-1)/N * S, independent of N for large N.
double ring_allreduce_bytes_per_worker(double gradient_bytes, int workers);

struct RingAllreduceInput {
  Workload workload;
  std::vector<double> worker_speeds;  // flop/s of each worker after fixed slowdowns
  long values = 0;                    // P: gradient length
  double bytes_per_value = 4;
  double optimizer_flops = 0;         // one optimizer step over the P values
  std::vector<Flow> neighbours;       // worker w -> worker w+1, all N at once
  // Random straggling: each worker each iteration is `straggle_slowdown` times slower with this probability.
  double straggle_probability = 0;
  double straggle_slowdown = 1;
};

Prediction ring_allreduce(const RingAllreduceInput& input);

}  // namespace ssim::models
