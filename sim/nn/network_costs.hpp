// A network's parameter count and training flops from its spec alone: its layers are built
// (nn/build_layers.hpp) but no parameters are allocated or drawn, so a scheme can charge the work
// of a model it never holds (timing mode, scenario `compute: timing`). Network counts with the same
// layers, so both give the same numbers.
#pragma once
#include "nn/build_layers.hpp"

namespace ssim::nn {

class NetworkCosts {
 public:
  explicit NetworkCosts(const NetworkSpec& spec);
  NetworkCosts(NetworkCosts&&) noexcept;
  NetworkCosts& operator=(NetworkCosts&&) noexcept;
  ~NetworkCosts();

  Eigen::Index parameter_count() const { return parameters_; }
  // As Network::forward_flops, backward_flops and train_step_flops.
  double forward_flops(Eigen::Index batch) const;
  double backward_flops(Eigen::Index batch) const;
  double train_step_flops(Eigen::Index batch) const { return forward_flops(batch) + backward_flops(batch); }

 private:
  BuiltLayers built_;
  Loss loss_;
  Eigen::Index parameters_ = 0;
};

}  // namespace ssim::nn
