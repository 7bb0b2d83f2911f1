#include "schemes/training.hpp"
#include <algorithm>
#include "data/batches.hpp"

namespace ssim::schemes {

nn::NetworkSpec network_spec(const scenario::Scenario& scenario) {
  return scenario.model.network(scenario.seed);
}

nn::OptimizerSpec optimizer_spec(const scenario::Scenario& scenario) {
  const auto& o = scenario.scheme.optimizer;
  nn::OptimizerSpec spec;
  spec.type = o.type == scenario::Optimizer::Type::adam ? nn::OptimizerSpec::Type::adam : nn::OptimizerSpec::Type::sgd;
  spec.learning_rate = static_cast<float>(o.learning_rate);
  spec.momentum = static_cast<float>(o.momentum);
  spec.beta1 = static_cast<float>(o.beta1);
  spec.beta2 = static_cast<float>(o.beta2);
  spec.epsilon = static_cast<float>(o.epsilon);
  return spec;
}

std::unique_ptr<nn::Optimizer> make_optimizer(const scenario::Scenario& scenario, Eigen::Index parameter_count) {
  return nn::make_optimizer(optimizer_spec(scenario), parameter_count);
}

bool computes(const scenario::Scenario& scenario) { return scenario.compute == scenario::Compute::real; }

TrainingCosts::TrainingCosts(const scenario::Scenario& scenario)
    : network_(network_spec(scenario)),
      optimizer_step_flops_(nn::step_flops(optimizer_spec(scenario), network_.parameter_count())),
      parameter_bytes_(static_cast<double>(network_.parameter_count()) * scenario.scheme.bytes_per_value) {}

double silence_timeout(const std::optional<double>& round_timeout, double model_time_s, long rounds) {
  return round_timeout ? *round_timeout : 10 * model_time_s / std::max(1L, rounds);
}

Shards worker_shards(const data::Dataset& train, int workers, const scenario::Scenario& scenario) {
  return std::make_shared<const std::vector<data::Indices>>(data::shard_random(train.size(), workers, scenario.seed));
}

BatchSizes::BatchSizes(Eigen::Index train_samples, int workers, const scenario::Scenario& scenario)
    : shard_(data::shard_size(train_samples, workers)),
      batch_size_(scenario.scheme.batch_size),
      per_epoch_(data::batches_per_epoch(shard_, batch_size_)) {}

Eigen::Index BatchSizes::of_round(long round) const {
  return data::batch_size_at(shard_, batch_size_, round % per_epoch_);
}

BatchStream::BatchStream(Shards shards, int worker, const scenario::Scenario& scenario)
    : shards_(std::move(shards)),
      batch_size_(scenario.scheme.batch_size),
      seed_(scenario.seed),
      worker_(worker),
      batches_per_epoch_(
          data::batches_per_epoch(static_cast<Eigen::Index>(shards_->at(worker).size()), batch_size_)) {}

const data::Indices& BatchStream::batch(long round) {
  const int epoch = static_cast<int>(round / batches_per_epoch_);
  if (epoch != epoch_) {
    batches_ = data::epoch_batches((*shards_)[worker_], batch_size_, seed_, epoch, worker_);
    epoch_ = epoch;
  }
  return batches_.at(round % batches_per_epoch_);
}

}  // namespace ssim::schemes
