#include "schemes/ring_tmp_stage.hpp"
#include "nn/layer.hpp"
#include <algorithm>
#include <stdexcept>
#include <string>

namespace ssim::schemes {

std::vector<LayerRange> layer_ranges(const nn::Network& network, const std::vector<int>& placement) {
  std::vector<LayerRange> ranges;
  const int spec_layers = int(network.spec().layers.size());
  int next = 0;
  for (int count : placement) {
    if (count < 1 || next + count > spec_layers) break;
    ranges.push_back({network.layers_of(next).first, network.layers_of(next + count - 1).last});
    next += count;
  }
  if (next != spec_layers || ranges.size() != placement.size())
    throw std::invalid_argument("layer_ranges: the placement must give every node at least one of the network's " +
                                std::to_string(spec_layers) + " layers, each once");
  return ranges;
}

std::vector<double> spec_layer_flops(const nn::Network& network, Eigen::Index samples) {
  std::vector<double> flops;
  for (int i = 0; i < int(network.spec().layers.size()); ++i) {
    const auto [first, last] = network.layers_of(i);
    flops.push_back(network.forward_flops(samples, first, last) + network.backward_flops(samples, first, last));
  }
  return flops;
}

std::vector<long> cut_widths(const nn::Network& network, const std::vector<LayerRange>& ranges) {
  std::vector<long> widths;
  for (const LayerRange& range : ranges) widths.push_back(long(network.layer(range.last - 1).output_size()));
  return widths;
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
  replica.reseed_dropout(std::uint64_t(batch));  // each batch its own masks, whichever replica runs it
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
