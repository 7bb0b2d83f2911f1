#include "nn/coded_network.hpp"

#include "common/splitmix.hpp"
#include "nn/lagrange.hpp"
#include "nn/loss.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace ssim::nn {

namespace {

using QueryColumns = Eigen::Map<Matrix, 0, Eigen::OuterStride<>>;
using ConstQueryColumns = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;

// Query k's columns (b * K + k, b = 0..B-1) of a matrix holding K queries per group.
QueryColumns query_columns(Matrix& stacked, int k, int queries) {
  return {stacked.data() + Eigen::Index(k) * stacked.rows(), stacked.rows(), stacked.cols() / queries,
          Eigen::OuterStride<>(Eigen::Index(queries) * stacked.rows())};
}

ConstQueryColumns query_columns(const Matrix& stacked, int k, int queries) {
  return {stacked.data() + Eigen::Index(k) * stacked.rows(), stacked.rows(), stacked.cols() / queries,
          Eigen::OuterStride<>(Eigen::Index(queries) * stacked.rows())};
}

// Initialisers that keep the scale of signals through the layer: He before a ReLU, Xavier for a
// linear layer (the linear stacks of H_B are ten layers deep).
LayerSpec with_init(LayerSpec layer) {
  layer.weight_init = {layer.activation == Activation::relu ? Init::Kind::he : Init::Kind::xavier};
  return layer;
}

LayerSpec dense(int units, Activation activation) { return with_init(layer_spec(DenseSpec{units}, activation)); }

// Seed 002's seven 3x3 convolutions, dilations 1 1 2 4 8 1 1, each padded by its dilation to keep
// the size: `hidden` filters each but the last, which gives `out_channels`.
std::vector<LayerSpec> dilated_convolutions(int hidden, int out_channels, Activation between) {
  const int dilations[] = {1, 1, 2, 4, 8, 1, 1};
  std::vector<LayerSpec> layers;
  for (std::size_t i = 0; i < std::size(dilations); ++i) {
    const bool last = i + 1 == std::size(dilations);
    Conv2dSpec conv;
    conv.filters = last ? out_channels : hidden;
    conv.kernel_height = conv.kernel_width = 3;
    conv.padding = Conv2dSpec::Padding::explicit_;
    conv.pad_height = conv.pad_width = conv.dilation_height = conv.dilation_width = dilations[i];
    layers.push_back(with_init(layer_spec(conv, last ? Activation::linear : between)));
  }
  return layers;
}

// The base MLP without activations: image -> hidden... -> classes.
std::vector<LayerSpec> base_mlp(const CodedSpec& spec) {
  std::vector<LayerSpec> layers;
  for (int units : spec.hidden) layers.push_back(dense(units, Activation::linear));
  layers.push_back(dense(spec.classes, Activation::linear));
  return layers;
}

}  // namespace

NetworkSpec coefficient_spec(const CodedSpec& spec, CodedSpec::Net net) {
  NetworkSpec network;
  const Shape image = spec.image;
  network.input = {spec.inputs * image.channels, image.height, image.width};
  if (net == CodedSpec::Net::mlp)
    network.layers = {dense(int(network.input.size()), Activation::relu), dense(int(image.size()), Activation::linear)};
  else
    network.layers = dilated_convolutions(spec.channels, image.channels, Activation::relu);
  return network;
}

NetworkSpec computation_spec(const CodedSpec& spec) {
  NetworkSpec network;
  network.input = spec.image;
  if (spec.computation == CodedSpec::Computation::basic && spec.computation_net == CodedSpec::Net::conv)
    network.layers = dilated_convolutions(spec.channels, spec.image.channels, Activation::linear);
  for (const LayerSpec& layer : base_mlp(spec)) network.layers.push_back(layer);
  network.loss = Loss::cross_entropy;
  return network;
}

