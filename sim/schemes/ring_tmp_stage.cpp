#include "schemes/ring_tmp_stage.hpp"
#include <algorithm>
#include <stdexcept>
#include <string>

namespace ssim::schemes {

namespace {

// Dense layer d is network layer 2d; the activation after it, if any, is layer 2d + 1.
LayerRange dense_range(const nn::Network& network, int first_dense, int count) {
  return {2 * first_dense, std::min(2 * (first_dense + count), network.layer_count())};
}

}  // namespace

std::vector<LayerRange> layer_ranges(const nn::Network& network, const std::vector<int>& placement) {
  std::vector<LayerRange> ranges;
  int dense = 0;
  for (int count : placement) {
    ranges.push_back(dense_range(network, dense, count));
    dense += count;
  }
  if (dense != (network.layer_count() + 1) / 2)
    throw std::invalid_argument("layer_ranges: the placement holds " + std::to_string(dense) +
                                " dense layers, the network " + std::to_string((network.layer_count() + 1) / 2));
  return ranges;
}

std::vector<double> dense_layer_flops(const nn::Network& network, Eigen::Index samples) {
  std::vector<double> flops;
  for (int d = 0; 2 * d < network.layer_count(); ++d) {
    const auto [first, last] = dense_range(network, d, 1);
    flops.push_back(network.forward_flops(samples, first, last) + network.backward_flops(samples, first, last));
  }
  return flops;
}

Stage::Stage(const nn::Network& initial, LayerRange layers, std::unique_ptr<nn::Optimizer> optimizer)
    : layers_(layers),
      offset_(initial.parameter_offset(layers.first)),
      weights_(initial.parameters().segment(offset_, initial.parameter_offset(layers.last) - offset_)),
      optimizer_(std::move(optimizer)),
      prototype_(initial) {}

nn::Matrix Stage::forward(long batch, nn::Matrix input) {
  nn::Network replica = take_replica();
  load_weights(replica);
  nn::Matrix output = replica.forward_range(layers_.first, layers_.last, input);
  in_flight_.emplace(batch, InFlight{std::move(input), std::move(replica)});
  return output;
}

nn::Matrix Stage::backward(long batch, const nn::Matrix& output_error) {
  auto entry = in_flight_.extract(batch);
  if (entry.empty()) throw std::logic_error("Stage::backward: batch " + std::to_string(batch) + " never went forward");
  auto& [input, replica] = entry.mapped();
  load_weights(replica);
  nn::Matrix input_error = replica.backward_range(layers_.first, layers_.last, input, output_error);
  const nn::Vector gradient = replica.gradients().segment(offset_, weights_.size());
  optimizer_->step(weights_, gradient);
  spare_replicas_.push_back(std::move(replica));
  return input_error;
}

double Stage::forward_flops(Eigen::Index samples) const {
  return prototype_.forward_flops(samples, layers_.first, layers_.last);
}

double Stage::backward_flops(Eigen::Index samples) const {
  return prototype_.backward_flops(samples, layers_.first, layers_.last) + optimizer_->step_flops(weights_.size());
}

void Stage::copy_weights_to(nn::Vector& parameters) const { parameters.segment(offset_, weights_.size()) = weights_; }

nn::Network Stage::take_replica() {
  if (spare_replicas_.empty()) return prototype_;
  nn::Network replica = std::move(spare_replicas_.back());
  spare_replicas_.pop_back();
  return replica;
}

void Stage::load_weights(nn::Network& replica) const { copy_weights_to(replica.parameters()); }

}  // namespace ssim::schemes
