// What seed 002's coded network (nn/coded_network.hpp) is made of, as plain data: scenarios fill
// it in (scenario/read_coded_model.cpp) and CodedNetwork builds itself from it. Free of Eigen, as
// nn/spec.hpp is.
#pragma once
#include "nn/spec.hpp"
#include <cstdint>
#include <vector>

namespace ssim::nn {

struct CodedSpec {
  enum class Net { mlp, conv };
  enum class Computation { basic, data };
  Shape image;                     // one query's sample
  int inputs = 2;                  // K: queries coded together
  int classes = 10;                // V
  // Gamma_g, and Lambda_p for `data`: seed 002's Table 1. mlp: dense K*s (ReLU) then dense s, s the
  // image size. conv: seven 3x3 convolutions, dilations 1 1 2 4 8 1 1, padded to keep the size,
  // `channels` filters each but the last (image channels), ReLU between. Both take the K images as
  // K times the image's channels and give one image.
  Net encoder = Net::conv;
  int encoder_degree = 1;          // G
  Computation computation = Computation::basic;
  // basic: mlp = the base MLP, conv = the seven convolutions (1 image in, 1 out) then the base MLP,
  // all without activations. data: the architecture of every Lambda_p; Omega is the base MLP.
  Net computation_net = Net::mlp;
  int computation_degree = 1;      // P (data only; basic ignores it: its H has degree 1)
  int channels = 40;               // filters of every hidden convolution
  std::vector<int> hidden{200, 100};  // the base MLP: image -> hidden... -> classes
  std::uint64_t seed = 0;          // network i of the whole draws from splitmix64(seed + i)

  int degree() const {  // of D: G (basic) or G * P (data)
    return computation == Computation::basic ? encoder_degree : encoder_degree * computation_degree;
  }
  int recovery_threshold() const { return degree() + 1; }  // R
};

}  // namespace ssim::nn