namespace {

const CodedSpec& checked(const CodedSpec& spec) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("CodedNetwork: " + what); };
  const Shape image = spec.image;
  if (image.channels < 1 || image.height < 1 || image.width < 1)
    fail("image shape {" + std::to_string(image.channels) + ", " + std::to_string(image.height) + ", " +
         std::to_string(image.width) + "} has an empty dimension");
  if (spec.inputs < 1) fail("inputs (K) must be at least 1, got " + std::to_string(spec.inputs));
  if (spec.classes < 1) fail("classes must be at least 1, got " + std::to_string(spec.classes));
  if (spec.encoder_degree < 1) fail("encoder_degree (G) must be at least 1, got " + std::to_string(spec.encoder_degree));
  if (spec.computation == CodedSpec::Computation::data && spec.computation_degree < 1)
    fail("computation_degree (P) must be at least 1, got " + std::to_string(spec.computation_degree));
  if (spec.channels < 1) fail("channels must be at least 1, got " + std::to_string(spec.channels));
  for (std::size_t i = 0; i < spec.hidden.size(); ++i)
    if (spec.hidden[i] < 1) fail("hidden layer " + std::to_string(i) + " has " + std::to_string(spec.hidden[i]) + " units");
  return spec;
}

// Networks [first, first + count) of the whole, network i seeded from splitmix64(seed + i).
std::vector<Network> make_networks(const NetworkSpec& architecture, std::uint64_t seed, int first, int count) {
  std::vector<Network> networks;
  networks.reserve(std::size_t(count));
  for (int i = 0; i < count; ++i) {
    NetworkSpec spec = architecture;
    spec.seed = splitmix64(seed + std::uint64_t(first + i));
    networks.emplace_back(spec);
  }
  return networks;
}

Network make_computation(const CodedSpec& spec, int index) {
  NetworkSpec network = computation_spec(spec);
  network.seed = splitmix64(spec.seed + std::uint64_t(index));
  return Network(network);
}

// Query k's columns of `stacked` = sum_g beta_k^g C_g, by Horner. The C_g have one column per group.
void at_betas(const std::vector<const Matrix*>& coefficients, const std::vector<double>& betas, Matrix& stacked) {
  const int queries = int(betas.size());
  const Matrix& top = *coefficients.back();
  stacked.resize(top.rows(), top.cols() * queries);
  for (int k = 0; k < queries; ++k) {
    QueryColumns coded = query_columns(stacked, k, queries);
    const float beta = float(betas[std::size_t(k)]);
    coded = top;
    for (std::size_t g = coefficients.size() - 1; g-- > 0;) coded.array() = coded.array() * beta + coefficients[g]->array();
  }
}

// sum_p V_p . X^p, by Horner, where X holds `queries` queries per group (column b * queries + k)
// and every V_p one column per group.
void elementwise_polynomial(const std::vector<const Matrix*>& data, const Matrix& coded, int queries, Matrix& result) {
  result.resize(coded.rows(), coded.cols());
  for (int k = 0; k < queries; ++k) {
    QueryColumns value = query_columns(result, k, queries);
    const ConstQueryColumns x = query_columns(coded, k, queries);
    value = *data.back();
    for (std::size_t p = data.size() - 1; p-- > 0;) value.array() = value.array() * x.array() + data[p]->array();
  }
}

std::vector<const Matrix*> pointers(const std::vector<Matrix>& matrices) {
  std::vector<const Matrix*> result;
  for (const Matrix& matrix : matrices) result.push_back(&matrix);
  return result;
}

}  // namespace

