#include "schemes/training.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include "data/batches.hpp"

namespace ssim::schemes {

nn::NetworkSpec network_spec(const scenario::Scenario& scenario) {
  return scenario.model.network(scenario.seed);
}

std::unique_ptr<nn::Optimizer> make_optimizer(const scenario::Scenario& scenario, Eigen::Index parameter_count) {
  const auto& o = scenario.scheme.optimizer;
  nn::OptimizerSpec spec;
  spec.type = o.type == scenario::Optimizer::Type::adam ? nn::OptimizerSpec::Type::adam : nn::OptimizerSpec::Type::sgd;
  spec.learning_rate = static_cast<float>(o.learning_rate);
  spec.momentum = static_cast<float>(o.momentum);
  spec.beta1 = static_cast<float>(o.beta1);
  spec.beta2 = static_cast<float>(o.beta2);
  spec.epsilon = static_cast<float>(o.epsilon);
  return nn::make_optimizer(spec, parameter_count);
}

namespace {
std::function<void(const EpochRecord&)> epoch_listener;
}  // namespace

void set_epoch_listener(std::function<void(const EpochRecord&)> listener) { epoch_listener = std::move(listener); }

namespace {
std::string non_finite(double x) { return std::isnan(x) ? "NaN" : (x > 0 ? "+inf" : "-inf"); }
}  // namespace

void check_finite_loss(double loss, int epoch, long step) {
  if (!std::isfinite(loss))
    throw cluster::Diverged(fmt::format("training loss is {} at epoch {}, step {}", non_finite(loss), epoch, step),
                            epoch, step);
}

EpochRecord evaluate(const nn::Network& network, const data::Dataset& test, int epoch, double train_loss) {
  const auto [test_loss, test_accuracy] = network.evaluate(test.features, test.labels);
  const EpochRecord record{.epoch = epoch,
                           .time_s = simgrid::s4u::Engine::get_clock(),
                           .train_loss = train_loss,
                           .test_loss = test_loss,
                           .test_accuracy = test_accuracy};
  if (!std::isfinite(record.test_loss) || !std::isfinite(record.train_loss))
    throw cluster::Diverged(fmt::format("{} is {} after epoch {}",
                                        std::isfinite(record.test_loss) ? "mean training loss" : "test loss",
                                        non_finite(std::isfinite(record.test_loss) ? record.train_loss : record.test_loss),
                                        epoch),
                            epoch, 0);
  if (epoch_listener) epoch_listener(record);
  return record;
}

double silence_timeout(const std::optional<double>& round_timeout, double model_time_s, long rounds) {
  return round_timeout ? *round_timeout : 10 * model_time_s / std::max(1L, rounds);
}

void record_final_model(RunResult& result, const nn::Network& model, const data::Dataset& test) {
  const auto [loss, accuracy] = model.evaluate(test.features, test.labels);
  result.final_test_accuracy = accuracy;
  result.final_test_loss = loss;
  result.final_parameters = model.parameters();
}

BatchStream::BatchStream(const data::Dataset& train, int workers, int worker, const scenario::Scenario& scenario)
    : shard_(data::shard_random(train.size(), workers, scenario.seed).at(worker)),
      batch_size_(scenario.scheme.batch_size),
      seed_(scenario.seed),
      worker_(worker),
      batches_per_epoch_(data::batches_per_epoch(static_cast<Eigen::Index>(shard_.size()), batch_size_)) {}

const data::Indices& BatchStream::batch(long round) {
  const int epoch = static_cast<int>(round / batches_per_epoch_);
  if (epoch != epoch_) {
    batches_ = data::epoch_batches(shard_, batch_size_, seed_, epoch, worker_);
    epoch_ = epoch;
  }
  return batches_.at(round % batches_per_epoch_);
}

models::Workload workload(const nn::Network& network, Eigen::Index shard_size, const scenario::Scenario& scenario) {
  const Eigen::Index batch = scenario.scheme.batch_size;
  const long epochs = scenario.scheme.epochs;
  const Eigen::Index full = shard_size / batch, rest = shard_size % batch;
  models::Workload w;
  if (full > 0) w.push_back({epochs * full, network.train_step_flops(batch)});
  if (rest > 0) w.push_back({epochs, network.train_step_flops(rest)});
  return w;
}

}  // namespace ssim::schemes
