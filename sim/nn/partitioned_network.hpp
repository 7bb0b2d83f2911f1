// The joint network of partitioned inference: q node networks of one architecture (separate
// weights) each see one part of a sample and produce m outputs; their outputs, concatenated in node
// order (node 0's m rows first), are the input of a decoder network whose output goes to the loss.
// Training is joint: the loss gradient flows back through the decoder into every node.
#pragma once
#include "nn/network.hpp"
#include "nn/optimizer.hpp"

#include <memory>
#include <vector>

namespace ssim::nn {

class PartitionedNetwork {
 public:
  // `node` is every node's spec: its input is one part's shape, its last layer gives the m outputs,
  // its loss is ignored. Node i draws its parameters from seed splitmix64(node.seed + i), so the
  // nodes start different. `decoder` takes the parts*m concatenated outputs (input shape
  // {parts*m, 1, 1}); its loss is the loss of the whole. Throws std::invalid_argument when the
  // shapes do not chain.
  PartitionedNetwork(const NetworkSpec& node, int parts, const NetworkSpec& decoder);

  int parts() const { return int(nodes_.size()); }
  Eigen::Index node_outputs() const { return node_outputs_; }
  Network& node(int i);
  const Network& node(int i) const;
  Network& decoder() { return decoder_; }
  const Network& decoder() const { return decoder_; }
  Eigen::Index parameter_count() const;  // every node and the decoder

  // Every parameter in one vector, the nodes in order then the decoder (for saving), and back.
  Vector flat_parameters() const;
  void set_flat_parameters(const Vector& values);  // throws std::invalid_argument on a size mismatch

  // Forward of every node on its part (parts[i]: part size x B), of the decoder on their
  // concatenation, the loss; backward into the decoder and every node. Fills node(i).gradients()
  // and decoder().gradients(); returns the mean loss.
  float compute_gradients(const std::vector<Matrix>& parts, const Labels& labels);

  // One optimizer per network (the nodes in order, then the decoder), and a step of all of them
  // from the latest gradients.
  std::vector<std::unique_ptr<Optimizer>> make_optimizers(const OptimizerSpec& spec) const;
  void step(std::vector<std::unique_ptr<Optimizer>>& optimizers);

  // Evaluation passes, which leave the training state alone: node i's raw outputs on its part
  // (m x B, not softmaxed), and the decoder's raw outputs (classes x B) on a parts*m x B
  // concatenation of node outputs.
  Matrix node_output(int i, const Matrix& part) const;
  Matrix decoder_outputs(const Matrix& concatenated) const;

  // Flops per batch (nn/flops.hpp): a training step (forward and backward of every node and of the
  // decoder, the loss and the decoder's input gradient included; the optimizers' steps are not),
  // one node's inference pass, the decoder's inference pass.
  double train_step_flops(Eigen::Index batch) const;
  double node_infer_flops(Eigen::Index batch) const;
  double decoder_infer_flops(Eigen::Index batch) const;

 private:
  std::size_t node_index(int i) const;  // throws std::out_of_range for no such node

  std::vector<Network> nodes_;
  Network decoder_;
  Eigen::Index node_outputs_;
  // Kept between batches of the same size, so training allocates nothing.
  Matrix concatenated_, decoder_input_gradient_, node_output_gradient_;
};

}  // namespace ssim::nn
