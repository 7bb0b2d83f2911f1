#include "schemes/coded_model.hpp"
#include "common/splitmix.hpp"
#include "data/batches.hpp"
#include "nn/lagrange.hpp"
#include "report/saved_model.hpp"
#include "schemes/epoch_log.hpp"
#include "schemes/training.hpp"
#include <numeric>

namespace ssim::schemes {

nn::CodedSpec coded_spec(const scenario::Scenario& scenario) {
  nn::CodedSpec spec = *scenario.model.coded;
  spec.seed = splitmix64(scenario.seed ^ 0xc0de);  // apart from the other schemes' model seeds
  return spec;
}

nn::Matrix sample_groups(const nn::Matrix& features, const data::Indices& ids, const nn::CodedSpec& spec) {
  const int inputs = spec.inputs;
  const auto groups = static_cast<Eigen::Index>(ids.size()) / inputs;
  std::vector<nn::Matrix> images(static_cast<std::size_t>(inputs), nn::Matrix(features.rows(), groups));
  for (Eigen::Index g = 0; g < groups; ++g)
    for (int k = 0; k < inputs; ++k)
      images[std::size_t(k)].col(g) = features.col(ids[static_cast<std::size_t>(g * inputs + k)]);
  return nn::join_group(images, spec.image);
}

namespace {

data::Indices all_samples(Eigen::Index count) {
  data::Indices ids(static_cast<std::size_t>(count));
  std::iota(ids.begin(), ids.end(), Eigen::Index{0});
  return ids;
}

// The labels of the groups' queries, query k of group b at b * K + k.
nn::Labels group_labels(const nn::Labels& labels, const data::Indices& ids, int inputs) {
  const auto queries = static_cast<Eigen::Index>(ids.size()) / inputs * inputs;
  nn::Labels out(queries);
  for (Eigen::Index q = 0; q < queries; ++q) out(q) = labels(ids[static_cast<std::size_t>(q)]);
  return out;
}

// The test set in chunks of this many groups: a convolutional encoder's activations on the whole
// set at once would take tens of gigabytes (run/memory_estimate.cpp counts on this size).
constexpr Eigen::Index kGroupsPerChunk = 100;

// Calls `chunk` with the sample ids of consecutive chunks of whole groups, in order.
template <class Chunk>
void for_each_chunk(Eigen::Index samples, int inputs, Chunk&& chunk) {
  const Eigen::Index usable = samples / inputs * inputs, step = kGroupsPerChunk * inputs;
  for (Eigen::Index first = 0; first < usable; first += step) {
    data::Indices ids(static_cast<std::size_t>(std::min(step, usable - first)));
    std::iota(ids.begin(), ids.end(), first);
    chunk(ids);
  }
}

nn::Network::Evaluation evaluate(const nn::CodedNetwork& network, const data::Dataset& test) {
  const int inputs = network.spec().inputs;
  double loss = 0, correct = 0, queries = 0;
  for_each_chunk(test.size(), inputs, [&](const data::Indices& ids) {
    const auto n = static_cast<double>(ids.size());
    const nn::Network::Evaluation part =
        network.evaluate(sample_groups(test.features, ids, network.spec()), group_labels(test.labels, ids, inputs));
    loss += part.loss * n;
    correct += part.accuracy * n;
    queries += n;
  });
  return {static_cast<float>(loss / queries), correct / queries};
}

}  // namespace

ServedCodedModel served_coded_model(const RunInputs& in, double frontend_speed) {
  const auto& scenario = in.scenario;
  ServedCodedModel served{nn::CodedNetwork(coded_spec(scenario)), std::nullopt};
  nn::CodedNetwork& network = served.network;
  if (!scenario.serving->model.empty()) {
    network.set_flat_parameters(report::read_saved_model(scenario.serving->model, report::architecture(scenario.model)));
    return served;
  }
  const int inputs = network.spec().inputs;
  auto optimizers = network.make_optimizers(optimizer_spec(scenario));
  const double step_flops_per_optimizer = network.optimizer_step_flops(optimizers);
  const data::Indices shard = all_samples(in.train.size());
  const Eigen::Index batch_samples = Eigen::Index{scenario.scheme.batch_size} * inputs;
  EpochLog log(in.test);
  double time_s = 0;  // training's own clock: serving starts at 0
  long steps = 0;
  nn::Network::Evaluation last{};
  for (int epoch = 1; epoch <= scenario.scheme.epochs; ++epoch) {
    // Each image once per epoch: the shuffled samples cut into groups, batch_size groups a batch.
    for (const data::Indices& batch : data::epoch_batches(shard, batch_samples, scenario.seed, epoch - 1, 0)) {
      const auto groups = static_cast<Eigen::Index>(batch.size()) / inputs;
      if (groups == 0) continue;  // a last batch of fewer than K samples
      time_s += (network.train_step_flops(groups) + step_flops_per_optimizer) / frontend_speed;
      const float loss = network.compute_gradients(sample_groups(in.train.features, batch, network.spec()),
                                                   group_labels(in.train.labels, batch, inputs));
      check_finite_loss(loss, epoch, ++steps);
      log.add_loss(epoch, loss);
      network.step(optimizers);
    }
    last = evaluate(network, in.test);
    log.end_epoch(epoch, last, time_s);
  }
  served.training = log.record(last, network.flat_parameters(), steps, true, time_s);
  return served;
}

CodedAccuracy coded_accuracy(const nn::CodedNetwork& network, const data::Dataset& test, int workers) {
  const int inputs = network.spec().inputs, r = network.spec().recovery_threshold();
  const std::vector<double> alphas = nn::worker_alphas(workers);
  double first = 0, last = 0, direct = 0;
  long queries = 0;
  for_each_chunk(test.size(), inputs, [&](const data::Indices& ids) {
    const nn::Matrix groups = sample_groups(test.features, ids, network.spec());
    const nn::Labels labels = group_labels(test.labels, ids, inputs);
    const nn::CodedNetwork::Coefficients coefficients = network.coefficients(groups);
    // Correct answers decoded from the answers of workers [from, from + R).
    auto decoded_correct = [&](int from) {
      std::vector<double> used(alphas.begin() + from, alphas.begin() + from + r);
      std::vector<nn::Matrix> outputs;
      for (double alpha : used)
        outputs.push_back(network.worker_output(network.coded_input(coefficients.encoder, alpha), coefficients.data));
      return nn::accuracy_of(network.decode(used, outputs), labels) * double(labels.size());
    };
    first += decoded_correct(0);
    last += decoded_correct(workers - r);
    direct += nn::accuracy_of(network.direct_outputs(groups), labels) * double(labels.size());
    queries += static_cast<long>(labels.size());
  });
  const auto n = static_cast<double>(queries);
  return {.first_answers = first / n, .last_answers = last / n, .direct = direct / n, .queries = queries};
}

}  // namespace ssim::schemes
