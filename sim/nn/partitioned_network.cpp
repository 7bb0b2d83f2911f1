#include "nn/partitioned_network.hpp"

#include "common/splitmix.hpp"

#include <stdexcept>
#include <string>

namespace ssim::nn {

namespace {

std::vector<Network> make_nodes(const NetworkSpec& node, int parts) {
  if (parts < 1)
    throw std::invalid_argument("PartitionedNetwork: needs at least one part, got " + std::to_string(parts));
  std::vector<Network> nodes;
  nodes.reserve(std::size_t(parts));
  for (int i = 0; i < parts; ++i) {
    NetworkSpec spec = node;
    spec.seed = splitmix64(node.seed + std::uint64_t(i));
    nodes.emplace_back(spec);
  }
  return nodes;
}

std::string to_string(Shape shape) {
  return "{" + std::to_string(shape.channels) + ", " + std::to_string(shape.height) + ", " +
         std::to_string(shape.width) + "}";
}

}  // namespace

PartitionedNetwork::PartitionedNetwork(const NetworkSpec& node, int parts, const NetworkSpec& decoder)
    : nodes_(make_nodes(node, parts)), decoder_(decoder), node_outputs_(nodes_.front().output_size()) {
  const Shape expected{int(Eigen::Index(parts) * node_outputs_), 1, 1};
  if (decoder_.input_shape() != expected)
    throw std::invalid_argument("PartitionedNetwork: the decoder's input shape is " +
                                to_string(decoder_.input_shape()) + ", expected " + to_string(expected) + " (" +
                                std::to_string(parts) + " parts x " + std::to_string(node_outputs_) +
                                " node outputs)");
}

std::size_t PartitionedNetwork::node_index(int i) const {
  if (i < 0 || i >= parts()) throw std::out_of_range("PartitionedNetwork: no node " + std::to_string(i));
  return std::size_t(i);
}

Network& PartitionedNetwork::node(int i) { return nodes_[node_index(i)]; }

const Network& PartitionedNetwork::node(int i) const { return nodes_[node_index(i)]; }

Eigen::Index PartitionedNetwork::parameter_count() const {
  Eigen::Index count = decoder_.parameter_count();
  for (const Network& node : nodes_) count += node.parameter_count();
  return count;
}

Vector PartitionedNetwork::flat_parameters() const {
  Vector values(parameter_count());
  Eigen::Index offset = 0;
  for (const Network& node : nodes_) {
    values.segment(offset, node.parameter_count()) = node.parameters();
    offset += node.parameter_count();
  }
  values.tail(decoder_.parameter_count()) = decoder_.parameters();
  return values;
}

void PartitionedNetwork::set_flat_parameters(const Vector& values) {
  if (values.size() != parameter_count())
    throw std::invalid_argument("PartitionedNetwork::set_flat_parameters: got " + std::to_string(values.size()) +
                                " values, the network has " + std::to_string(parameter_count()) + " parameters");
  Eigen::Index offset = 0;
  for (Network& node : nodes_) {
    node.parameters() = values.segment(offset, node.parameter_count());
    offset += node.parameter_count();
  }
  decoder_.parameters() = values.tail(decoder_.parameter_count());
}

float PartitionedNetwork::compute_gradients(const std::vector<Matrix>& parts, const Labels& labels) {
  if (parts.size() != nodes_.size())
    throw std::invalid_argument("PartitionedNetwork::compute_gradients: got " + std::to_string(parts.size()) +
                                " parts, the network has " + std::to_string(nodes_.size()) + " nodes");
  const Eigen::Index batch = parts.front().cols();
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (parts[i].cols() != batch)
      throw std::invalid_argument("PartitionedNetwork::compute_gradients: part " + std::to_string(i) + " has " +
                                  std::to_string(parts[i].cols()) + " samples, part 0 has " + std::to_string(batch));
  const int node_layers = nodes_.front().layer_count();
  concatenated_.resize(Eigen::Index(nodes_.size()) * node_outputs_, batch);
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    concatenated_.middleRows(Eigen::Index(i) * node_outputs_, node_outputs_) =
        nodes_[i].forward_range(0, node_layers, parts[i]);
  const float loss = decoder_.compute_gradients(concatenated_, labels, decoder_input_gradient_);
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    node_output_gradient_ = decoder_input_gradient_.middleRows(Eigen::Index(i) * node_outputs_, node_outputs_);
    nodes_[i].backward_range(0, node_layers, parts[i], node_output_gradient_);
  }
  return loss;
}

std::vector<std::unique_ptr<Optimizer>> PartitionedNetwork::make_optimizers(const OptimizerSpec& spec) const {
  std::vector<std::unique_ptr<Optimizer>> optimizers;
  for (const Network& node : nodes_) optimizers.push_back(make_optimizer(spec, node.parameter_count()));
  optimizers.push_back(make_optimizer(spec, decoder_.parameter_count()));
  return optimizers;
}

void PartitionedNetwork::step(std::vector<std::unique_ptr<Optimizer>>& optimizers) {
  if (optimizers.size() != nodes_.size() + 1)
    throw std::invalid_argument("PartitionedNetwork::step: needs " + std::to_string(nodes_.size() + 1) +
                                " optimizers (one per node, then the decoder's), got " +
                                std::to_string(optimizers.size()));
  for (std::size_t i = 0; i < nodes_.size(); ++i) optimizers[i]->step(nodes_[i].parameters(), nodes_[i].gradients());
  optimizers.back()->step(decoder_.parameters(), decoder_.gradients());
}

Matrix PartitionedNetwork::node_output(int i, const Matrix& part) const { return node(i).outputs(part); }

Matrix PartitionedNetwork::decoder_outputs(const Matrix& concatenated) const { return decoder_.outputs(concatenated); }

double PartitionedNetwork::train_step_flops(Eigen::Index batch) const {
  const Network& node = nodes_.front();
  const int layers = node.layer_count();
  const double node_flops = node.forward_flops(batch, 0, layers) + node.backward_flops(batch, 0, layers);
  return double(nodes_.size()) * node_flops + decoder_.forward_flops(batch) +
         decoder_.backward_flops_with_input_gradient(batch);
}

double PartitionedNetwork::node_infer_flops(Eigen::Index batch) const { return nodes_.front().infer_flops(batch); }

double PartitionedNetwork::decoder_infer_flops(Eigen::Index batch) const { return decoder_.infer_flops(batch); }

}  // namespace ssim::nn
