#include "run/memory_estimate.hpp"
#include "nn/coded_network.hpp"
#include "nn/shapes.hpp"
#include "scenario/locate.hpp"
#include "schemes/downpour_options.hpp"
#include "schemes/ring_tmp_options.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <unistd.h>

namespace ssim::run {
namespace {

constexpr double kFloat = 4;  // bytes of a value in memory (float32), labels (int) alike

// Calibrated with /usr/bin/time -v (maximum resident set size) of Release runs of a tiny ps_sync
// scenario: 36 MB with 3 hosts (the process, its libraries, a small simulation), +2.9 kB for each
// further idle host of a star (20003 and 50003 hosts: 93 and 179 MB), and about +31 kB for each
// further worker with its host (201 and 1001 hosts and workers: 43 and 69 MB): its actor's stack
// pages, context and mailboxes. Checked against whole runs: the quickstart for one epoch (Fashion-
// MNIST) peaked at 270 MB; ps_sync with 4,096 workers (one iteration of the quickstart) at 1.8 GB,
// 0.36 MB a worker: its parameters and gradients (169 kB each), which the server reads in place.
// The estimate counts a third copy, the message a replica sends, so it errs high for ps_sync.
constexpr double kProcessBytes = 36e6;
constexpr double kBytesPerHost = 3e3;
constexpr double kBytesPerActor = 30e3;

// Per sample: the values of every layer's output (input first), and of the convolutions' unfolded
// inputs (nn/conv2d.hpp).
struct SampleValues {
  double units = 0, unfolded = 0;
};

SampleValues sample_values(const nn::NetworkSpec& spec) {
  SampleValues values{double(spec.input.size()), 0};
  nn::Shape shape = spec.input;
  for (const nn::LayerSpec& layer : spec.layers) {
    const nn::Shape output = nn::output_shape(layer, shape);
    values.units += double(output.size());
    if (const auto* conv = std::get_if<nn::Conv2dSpec>(&layer.kind))
      values.unfolded += double(conv->kernel_height) * conv->kernel_width * shape.channels * output.height * output.width;
    shape = output;
  }
  return values;
}

// Values of one sample held through a forward and backward pass: each layer's output before and
// after its activation, and the gradient flowing back through it; a convolution's unfolded input
// and its gradient.
double training_values_per_sample(const nn::NetworkSpec& spec) {
  const SampleValues values = sample_values(spec);
  return 3.0 * values.units + 2.0 * values.unfolded;
}

// The same without the input, which a worker gathers from the training set for its step and frees
// after it: the other workers' steps run at other moments of the process.
double kept_training_values_per_sample(const nn::NetworkSpec& spec) {
  return training_values_per_sample(spec) - 3.0 * double(spec.input.size());
}

// Values of one sample in a forward pass over the test set: each layer's output before and after
// its activation (the input is the test set itself), and the convolutions' unfolded inputs.
double evaluation_values_per_sample(const nn::NetworkSpec& spec) {
  const SampleValues values = sample_values(spec);
  return 2.0 * (values.units - double(spec.input.size())) + values.unfolded;
}

double optimizer_copies(const scenario::Optimizer& optimizer) {
  if (optimizer.type == scenario::Optimizer::Type::adam) return 2;  // first and second moments
  return optimizer.momentum != 0 ? 1 : 0;                            // velocity
}

// Hosts holding a whole replica of the model: every worker, and the server.
double replicas(const scenario::Scheme& scheme) {
  if (scheme.name == "ring_tmp") return 1;  // the nodes hold one model between them
  return scheme.workers + (scenario::has_server(scheme) ? 1 : 0);
}

// Hosts that step an optimizer over the whole model: the server where there is one that applies
// the updates, else every worker (downpour's workers train their own passes).
double optimizers(const scenario::Scheme& scheme) {
  if (scheme.name == "ps_sync" || scheme.name == "downpour_async" || scheme.name == "ring_tmp") return 1;
  return scheme.workers;
}

// Batches being trained at once: one per worker, or the pipeline's batches in flight.
double batches_at_once(const scenario::Scheme& scheme) {
  const auto* ring_tmp = scheme.options_if<schemes::RingTmpOptions>();
  if (!ring_tmp) return scheme.workers;
  return ring_tmp->in_flight > 0 ? ring_tmp->in_flight : scheme.workers;  // 0: one per node
}

double host_count(const scenario::Scenario& s) {
  if (s.platform.topology != scenario::Platform::Topology::file) return s.platform.hosts;
  return s.scheme.workers + 1.0;  // at least; a file's hosts are only known once SimGrid has read it
}

std::string gigabytes(double bytes) { return fmt::format("{:.1f} GB", bytes / 1e9); }

double model_bytes(const scenario::Scenario& s, double test_samples);
double partitioned_model_bytes(const scenario::Scenario& s, double test_samples);
double coded_model_bytes(const scenario::Scenario& s);

}  // namespace

MemoryEstimate estimate_memory(const scenario::Scenario& s, Eigen::Index train_samples, Eigen::Index test_samples) {
  const auto& scheme = s.scheme;
  MemoryEstimate estimate;
  const double actors = scheme.workers + (scenario::has_server(scheme) ? 1 : 0);
  estimate.simulator_bytes = kProcessBytes + host_count(s) * kBytesPerHost + actors * kBytesPerActor;
  if (s.compute == scenario::Compute::timing) return estimate;  // no sample, no parameter: the simulation alone

  const double sample_bytes = (double(s.model.input.size()) + 1.0) * kFloat;  // features and label
  estimate.data_bytes = (static_cast<double>(train_samples) + static_cast<double>(test_samples)) * sample_bytes;
  const auto* downpour = scheme.options_if<schemes::DownpourOptions>();
  if (downpour && downpour->ship == schemes::DownpourOptions::Ship::data)
    estimate.data_bytes += static_cast<double>(train_samples) * sample_bytes;  // every block in flight at once

  if (s.model.coded) estimate.model_bytes = coded_model_bytes(s);
  else if (s.model.partitioned) estimate.model_bytes = partitioned_model_bytes(s, static_cast<double>(test_samples));
  else estimate.model_bytes = model_bytes(s, static_cast<double>(test_samples));
  return estimate;
}

namespace {

double model_bytes(const scenario::Scenario& s, double test_samples) {
  const auto& scheme = s.scheme;
  const nn::NetworkSpec network = s.model.network(s.seed);
  const double parameter_bytes = nn::parameter_count(network) * kFloat;
  // Each replica's parameters and gradients, and the model-sized message it sends (its gradient;
  // the parameters a server sends back are one copy that every worker shares). Each batch being
  // trained keeps its layers' values, and one input batch exists at a time. Two more copies are
  // made and freed around each update (a server's sum, the parameters it sends).
  const double batch = scheme.batch_size;
  return (replicas(scheme) * 3 + 2) * parameter_bytes + optimizers(scheme) * optimizer_copies(scheme.optimizer) * parameter_bytes +
         batches_at_once(scheme) * batch * kept_training_values_per_sample(network) * kFloat +
         batch * 3.0 * double(network.input.size()) * kFloat +
         // each epoch ends with a forward pass over the whole test set
         test_samples * evaluation_values_per_sample(network) * kFloat;
}

// One trained copy of every node and the decoder; the test set is evaluated split into parts, with
// every node's outputs on it kept at once.
double partitioned_model_bytes(const scenario::Scenario& s, double test_samples) {
  const nn::NetworkSpec node = s.model.node_network(s.seed), decoder = s.model.decoder_network(s.seed);
  const double parts = s.model.partitioned->partitioning.parts;
  const double parameter_bytes = (parts * nn::parameter_count(node) + nn::parameter_count(decoder)) * kFloat;
  const double training_values = parts * training_values_per_sample(node) + training_values_per_sample(decoder);
  const double evaluation_values = parts * (double(node.input.size()) + evaluation_values_per_sample(node)) +
                                   evaluation_values_per_sample(decoder) + double(decoder.input.size());
  return (4 + optimizer_copies(s.scheme.optimizer)) * parameter_bytes +
         s.scheme.batch_size * training_values * kFloat + test_samples * evaluation_values * kFloat;
}

// Every network of the code once; per training group every coefficient network's pass and the
// computation's at the K betas, all kept for the backward pass. The test set is evaluated in
// chunks of 100 groups (schemes/coded_model.cpp), one network at a time, keeping the coefficients
// (images) and every answer (logits).
double coded_model_bytes(const scenario::Scenario& s) {
  const nn::CodedSpec& spec = *s.model.coded;
  const double coefficients = spec.encoder_degree + 1.0 +
                              (spec.computation == nn::CodedSpec::Computation::data ? spec.computation_degree + 1.0 : 0.0);
  const nn::NetworkSpec coefficient = nn::coefficient_spec(spec, spec.encoder);
  const nn::NetworkSpec data = nn::coefficient_spec(spec, spec.computation_net);
  const nn::NetworkSpec computation = nn::computation_spec(spec);
  const double data_networks = coefficients - (spec.encoder_degree + 1.0);
  const double parameter_bytes = ((spec.encoder_degree + 1.0) * nn::parameter_count(coefficient) +
                                  data_networks * nn::parameter_count(data) + nn::parameter_count(computation)) *
                                 kFloat;
  const double per_group_training = (spec.encoder_degree + 1.0) * training_values_per_sample(coefficient) +
                                    data_networks * training_values_per_sample(data) +
                                    spec.inputs * (training_values_per_sample(computation) + 4.0 * double(spec.image.size()));
  const double per_group_evaluation =
      std::max({evaluation_values_per_sample(coefficient), evaluation_values_per_sample(data),
                spec.inputs * evaluation_values_per_sample(computation)}) +
      coefficients * double(spec.image.size()) + (spec.inputs + s.scheme.workers) * double(spec.classes);
  constexpr double kGroupsPerChunk = 100;
  return (4 + optimizer_copies(s.scheme.optimizer)) * parameter_bytes +
         s.scheme.batch_size * per_group_training * kFloat + kGroupsPerChunk * per_group_evaluation * kFloat;
}

}  // namespace

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream fields(line);
    std::string key;
    double kilobytes = 0;
    if (fields >> key >> kilobytes && key == "MemAvailable:") return kilobytes * 1024;
  }
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

void check_memory(const scenario::Scenario& s, const Datasets& datasets, double available_bytes) {
  check_memory(s, datasets.sizes(), available_bytes);
}

void check_memory(const scenario::Scenario& s, SetSizes sizes, double available_bytes) {
  const auto estimate = estimate_memory(s, sizes.train, sizes.test);
  if (estimate.total() <= available_bytes) return;
  const double largest = std::max({estimate.data_bytes, estimate.model_bytes, estimate.simulator_bytes});
  const auto culprit = largest == estimate.simulator_bytes ? scenario::field_of(s, {"platform.hosts", "platform"})
                       : largest == estimate.model_bytes
                           ? scenario::field_of(s, {"model.layers", "model"})
                           : scenario::field_of(s, {"data.train_samples", "data.path", "data.dataset"});
  culprit.fail(fmt::format("the run would need about {} of memory (data {}, models {}, simulator {} for {:.0f} hosts), "
                           "but this machine has {} available",
                           gigabytes(estimate.total()), gigabytes(estimate.data_bytes), gigabytes(estimate.model_bytes),
                           gigabytes(estimate.simulator_bytes), host_count(s), gigabytes(available_bytes)));
}

}  // namespace ssim::run
