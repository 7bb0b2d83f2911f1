// Seed 003, section 2.7: ring all-reduce. The gradient of P values (S bytes) is cut into N chunks;
// in each of 2(N-1) steps every worker sends one chunk to its successor. The paper's lock-step form,
//   T = I * (max T_A + 2(N-1) * (alpha + S/(N*beta)) + (N-1) * T_add + T_update),
// charges every step the slowest worker and the slowest hop. It is exact only when all workers
// and hops are alike: a worker waits only for its predecessor, so the others run ahead of a slow
// worker or a slow hop. The model here follows the schedule the protocol really keeps, a max-plus
// recursion over workers and steps: worker w posts its step-s chunk once it has taken its step-(s-1)
// chunk and its step-(s-1) send has arrived (one chunk on its way per hop, in order); the chunk
// arrives a hop time later; w takes the predecessor's step-s chunk once both are there, and adds it
// at its host's speed of the moment. Compute, additions and updates are charged through each
// host's speed profile (fixed and windowed slowdowns) and each iteration's random straggle factor,
// the same hash of (seed, worker, iteration) the run draws, so a straggle's lasting offset between
// neighbours is in the model. A hop time is that of its message when all N hops carry one at once:
// exact when no two hops share a link, or when the ring runs in step; otherwise an upper bound
// (0.955-0.97 on two sites whose wide-area link carries 4 to 8 hops each way).
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
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
  std::vector<double> iteration_flops;       // each worker's training step, per iteration
  std::vector<SpeedTimeline> worker_speeds;  // each worker's host speed over time
  // Compute-time factor of worker w in iteration i (random straggling); none when empty.
  std::function<double(int worker, long iteration)> straggle_factor;
  long values = 0;             // P: gradient length
  double bytes_per_value = 4;
  double optimizer_flops = 0;  // one optimizer step over the P values
  std::vector<Flow> neighbours;  // worker w -> worker w+1
};

Prediction ring_allreduce(const RingAllreduceInput& input);

}  // namespace ssim::models