Matrix join_group(const std::vector<Matrix>& images, Shape image) {
  if (images.empty()) throw std::invalid_argument("join_group: no images");
  const Eigen::Index batch = images.front().cols();
  for (std::size_t k = 0; k < images.size(); ++k)
    if (images[k].rows() != image.size() || images[k].cols() != batch)
      throw std::invalid_argument("join_group: image " + std::to_string(k) + " is " + std::to_string(images[k].rows()) +
                                  " x " + std::to_string(images[k].cols()) + ", expected " +
                                  std::to_string(image.size()) + " x " + std::to_string(batch));
  const Eigen::Index channels = image.channels, pixels = Eigen::Index(image.height) * image.width;
  const auto queries = Eigen::Index(images.size());
  // Seen as (channels) x (pixels * B), image k is the block of rows k * channels.. of the result
  // seen as (K * channels) x (pixels * B).
  Matrix joined(queries * image.size(), batch);
  Eigen::Map<Matrix> joined_channels(joined.data(), queries * channels, pixels * batch);
  for (Eigen::Index k = 0; k < queries; ++k)
    joined_channels.middleRows(k * channels, channels) =
        Eigen::Map<const Matrix>(images[std::size_t(k)].data(), channels, pixels * batch);
  return joined;
}

CodedNetwork::CodedNetwork(const CodedSpec& spec)
    : spec_(checked(spec)),
      encoders_(make_networks(coefficient_spec(spec, spec.encoder), spec.seed, 0, spec.encoder_degree + 1)),
      data_(spec.computation == CodedSpec::Computation::data
                ? make_networks(coefficient_spec(spec, spec.computation_net), spec.seed, spec.encoder_degree + 1,
                                spec.computation_degree + 1)
                : std::vector<Network>{}),
      computation_(make_computation(spec, spec.encoder_degree + 1 + int(data_.size()))) {}

std::vector<double> CodedNetwork::betas() const {
  std::vector<double> betas;
  for (int k = 1; k <= spec_.inputs; ++k) betas.push_back(double(k) / double(spec_.inputs));
  return betas;
}

const Network& CodedNetwork::encoder(int g) const {
  if (g < 0 || g >= encoder_networks()) throw std::out_of_range("CodedNetwork: no encoder network " + std::to_string(g));
  return encoders_[std::size_t(g)];
}

const Network& CodedNetwork::data(int p) const {
  if (p < 0 || p >= data_networks()) throw std::out_of_range("CodedNetwork: no data network " + std::to_string(p));
  return data_[std::size_t(p)];
}

std::vector<Network*> CodedNetwork::networks() {
  std::vector<Network*> all;
  for (Network& network : encoders_) all.push_back(&network);
  for (Network& network : data_) all.push_back(&network);
  all.push_back(&computation_);
  return all;
}

std::vector<const Network*> CodedNetwork::networks() const {
  std::vector<const Network*> all;
  for (const Network& network : encoders_) all.push_back(&network);
  for (const Network& network : data_) all.push_back(&network);
  all.push_back(&computation_);
  return all;
}

Eigen::Index CodedNetwork::parameter_count() const {
  Eigen::Index count = 0;
  for (const Network* network : networks()) count += network->parameter_count();
  return count;
}

Vector CodedNetwork::flat_parameters() const {
  Vector values(parameter_count());
  Eigen::Index offset = 0;
  for (const Network* network : networks()) {
    values.segment(offset, network->parameter_count()) = network->parameters();
    offset += network->parameter_count();
  }
  return values;
}

void CodedNetwork::set_flat_parameters(const Vector& values) {
  if (values.size() != parameter_count())
    throw std::invalid_argument("CodedNetwork::set_flat_parameters: got " + std::to_string(values.size()) +
                                " values, the network has " + std::to_string(parameter_count()) + " parameters");
  Eigen::Index offset = 0;
  for (Network* network : networks()) {
    network->parameters() = values.segment(offset, network->parameter_count());
    offset += network->parameter_count();
  }
}

void CodedNetwork::check_groups(const Matrix& groups, const char* caller) const {
  const Eigen::Index rows = Eigen::Index(spec_.inputs) * spec_.image.size();
  if (groups.rows() != rows || groups.cols() == 0)
    throw std::invalid_argument(std::string("CodedNetwork::") + caller + ": groups are " +
                                std::to_string(groups.rows()) + " x " + std::to_string(groups.cols()) + ", expected " +
                                std::to_string(rows) + " rows (K joined images) and at least one group");
}

