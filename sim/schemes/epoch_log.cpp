#include "schemes/epoch_log.hpp"
#include "cluster/cluster.hpp"
#include <cmath>
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

std::function<void(const EpochRecord&)> epoch_listener;

std::string non_finite(double x) { return std::isnan(x) ? "NaN" : (x > 0 ? "+inf" : "-inf"); }

}  // namespace

void set_epoch_listener(std::function<void(const EpochRecord&)> listener) { epoch_listener = std::move(listener); }

void check_finite_loss(double loss, int epoch, long step) {
  if (!std::isfinite(loss))
    throw cluster::Diverged(fmt::format("training loss is {} at epoch {}, step {}", non_finite(loss), epoch, step),
                            epoch, step);
}

void EpochLog::add_loss(int epoch, double loss) {
  if (losses_.size() < static_cast<std::size_t>(epoch)) losses_.resize(epoch);
  auto& losses = losses_[epoch - 1];
  losses.sum += loss;
  ++losses.count;
}

void EpochLog::end_epoch(int epoch, const nn::Network& model) {
  end_epoch(epoch, model, simgrid::s4u::Engine::get_clock());
}

void EpochLog::end_epoch(int epoch, const nn::Network& model, double time_s) {
  end_epoch(epoch, model.evaluate(test_.features, test_.labels), time_s);
}

void EpochLog::end_epoch(int epoch, nn::Network::Evaluation test, double time_s) {
  const Losses losses = losses_.size() < static_cast<std::size_t>(epoch) ? Losses{} : losses_[epoch - 1];
  const auto [test_loss, test_accuracy] = test;
  const double train_loss = losses.count ? losses.sum / static_cast<double>(losses.count) : 0.0;
  if (!std::isfinite(test_loss) || !std::isfinite(train_loss))
    throw cluster::Diverged(fmt::format("{} is {} after epoch {}",
                                        std::isfinite(test_loss) ? "mean training loss" : "test loss",
                                        non_finite(std::isfinite(test_loss) ? train_loss : test_loss), epoch),
                            epoch, 0);
  add(EpochRecord{.epoch = epoch,
                  .time_s = time_s,
                  .train_loss = train_loss,
                  .test_loss = test_loss,
                  .test_accuracy = test_accuracy});
}

void EpochLog::end_timed_epoch(int epoch) {
  add(EpochRecord{.epoch = epoch, .time_s = simgrid::s4u::Engine::get_clock()});
}

void EpochLog::add(const EpochRecord& record) {
  records_.push_back(record);
  if (epoch_listener) epoch_listener(record);
}

TrainingRecord EpochLog::record(const nn::Network& model, long steps, bool completed, double time_s) const {
  return record(model.evaluate(test_.features, test_.labels), model.parameters(), steps, completed, time_s);
}

TrainingRecord EpochLog::record(nn::Network::Evaluation test, nn::Vector parameters, long steps, bool completed,
                                double time_s) const {
  return {.epochs = records_,
          .steps = steps,
          .completed = completed,
          .final_test_accuracy = test.accuracy,
          .final_test_loss = test.loss,
          .final_parameters = std::move(parameters),
          .simulated_time_s = time_s};
}

TrainingRecord EpochLog::timed_record(long steps, bool completed, double time_s) const {
  return {.epochs = records_, .steps = steps, .completed = completed, .final_parameters = {}, .simulated_time_s = time_s};
}

}  // namespace ssim::schemes
