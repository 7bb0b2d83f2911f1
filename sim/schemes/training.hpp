// Pieces every training scheme shares: the network and optimizer a scenario describes, what their
// steps cost, the batches a worker trains on, and the record of its epochs (schemes/epoch_log.hpp).
#pragma once
#include "data/dataset.hpp"
#include "nn/network.hpp"
#include "nn/network_costs.hpp"
#include "nn/optimizer.hpp"
#include "schemes/epoch_log.hpp"
#include "schemes/scheme.hpp"
#include <memory>
#include <optional>

namespace ssim::schemes {

nn::NetworkSpec network_spec(const scenario::Scenario& scenario);
nn::OptimizerSpec optimizer_spec(const scenario::Scenario& scenario);
std::unique_ptr<nn::Optimizer> make_optimizer(const scenario::Scenario& scenario, Eigen::Index parameter_count);

// Whether the run computes numbers (compute: real) or only charges their time (compute: timing).
bool computes(const scenario::Scenario& scenario);

// What the model's steps cost and its parameters weigh on the wire, from its spec alone (no
// parameters): what a scheme charges in either compute mode.
class TrainingCosts {
 public:
  explicit TrainingCosts(const scenario::Scenario& scenario);
  Eigen::Index parameters() const { return network_.parameter_count(); }
  double train_step_flops(Eigen::Index batch) const { return network_.train_step_flops(batch); }
  double optimizer_step_flops() const { return optimizer_step_flops_; }  // over every parameter
  double parameter_bytes() const { return parameter_bytes_; }            // the parameters, or a gradient

 private:
  nn::NetworkCosts network_;
  double optimizer_step_flops_, parameter_bytes_;
};

// How long a peer may stay silent before it is presumed dead: the scheme's round_timeout, or ten
// rounds of the fault-free model (`model_time_s` over `rounds`) when it has none.
double silence_timeout(const std::optional<double>& round_timeout, double model_time_s, long rounds);

// Every worker's shard of the training set (data::shard_random), drawn once per run: the workers'
// batch streams share it rather than each drawing all shards again.
using Shards = std::shared_ptr<const std::vector<data::Indices>>;
Shards worker_shards(const data::Dataset& train, int workers, const scenario::Scenario& scenario);

// The sizes of a worker's batches, known without the samples: every worker's shard has the same
// size (data::shard_size), cut the same way every epoch. BatchStream's batches have these sizes.
class BatchSizes {
 public:
  BatchSizes(Eigen::Index train_samples, int workers, const scenario::Scenario& scenario);
  Eigen::Index shard() const { return shard_; }
  long per_epoch() const { return per_epoch_; }
  Eigen::Index of_round(long round) const;  // of a global round (epoch * per_epoch() + index)

 private:
  Eigen::Index shard_, batch_size_;
  long per_epoch_;
};

// The batches of one worker, epoch by epoch: its shard of the training set, reshuffled each epoch.
class BatchStream {
 public:
  BatchStream(Shards shards, int worker, const scenario::Scenario& scenario);
  // A stream of its own shards: for one worker, or to count batches.
  BatchStream(const data::Dataset& train, int workers, int worker, const scenario::Scenario& scenario)
      : BatchStream(worker_shards(train, workers, scenario), worker, scenario) {}
  Eigen::Index batches_per_epoch() const { return batches_per_epoch_; }
  // The batch of a global round (epoch * batches_per_epoch + index).
  const data::Indices& batch(long round);

 private:
  Shards shards_;
  Eigen::Index batch_size_;
  std::uint64_t seed_;
  int worker_;
  Eigen::Index batches_per_epoch_;
  int epoch_ = -1;
  std::vector<data::Indices> batches_;
};

}  // namespace ssim::schemes