CodedNetwork::Coefficients CodedNetwork::coefficients(const Matrix& groups) const {
  check_groups(groups, "coefficients");
  Coefficients coefficients;
  for (const Network& network : encoders_) coefficients.encoder.push_back(network.outputs(groups));
  for (const Network& network : data_) coefficients.data.push_back(network.outputs(groups));
  return coefficients;
}

Matrix CodedNetwork::coded_input(const std::vector<Matrix>& encoder, double alpha) const {
  if (int(encoder.size()) != encoder_networks())
    throw std::invalid_argument("CodedNetwork::coded_input: got " + std::to_string(encoder.size()) +
                                " coefficients, E has " + std::to_string(encoder_networks()));
  Matrix coded;
  at_betas(pointers(encoder), {alpha}, coded);
  return coded;
}

Matrix CodedNetwork::worker_output(const Matrix& coded, const std::vector<Matrix>& data) const {
  if (coded.rows() != spec_.image.size())
    throw std::invalid_argument("CodedNetwork::worker_output: coded input has " + std::to_string(coded.rows()) +
                                " rows, an image has " + std::to_string(spec_.image.size()));
  if (spec_.computation == CodedSpec::Computation::basic) return computation_.outputs(coded);
  if (int(data.size()) != data_networks())
    throw std::invalid_argument("CodedNetwork::worker_output: got " + std::to_string(data.size()) +
                                " data coefficients, H has " + std::to_string(data_networks()));
  for (const Matrix& value : data)
    if (value.rows() != coded.rows() || value.cols() != coded.cols())
      throw std::invalid_argument("CodedNetwork::worker_output: a data coefficient does not match the coded input");
  Matrix polynomial;
  elementwise_polynomial(pointers(data), coded, 1, polynomial);
  return computation_.outputs(polynomial);
}

Matrix CodedNetwork::decode(const std::vector<double>& alphas, const std::vector<Matrix>& outputs) const {
  const int threshold = spec_.recovery_threshold();
  if (int(alphas.size()) != threshold || int(outputs.size()) != threshold)
    throw std::invalid_argument("CodedNetwork::decode: needs R = " + std::to_string(threshold) + " points, got " +
                                std::to_string(alphas.size()) + " alphas and " + std::to_string(outputs.size()) +
                                " outputs");
  const Eigen::Index batch = outputs.front().cols();
  for (const Matrix& output : outputs)
    if (output.rows() != spec_.classes || output.cols() != batch)
      throw std::invalid_argument("CodedNetwork::decode: outputs must all be classes x B");
  const Eigen::MatrixXd weights = lagrange_weights(alphas, betas());
  std::vector<Eigen::MatrixXd> values;
  for (const Matrix& output : outputs) values.push_back(output.cast<double>());
  Matrix decoded(spec_.classes, batch * spec_.inputs);
  Eigen::MatrixXd sum(spec_.classes, batch);
  for (int k = 0; k < spec_.inputs; ++k) {
    sum = weights(k, 0) * values.front();
    for (int n = 1; n < threshold; ++n) sum += weights(k, n) * values[std::size_t(n)];
    query_columns(decoded, k, spec_.inputs) = sum.cast<float>();
  }
  return decoded;
}

Matrix CodedNetwork::direct_outputs(const Matrix& groups) const {
  const Coefficients coefficients = this->coefficients(groups);
  Matrix coded;
  at_betas(pointers(coefficients.encoder), betas(), coded);
  if (spec_.computation == CodedSpec::Computation::basic) return computation_.outputs(coded);
  Matrix polynomial;
  elementwise_polynomial(pointers(coefficients.data), coded, spec_.inputs, polynomial);
  return computation_.outputs(polynomial);
}

Network::Evaluation CodedNetwork::evaluate(const Matrix& groups, const Labels& labels) const {
  const Matrix logits = direct_outputs(groups);
  if (labels.size() != logits.cols())
    throw std::invalid_argument("CodedNetwork::evaluate: " + std::to_string(logits.cols()) + " queries but " +
                                std::to_string(labels.size()) + " labels");
  return {OutputLoss(Loss::cross_entropy).value(logits, labels), accuracy_of(logits, labels)};
}

