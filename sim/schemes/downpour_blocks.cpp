#include "schemes/downpour_blocks.hpp"
#include "data/batches.hpp"
#include "schemes/shared_options.hpp"
#include <stdexcept>

namespace ssim::schemes {
namespace {

data::Split data_split(BlockSplitOptions::Split split) {
  switch (split) {
    case BlockSplitOptions::Split::random:
      return data::Split::random;
    case BlockSplitOptions::Split::by_class:
      return data::Split::by_class;
    case BlockSplitOptions::Split::equal:
      return data::Split::equal;
  }
  throw std::logic_error("unknown split");
}

}  // namespace

std::vector<data::Indices> split_for_epoch(const scenario::Scenario& scenario, const data::Dataset& train, int epoch) {
  return data::split(data_split(scenario.scheme.options_as<BlockSplitOptions>().split), train.labels, train.num_classes, scenario.scheme.workers,
                     scenario.seed, epoch);
}

double pass_flops(const nn::Network& network, Eigen::Index samples, Eigen::Index batch_size, double per_step_flops) {
  const Eigen::Index full = samples / batch_size, rest = samples % batch_size;
  double flops = static_cast<double>(full) * network.train_step_flops(batch_size);
  if (rest > 0) flops += network.train_step_flops(rest);
  return flops + static_cast<double>(data::batches_per_epoch(samples, batch_size)) * per_step_flops;
}

ShardBatches::ShardBatches(data::Indices shard, Eigen::Index sample_count, const scenario::Scenario& scenario)
    : shard_(std::move(shard)),
      sample_count_(sample_count),
      batch_size_(scenario.scheme.batch_size),
      seed_(scenario.seed),
      steps_per_pass_(data::batches_per_epoch(static_cast<Eigen::Index>(shard_.size()), batch_size_)) {}

const data::Indices& ShardBatches::batch(long step) {
  const long pass = step / steps_per_pass_;
  if (pass != pass_) {
    batches_ = data::consecutive_batches(data::in_epoch_order(shard_, sample_count_, seed_, static_cast<int>(pass)),
                                         batch_size_);
    pass_ = pass;
  }
  return batches_.at(static_cast<std::size_t>(step % steps_per_pass_));
}

}  // namespace ssim::schemes
