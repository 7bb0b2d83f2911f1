// Seed 002's learned coded computation (AICC) as one trainable whole. K queries (a group) are
// encoded into the coefficients C_g = Gamma_g(X_1..X_K), g = 0..G, of E(alpha) = sum_g C_g alpha^g;
// the worker at alpha computes H(E(alpha)); the frontend interpolates D = H o E from R of those
// (nn/lagrange.hpp) and reads query k's logits at beta_k = k / K.
// H is `basic` (H_B: a network without activations on the coded input alone, so D has degree G)
// or `data` (H_S: Omega(sum_p V_p . E(alpha)^p), V_p = Lambda_p(X) elementwise, Omega the base MLP
// without activations: degree G * P). Either way D is exactly a polynomial of degree R - 1, so
// decoding from any R worker outputs gives D(beta_k), which training therefore evaluates directly.
#pragma once
#include "nn/coded_spec.hpp"
#include "nn/network.hpp"
#include "nn/optimizer.hpp"
#include <cstdint>
#include <memory>
#include <vector>

namespace ssim::nn {

// K images per group joined as the input of Gamma_g and Lambda_p: images[k] is one image of shape
// `image` per column (image size x B); the result has K * size rows, with image k's channels
// following image k - 1's at every pixel (the K images as channels), one group per column. Throws
// std::invalid_argument for no images or images of another size or batch.
Matrix join_group(const std::vector<Matrix>& images, Shape image);

// The architectures the whole is made of, seed 0: Gamma_g and Lambda_p (the K images as K times
// the image's channels in, one image out; their loss is never used, they train by backward_range
// from the gradient of their output) for `net`, and H_B or Omega with the loss of the whole.
NetworkSpec coefficient_spec(const CodedSpec& spec, CodedSpec::Net net);
NetworkSpec computation_spec(const CodedSpec& spec);

class CodedNetwork {
 public:
  // Weights start He in layers followed by a ReLU, Xavier in linear ones (H_B can be a linear stack
  // ten layers deep, which must neither blow up nor fade); biases zero. Throws
  // std::invalid_argument when the spec cannot be built.
  explicit CodedNetwork(const CodedSpec& spec);

  const CodedSpec& spec() const { return spec_; }
  std::vector<double> betas() const;             // beta_k = k / K, k = 1..K
  int encoder_networks() const { return int(encoders_.size()); }  // G + 1
  int data_networks() const { return int(data_.size()); }         // P + 1 (data), 0 (basic)
  const Network& encoder(int g) const;
  const Network& data(int p) const;
  const Network& computation() const { return computation_; }     // H_B, or Omega
  Eigen::Index parameter_count() const;

  // Every parameter in one vector (encoders in order, data networks in order, the computation), and back.
  Vector flat_parameters() const;
  void set_flat_parameters(const Vector& values);  // throws std::invalid_argument on a size mismatch

  // Inference, one step at a time as the hosts do it, for B groups (columns of `groups`, from join_group).
  // C_g (g = 0..G) and, for data, V_p (p = 0..P): image size x B each.
  struct Coefficients {
    std::vector<Matrix> encoder, data;
  };
  Coefficients coefficients(const Matrix& groups) const;  // Gamma_g(X), Lambda_p(X)
  Matrix coded_input(const std::vector<Matrix>& encoder, double alpha) const;  // E(alpha), by Horner
  // H(coded): classes x B logits. `data` is V_0..V_P for a data computation, ignored for basic.
  Matrix worker_output(const Matrix& coded, const std::vector<Matrix>& data) const;
  // D(beta_k) from the outputs at R distinct `alphas` (R = recovery_threshold(), else
  // std::invalid_argument), interpolated in double: classes x (K * B), column b * K + k is query k
  // of group b.
  Matrix decode(const std::vector<double>& alphas, const std::vector<Matrix>& outputs) const;
  // D(beta_k) = H(E(beta_k)) computed directly, in the same layout: what any R outputs decode to.
  Matrix direct_outputs(const Matrix& groups) const;
  Network::Evaluation evaluate(const Matrix& groups, const Labels& labels) const;  // of direct_outputs; labels as its columns

  // Training: the cross-entropy of softmax(D(beta_k)) against labels (K * B, label b * K + k for query
  // k of group b), mean over the K * B queries; backward through the computation, the polynomial
  // and every Gamma_g and Lambda_p. Fills every network's gradients(); returns the mean loss.
  float compute_gradients(const Matrix& groups, const Labels& labels);
  // One optimizer per network, in flat_parameters() order, and a step of all of them.
  std::vector<std::unique_ptr<Optimizer>> make_optimizers(const OptimizerSpec& spec) const;
  void step(std::vector<std::unique_ptr<Optimizer>>& optimizers);
  double optimizer_step_flops(const std::vector<std::unique_ptr<Optimizer>>& optimizers) const;

  // Flops for B groups (nn/flops.hpp conventions): a training step (forward and backward of every
  // network at the K betas, the polynomial arithmetic, the loss); every Gamma_g; every Lambda_p;
  // one E(alpha) by Horner (2 G per value); one worker's H including the elementwise polynomial
  // (by Horner too: 2 P per value for data); decoding K queries from R outputs (2 R per logit).
  // The training step's polynomial arithmetic, per value of the K queries' stack (s x K*B): E at
  // the betas 2 G; for data, sum_p V_p . X~^p 2 P, the powers X~^2..X~^P P - 1 and
  // dX~ = dZ . sum_p p V_p X~^(p-1) 3 P - 1 (Horner). Per value of a coefficient (s x B), sums over
  // the K queries: every dC_g 2 K; for data, dV_0 K and every dV_p (p >= 1) 2 K.
  double train_step_flops(Eigen::Index groups) const;
  double encoder_flops(Eigen::Index groups) const;
  double data_flops(Eigen::Index groups) const;
  double coded_input_flops(Eigen::Index groups) const;
  double worker_flops(Eigen::Index groups) const;
  double decode_flops(Eigen::Index groups) const;

 private:
  // Every network in flat_parameters() order.
  std::vector<Network*> networks();
  std::vector<const Network*> networks() const;
  // Throws std::invalid_argument unless `groups` holds the joined K images (from join_group).
  void check_groups(const Matrix& groups, const char* caller) const;
  // dL/dV_p into every Lambda_p, and dL/dX~ into coded_gradient_, from dL/dZ in polynomial_gradient_.
  void backward_through_polynomial(const Matrix& groups, const std::vector<const Matrix*>& data);

  CodedSpec spec_;
  std::vector<Network> encoders_, data_;
  Network computation_;
  // Training scratch (K*B columns: X~, sum_p V_p . X~^p, their gradients, X~^p; B columns: dC_g,
  // dV_p), kept between batches of the same size so that a step allocates little.
  Matrix coded_, polynomial_, coded_gradient_, polynomial_gradient_, power_;
  Matrix coefficient_gradient_;
};

}  // namespace ssim::nn