float CodedNetwork::compute_gradients(const Matrix& groups, const Labels& labels) {
  check_groups(groups, "compute_gradients");
  if (labels.size() != groups.cols() * spec_.inputs)
    throw std::invalid_argument("CodedNetwork::compute_gradients: " + std::to_string(groups.cols()) + " groups of " +
                                std::to_string(spec_.inputs) + " queries but " + std::to_string(labels.size()) +
                                " labels");
  const std::vector<double> betas = this->betas();
  const int encoder_layers = encoders_.front().layer_count();
  std::vector<const Matrix*> coefficients;
  for (Network& network : encoders_) coefficients.push_back(&network.forward_range(0, encoder_layers, groups));
  at_betas(coefficients, betas, coded_);
  float loss;
  if (spec_.computation == CodedSpec::Computation::basic) {
    loss = computation_.compute_gradients(coded_, labels, coded_gradient_);
  } else {
    const int data_layers = data_.front().layer_count();
    std::vector<const Matrix*> data;
    for (Network& network : data_) data.push_back(&network.forward_range(0, data_layers, groups));
    elementwise_polynomial(data, coded_, spec_.inputs, polynomial_);
    loss = computation_.compute_gradients(polynomial_, labels, polynomial_gradient_);
    backward_through_polynomial(groups, data);
  }
  // dC_g = sum_k beta_k^g dX~_k.
  for (int g = 0; g < encoder_networks(); ++g) {
    for (int k = 0; k < spec_.inputs; ++k) {
      const float weight = float(std::pow(betas[std::size_t(k)], g));
      const ConstQueryColumns coded_gradient = query_columns(std::as_const(coded_gradient_), k, spec_.inputs);
      if (k == 0)
        coefficient_gradient_ = weight * coded_gradient;
      else
        coefficient_gradient_ += weight * coded_gradient;
    }
    encoders_[std::size_t(g)].backward_range(0, encoder_layers, groups, coefficient_gradient_);
  }
  return loss;
}

void CodedNetwork::backward_through_polynomial(const Matrix& groups, const std::vector<const Matrix*>& data) {
  const int queries = spec_.inputs, degree = spec_.computation_degree;
  const int data_layers = data_.front().layer_count();
  const Matrix& dz = polynomial_gradient_;
  // dV_p = sum_k dZ_k . X~_k^p; the gradient goes into Lambda_p before the next one is formed.
  for (int p = 0; p <= degree; ++p) {
    if (p == 2) power_ = coded_.cwiseProduct(coded_);
    if (p > 2) power_.array() *= coded_.array();
    const Matrix& power = p == 1 ? coded_ : power_;
    for (int k = 0; k < queries; ++k) {
      const ConstQueryColumns gradient = query_columns(dz, k, queries);
      if (p == 0) {
        if (k == 0)
          coefficient_gradient_ = gradient;
        else
          coefficient_gradient_ += gradient;
      } else {
        const ConstQueryColumns x = query_columns(power, k, queries);
        if (k == 0)
          coefficient_gradient_ = gradient.cwiseProduct(x);
        else
          coefficient_gradient_ += gradient.cwiseProduct(x);
      }
    }
    data_[std::size_t(p)].backward_range(0, data_layers, groups, coefficient_gradient_);
  }
  // dX~_k = dZ_k . sum_{p >= 1} p V_p X~_k^(p - 1), the derivative by Horner.
  coded_gradient_.resize(coded_.rows(), coded_.cols());
  for (int k = 0; k < queries; ++k) {
    QueryColumns gradient = query_columns(coded_gradient_, k, queries);
    const ConstQueryColumns x = query_columns(std::as_const(coded_), k, queries);
    gradient = float(degree) * *data.back();
    for (int p = degree - 1; p >= 1; --p)
      gradient.array() = gradient.array() * x.array() + float(p) * data[std::size_t(p)]->array();
    gradient.array() *= query_columns(dz, k, queries).array();
  }
}

