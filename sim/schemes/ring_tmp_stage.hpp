// One RingTMP node's share of the network: consecutive layers, trained by the node's own optimizer
// over their slice of the parameters. Until a batch's error comes back, the node keeps the input
// and the activations of its forward pass, in a replica of the network of the batch's own (in a
// shared one the next batch's forward pass would overwrite them). Back-propagation uses the node's
// current weights: with several batches in flight they are newer than those of the forward pass,
// stale as in seed 004; with one, the arithmetic is exactly that of Network::compute_gradients.
#pragma once
#include "nn/network.hpp"
#include "nn/optimizer.hpp"
#include <map>
#include <memory>
#include <vector>

namespace ssim::schemes {

using nn::LayerRange;

// The network layers of the nodes, from how many of the spec's layers each holds (master first):
// stages split at spec-layer boundaries, a layer and its activation never apart.
std::vector<LayerRange> layer_ranges(const nn::Network& network, const std::vector<int>& placement);
// Forward + backward flops of each spec layer and its activation, for a batch of `samples`.
std::vector<double> spec_layer_flops(const nn::Network& network, Eigen::Index samples);
// Per node: the values per sample it sends forward, its last layer's output size.
std::vector<long> cut_widths(const nn::Network& network, const std::vector<LayerRange>& ranges);

class Stage {
 public:
  Stage(const nn::Network& initial, LayerRange layers, std::unique_ptr<nn::Optimizer> optimizer);

  // The batch's output of these layers.
  nn::Matrix forward(long batch, nn::Matrix input);
  // From the error of the batch's output: updates the layers and returns the error of their input
  // (empty when the input is the data, which needs none).
  nn::Matrix backward(long batch, const nn::Matrix& output_error);

  double forward_flops(Eigen::Index samples) const;
  double backward_flops(Eigen::Index samples) const;  // the update included
  // Writes this stage's weights into their slice of the whole network's parameters.
  void copy_weights_to(nn::Vector& parameters) const;

 private:
  struct InFlight {
    nn::Matrix input;
    nn::Network replica;  // holds the activations of the batch's forward pass
  };
  nn::Network take_replica();
  void load_weights(nn::Network& replica) const;

  LayerRange layers_;
  Eigen::Index offset_;
  nn::Vector weights_;
  std::unique_ptr<nn::Optimizer> optimizer_;
  nn::Network prototype_;
  std::vector<nn::Network> spare_replicas_;
  std::map<long, InFlight> in_flight_;
};

}  // namespace ssim::schemes
