// The data side of both Downpour schemes: the scenario's split of the training set into one block
// per worker (data/splits.hpp), and the batches and work of a pass over a block.
#pragma once
#include "data/splits.hpp"
#include "nn/network.hpp"
#include "scenario/scenario.hpp"

namespace ssim::schemes {

// One block per worker, drawn from (scenario seed, epoch).
std::vector<data::Indices> split_for_epoch(const scenario::Scenario& scenario, const data::Dataset& train, int epoch);

// Flops of one pass over `samples` samples in mini-batches: each step's forward and backward, plus
// `per_step_flops` (the optimizer's share of a step).
double pass_flops(const nn::Network& network, Eigen::Index samples, Eigen::Index batch_size, double per_step_flops);

// The mini-batches of a worker that keeps one shard for every pass: pass p walks the shard in
// epoch p's order (data/splits.hpp), so one worker holding the whole set sees single's batches.
class ShardBatches {
 public:
  ShardBatches(data::Indices shard, Eigen::Index sample_count, const scenario::Scenario& scenario);
  long steps_per_pass() const { return steps_per_pass_; }
  // The batch of a step counted over all passes (pass * steps_per_pass + index).
  const data::Indices& batch(long step);

 private:
  data::Indices shard_;
  Eigen::Index sample_count_;
  Eigen::Index batch_size_;
  std::uint64_t seed_;
  long steps_per_pass_;
  long pass_ = -1;
  std::vector<data::Indices> batches_;
};

}  // namespace ssim::schemes