std::vector<std::unique_ptr<Optimizer>> CodedNetwork::make_optimizers(const OptimizerSpec& spec) const {
  std::vector<std::unique_ptr<Optimizer>> optimizers;
  for (const Network* network : networks()) optimizers.push_back(make_optimizer(spec, network->parameter_count()));
  return optimizers;
}

void CodedNetwork::step(std::vector<std::unique_ptr<Optimizer>>& optimizers) {
  const std::vector<Network*> all = networks();
  if (optimizers.size() != all.size())
    throw std::invalid_argument("CodedNetwork::step: needs " + std::to_string(all.size()) +
                                " optimizers (one per network), got " + std::to_string(optimizers.size()));
  for (std::size_t i = 0; i < all.size(); ++i) optimizers[i]->step(all[i]->parameters(), all[i]->gradients());
}

double CodedNetwork::optimizer_step_flops(const std::vector<std::unique_ptr<Optimizer>>& optimizers) const {
  const std::vector<const Network*> all = networks();
  if (optimizers.size() != all.size())
    throw std::invalid_argument("CodedNetwork::optimizer_step_flops: needs " + std::to_string(all.size()) +
                                " optimizers (one per network), got " + std::to_string(optimizers.size()));
  double flops = 0.0;
  for (std::size_t i = 0; i < all.size(); ++i) flops += optimizers[i]->step_flops(all[i]->parameter_count());
  return flops;
}

double CodedNetwork::train_step_flops(Eigen::Index groups) const {
  const double size = double(spec_.image.size()), queries = double(spec_.inputs);
  const double stacked = size * queries * double(groups), grouped = size * double(groups);
  const double G = spec_.encoder_degree;
  auto forward_and_backward = [groups](const Network& network) {
    return network.forward_flops(groups, 0, network.layer_count()) +
           network.backward_flops(groups, 0, network.layer_count());
  };
  const Eigen::Index query_batch = Eigen::Index(spec_.inputs) * groups;
  double flops = computation_.forward_flops(query_batch) + computation_.backward_flops_with_input_gradient(query_batch);
  for (const Network& network : encoders_) flops += forward_and_backward(network);
  flops += 2 * G * stacked + (G + 1) * 2 * queries * grouped;  // E at the betas; dC_g
  if (spec_.computation == CodedSpec::Computation::data) {
    const double P = spec_.computation_degree;
    for (const Network& network : data_) flops += forward_and_backward(network);
    flops += 2 * P * stacked;                                     // sum_p V_p . X~^p
    flops += queries * grouped + P * 2 * queries * grouped;       // dV_0, dV_p
    flops += (P - 1) * stacked + (3 * P - 1) * stacked;           // X~^p, dX~
  }
  return flops;
}

double CodedNetwork::encoder_flops(Eigen::Index groups) const {
  double flops = 0.0;
  for (const Network& network : encoders_) flops += network.infer_flops(groups);
  return flops;
}

double CodedNetwork::data_flops(Eigen::Index groups) const {
  double flops = 0.0;
  for (const Network& network : data_) flops += network.infer_flops(groups);
  return flops;
}

double CodedNetwork::coded_input_flops(Eigen::Index groups) const {
  return 2.0 * spec_.encoder_degree * double(spec_.image.size()) * double(groups);
}

double CodedNetwork::worker_flops(Eigen::Index groups) const {
  double flops = computation_.infer_flops(groups);
  if (spec_.computation == CodedSpec::Computation::data)
    flops += 2.0 * spec_.computation_degree * double(spec_.image.size()) * double(groups);
  return flops;
}

double CodedNetwork::decode_flops(Eigen::Index groups) const {
  return 2.0 * spec_.recovery_threshold() * double(spec_.classes) * double(spec_.inputs) * double(groups);
}

}  // namespace ssim::nn
