#include "schemes/parity_model.hpp"
#include "common/splitmix.hpp"
#include "data/batches.hpp"
#include "nn/regression.hpp"
#include "report/saved_model.hpp"
#include "schemes/infer_parity_options.hpp"
#include "schemes/serving.hpp"
#include "schemes/training.hpp"
#include <algorithm>
#include <limits>
#include <numeric>

namespace ssim::schemes {
namespace {

data::Indices all_samples(Eigen::Index count) {
  data::Indices ids(static_cast<std::size_t>(count));
  std::iota(ids.begin(), ids.end(), Eigen::Index{0});
  return ids;
}

// Column g: the sum of columns ids[g k .. g k + k - 1] of `values`, for every whole group of k.
nn::Matrix group_sums(const nn::Matrix& values, const data::Indices& ids, int group) {
  const auto groups = static_cast<Eigen::Index>(ids.size()) / group;
  nn::Matrix sums = nn::Matrix::Zero(values.rows(), groups);
  for (Eigen::Index g = 0; g < groups; ++g)
    for (int member = 0; member < group; ++member) sums.col(g) += values.col(ids[std::size_t(g * group + member)]);
  return sums;
}

// Additions of group_sums over `groups` groups of `rows` values.
double group_sum_flops(Eigen::Index rows, Eigen::Index groups, int group) {
  return static_cast<double>(rows) * static_cast<double>(groups) * (group - 1);
}

}  // namespace

nn::NetworkSpec parity_network_spec(const scenario::Scenario& scenario) {
  return scenario.model.network(splitmix64(scenario.seed ^ 0x9a217e));
}

nlohmann::json parity_architecture(const scenario::Scenario& scenario, int group) {
  nlohmann::json architecture = report::architecture(scenario.model);
  architecture["group"] = group;
  return architecture;
}

nn::ParityCode parity_code(const scenario::Scenario& scenario) {
  const int group = scenario.scheme.options_as<InferParityOptions>().group;
  return {.group = group, .share = scenario.serving->batch / group};
}

ParityTraining train_parity_model(nn::Network& parity, const nn::Network& model, const data::Dataset& train,
                                  const data::Dataset& test, const scenario::Scenario& scenario, int group,
                                  double frontend_speed, double start_s) {
  auto optimizer = make_optimizer(scenario, parity.parameter_count());
  const nn::Matrix logits = model.outputs(train.features);
  const data::Indices test_ids = all_samples(test.size());
  const nn::Matrix test_inputs = group_sums(test.features, test_ids, group);
  const nn::Matrix test_targets = group_sums(model.outputs(test.features), test_ids, group);
  const data::Indices samples = all_samples(train.size());
  ParityTraining training;
  double time_s = start_s + model.infer_flops(train.size()) / frontend_speed;
  long step = 0;
  for (int epoch = 1; epoch <= scenario.scheme.epochs; ++epoch) {
    double loss_sum = 0;
    long steps = 0;
    for (const auto& batch :
         data::epoch_batches(samples, Eigen::Index{group} * scenario.scheme.batch_size, parity.spec().seed, epoch, 0)) {
      const nn::Matrix inputs = group_sums(train.features, batch, group);
      if (inputs.cols() == 0) continue;  // the last N mod k samples of the epoch's order
      const nn::Matrix targets = group_sums(logits, batch, group);
      time_s += (group_sum_flops(inputs.rows() + targets.rows(), inputs.cols(), group) +
                 nn::regression_step_flops(parity, inputs.cols()) + optimizer->step_flops(parity.parameter_count())) /
                frontend_speed;
      const float loss = nn::regression_gradients(parity, inputs, targets);
      check_finite_loss(loss, epoch, ++step);
      loss_sum += loss;
      ++steps;
      optimizer->step(parity.parameters(), parity.gradients());
    }
    // The evaluation is the observer's, as EpochLog's: it takes no time.
    const double test_mse = test_inputs.cols() > 0 ? nn::mean_squared_error(parity.outputs(test_inputs), test_targets)
                                                   : std::numeric_limits<double>::quiet_NaN();
    training.epochs.push_back(
        {.epoch = epoch, .time_s = time_s, .train_mse = steps ? loss_sum / double(steps) : 0.0, .test_mse = test_mse});
  }
  training.time_s = time_s - start_s;
  return training;
}

ServedParityModels served_parity_models(const RunInputs& in, double frontend_speed) {
  const auto& scenario = in.scenario;
  const int group = scenario.scheme.options_as<InferParityOptions>().group;
  ServedModel served = served_model(in, frontend_speed);
  ServedParityModels models{std::move(served.network), nn::Network(parity_network_spec(scenario)),
                            std::move(served.training), {}};
  if (!models.training) {  // read: the parity model was saved beside the model
    // Copied into the network's own buffer, which its layers are bound to (a moved-in vector
    // would replace that buffer).
    const nn::Vector saved =
        report::read_saved_model(scenario.serving->model, parity_architecture(scenario, group), kParityModelName);
    models.parity.parameters() = saved;
    return models;
  }
  models.parity_training = train_parity_model(models.parity, models.model, in.train, in.test, scenario, group,
                                              frontend_speed, models.training->simulated_time_s);
  models.training->simulated_time_s += models.parity_training.time_s;
  return models;
}

double degraded_accuracy(const nn::Network& model, const nn::Network& parity, const nn::ParityCode& code,
                         const data::Dataset& test) {
  const nn::Matrix outputs = model.outputs(test.features);
  const nn::Vector zero_output = model.outputs(nn::Matrix::Zero(test.feature_count(), 1)).col(0);
  const Eigen::Index batch = code.group * code.share;
  auto count_at = [&](Eigen::Index first) { return std::min(batch, test.size() - first); };
  // Every request's parity inputs side by side, so the parity model runs once.
  Eigen::Index parity_columns = 0;
  for (Eigen::Index first = 0; first < test.size(); first += batch) parity_columns += code.parity_columns(count_at(first));
  nn::Matrix parity_inputs(test.feature_count(), parity_columns);
  for (Eigen::Index first = 0, column = 0; first < test.size(); first += batch) {
    const Eigen::Index count = count_at(first);
    parity_inputs.middleCols(column, code.parity_columns(count)) =
        nn::encode_parity(code, test.features.middleCols(first, count));
    column += code.parity_columns(count);
  }
  const nn::Matrix parity_outputs = parity.outputs(parity_inputs);
  Eigen::Index correct = 0;
  for (Eigen::Index first = 0, column = 0; first < test.size(); first += batch) {
    const Eigen::Index count = count_at(first), columns = code.parity_columns(count);
    const nn::Matrix rebuilt = nn::reconstruct(code, parity_outputs.middleCols(column, columns),
                                               outputs.middleCols(first, count), 0, count, zero_output);
    column += columns;
    for (Eigen::Index c = 0; c < count; ++c) {
      Eigen::Index predicted = 0;
      rebuilt.col(c).maxCoeff(&predicted);
      correct += predicted == test.labels(first + c);
    }
  }
  return static_cast<double>(correct) / static_cast<double>(test.size());
}

}  // namespace ssim::schemes
