#include "nn/network_costs.hpp"
#include "nn/flops.hpp"
#include "nn/layer.hpp"

namespace ssim::nn {

NetworkCosts::NetworkCosts(const NetworkSpec& spec) : built_(build_layers(spec)), loss_(spec.loss) {
  for (const auto& layer : built_.layers) parameters_ += layer->parameter_count();
}

NetworkCosts::NetworkCosts(NetworkCosts&&) noexcept = default;
NetworkCosts& NetworkCosts::operator=(NetworkCosts&&) noexcept = default;
NetworkCosts::~NetworkCosts() = default;

// Summed in Network's order, so that the doubles agree to the last bit.
double NetworkCosts::forward_flops(Eigen::Index batch) const {
  double layers = 0.0;
  for (const auto& layer : built_.layers) layers += layer->forward_flops(batch);
  return layers + loss_forward_flops(loss_, built_.layers.back()->output_size(), batch);
}

double NetworkCosts::backward_flops(Eigen::Index batch) const {
  double layers = 0.0;
  // Nobody needs the gradient with respect to the data: the first layer skips it, as Network's does.
  for (std::size_t i = 0; i < built_.layers.size(); ++i) layers += built_.layers[i]->backward_flops(batch, i > 0);
  return loss_backward_flops(loss_, built_.layers.back()->output_size(), batch) + layers;
}

}  // namespace ssim::nn
