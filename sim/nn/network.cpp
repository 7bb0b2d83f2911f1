#include "nn/network.hpp"

#include "nn/build_layers.hpp"
#include "nn/layer.hpp"
#include "nn/loss.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

namespace ssim::nn {

NetworkSpec dense_network(const std::vector<int>& sizes, Activation hidden, Loss loss, Init init, std::uint64_t seed) {
  if (sizes.size() < 2) throw std::invalid_argument("dense_network: needs an input and an output size");
  NetworkSpec spec;
  spec.input = {sizes.front(), 1, 1};
  for (std::size_t i = 1; i < sizes.size(); ++i) {
    LayerSpec layer = layer_spec(DenseSpec{sizes[i]}, i + 1 < sizes.size() ? hidden : Activation::linear);
    layer.weight_init = init;
    spec.layers.push_back(layer);
  }
  spec.loss = loss;
  spec.seed = seed;
  return spec;
}

struct Network::Impl {
  NetworkSpec spec;
  Vector parameters;
  Vector gradients;
  std::vector<std::unique_ptr<Layer>> layers;
  std::vector<LayerRange> spec_layers;  // what each spec layer became
  std::vector<Eigen::Index> offsets;    // layer_count() + 1 entries, the last one = parameter count
  // Activations of the latest forward_range and gradients of the latest backward_range, per layer;
  // they keep their size between batches of the same size, so training allocates nothing.
  std::vector<Matrix> outputs;
  std::vector<Matrix> input_gradients;
  OutputLoss loss;
  Matrix loss_gradient;
  const Matrix no_gradient;  // what backward_range returns for a range starting at layer 0

  explicit Impl(const NetworkSpec& network_spec) : spec(network_spec), loss(network_spec.loss) {
    BuiltLayers built = build_layers(spec);
    layers = std::move(built.layers);
    spec_layers = std::move(built.spec_layers);
    finish_layers();
    parameters = Vector::Zero(offsets.back());
    gradients = Vector::Zero(offsets.back());
    bind();
    std::mt19937_64 random(spec.seed);
    for (const auto& layer : layers) layer->initialise(random);
  }

  Impl(const Impl& other)
      : spec(other.spec),
        parameters(other.parameters),
        gradients(other.gradients),
        spec_layers(other.spec_layers),
        loss(other.spec.loss) {
    for (const auto& layer : other.layers) layers.push_back(layer->clone());
    finish_layers();
    bind();
  }

  void finish_layers() {
    offsets.push_back(0);
    for (const auto& layer : layers) offsets.push_back(offsets.back() + layer->parameter_count());
    outputs.resize(layers.size());
    input_gradients.resize(layers.size());
  }

  void bind() {
    for (std::size_t i = 0; i < layers.size(); ++i)
      layers[i]->bind(parameters.data() + offsets[i], gradients.data() + offsets[i]);
  }

  int layer_count() const { return int(layers.size()); }

  void check_range(int first, int last) const {
    if (first < 0 || first >= last || last > layer_count())
      throw std::out_of_range("Network: layer range [" + std::to_string(first) + ", " + std::to_string(last) +
                              ") is not within [0, " + std::to_string(layer_count()) + ")");
  }

  void check_inputs(const Matrix& inputs, int first) const {
    if (inputs.rows() != layers[first]->input_size())
      throw std::invalid_argument("Network: input has " + std::to_string(inputs.rows()) + " rows, layer " +
                                  std::to_string(first) + " takes " +
                                  std::to_string(layers[first]->input_size()));
    if (inputs.cols() == 0) throw std::invalid_argument("Network: empty batch");
  }

  // Backward over layers [first, last) from dL/d(output of layer last - 1); the gradient of layer
  // first's input goes to `input_gradient`, and is not computed when that is null.
  void backward(int first, int last, const Matrix& input, const Matrix& output_gradient, Matrix* input_gradient) {
    const Matrix* gradient = &output_gradient;
    for (int i = last - 1; i >= first; --i) {
      const auto index = std::size_t(i);
      const Matrix& layer_input = i == first ? input : outputs[index - 1];
      Matrix* layer_input_gradient = i > first ? &input_gradients[index] : input_gradient;
      layers[index]->backward(layer_input, outputs[index], *gradient, layer_input_gradient);
      gradient = layer_input_gradient;
    }
  }

  double backward_flops(Eigen::Index batch, int first, int last, bool first_input_gradient) const {
    double flops = 0.0;
    for (int i = first; i < last; ++i)
      flops += layers[std::size_t(i)]->backward_flops(batch, i > first || first_input_gradient);
    return flops;
  }

  // Output of the last layer, through local buffers and evaluation passes, so that evaluating
  // leaves the training activations alone. Runs in chunks of samples: a convolution's unfolded
  // input for a whole test set would not fit in memory.
  Matrix evaluate(const Matrix& inputs) const {
    constexpr Eigen::Index kChunk = 256;
    check_inputs(inputs, 0);
    Matrix result(layers.back()->output_size(), inputs.cols());
    Matrix current, next;
    for (Eigen::Index start = 0; start < inputs.cols(); start += kChunk) {
      const Eigen::Index count = std::min(kChunk, inputs.cols() - start);
      layers.front()->infer(inputs.middleCols(start, count), current);
      for (std::size_t i = 1; i < layers.size(); ++i) {
        layers[i]->infer(current, next);
        std::swap(current, next);
      }
      result.middleCols(start, count) = current;
    }
    return result;
  }
};

Network::Network(const NetworkSpec& spec) : impl_(std::make_unique<Impl>(spec)) {}
Network::Network(const Network& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Network::Network(Network&& other) noexcept = default;
Network& Network::operator=(Network&& other) noexcept = default;
Network::~Network() = default;

Network& Network::operator=(const Network& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}

Vector& Network::parameters() { return impl_->parameters; }
const Vector& Network::parameters() const { return impl_->parameters; }
const Vector& Network::gradients() const { return impl_->gradients; }
Vector& Network::gradients() { return impl_->gradients; }
Eigen::Index Network::parameter_count() const { return impl_->parameters.size(); }
const NetworkSpec& Network::spec() const { return impl_->spec; }

float Network::compute_gradients(const Matrix& inputs, const Labels& labels) {
  const int layers = layer_count();
  const Matrix& outputs = forward_range(0, layers, inputs);
  const float loss = impl_->loss.value_and_gradient(outputs, labels, impl_->loss_gradient);
  backward_range(0, layers, inputs, impl_->loss_gradient);
  return loss;
}

float Network::compute_gradients(const Matrix& inputs, const Labels& labels, Matrix& input_gradient) {
  const int layers = layer_count();
  const Matrix& outputs = forward_range(0, layers, inputs);
  const float loss = impl_->loss.value_and_gradient(outputs, labels, impl_->loss_gradient);
  impl_->backward(0, layers, inputs, impl_->loss_gradient, &input_gradient);
  return loss;
}

Matrix Network::outputs(const Matrix& inputs) const { return impl_->evaluate(inputs); }

Matrix Network::predict(const Matrix& inputs) const {
  Matrix predictions;
  OutputLoss(impl_->spec.loss).predictions(impl_->evaluate(inputs), predictions);
  return predictions;
}

double accuracy_of(const Matrix& outputs, const Labels& labels) {
  if (labels.size() != outputs.cols())
    throw std::invalid_argument("Network::accuracy: one label per sample (column) is needed");
  // Softmax keeps the order of the outputs, so the largest output is the predicted class.
  Eigen::Index correct = 0;
  for (Eigen::Index sample = 0; sample < outputs.cols(); ++sample) {
    Eigen::Index predicted;
    outputs.col(sample).maxCoeff(&predicted);
    correct += predicted == labels(sample);
  }
  return double(correct) / double(outputs.cols());
}

double Network::accuracy(const Matrix& inputs, const Labels& labels) const {
  return accuracy_of(impl_->evaluate(inputs), labels);
}

float Network::loss(const Matrix& inputs, const Labels& labels) const {
  return OutputLoss(impl_->spec.loss).value(impl_->evaluate(inputs), labels);
}

Network::Evaluation Network::evaluate(const Matrix& inputs, const Labels& labels) const {
  const Matrix outputs = impl_->evaluate(inputs);
  return {OutputLoss(impl_->spec.loss).value(outputs, labels), accuracy_of(outputs, labels)};
}

double Network::forward_flops(Eigen::Index batch) const {
  return forward_flops(batch, 0, layer_count()) + impl_->loss.forward_flops(output_size(), batch);
}

double Network::backward_flops(Eigen::Index batch) const {
  return impl_->loss.backward_flops(output_size(), batch) + backward_flops(batch, 0, layer_count());
}

double Network::backward_flops_with_input_gradient(Eigen::Index batch) const {
  return impl_->loss.backward_flops(output_size(), batch) + impl_->backward_flops(batch, 0, layer_count(), true);
}

double Network::infer_flops(Eigen::Index batch) const {
  double flops = 0.0;
  for (const auto& layer : impl_->layers) flops += layer->infer_flops(batch);
  return flops;
}

Eigen::Index Network::output_size() const { return impl_->layers.back()->output_size(); }

void Network::reseed_dropout(std::uint64_t stream) {
  for (int i = 0; i < layer_count(); ++i)
    impl_->layers[std::size_t(i)]->reseed(dropout_seed(impl_->spec.seed, stream, i));
}

int Network::layer_count() const { return impl_->layer_count(); }

LayerRange Network::layers_of(int spec_layer) const {
  if (spec_layer < 0 || spec_layer >= int(impl_->spec_layers.size()))
    throw std::out_of_range("Network::layers_of: no spec layer " + std::to_string(spec_layer));
  return impl_->spec_layers[std::size_t(spec_layer)];
}

const Layer& Network::layer(int index) const {
  if (index < 0 || index >= layer_count())
    throw std::out_of_range("Network::layer: no layer " + std::to_string(index));
  return *impl_->layers[std::size_t(index)];
}

Eigen::Index Network::parameter_offset(int index) const {
  if (index < 0 || index > layer_count())
    throw std::out_of_range("Network::parameter_offset: no layer " + std::to_string(index));
  return impl_->offsets[std::size_t(index)];
}

const Matrix& Network::forward_range(int first, int last, const Matrix& input) {
  Impl& impl = *impl_;
  impl.check_range(first, last);
  impl.check_inputs(input, first);
  const Matrix* layer_input = &input;
  for (int i = first; i < last; ++i) {
    impl.layers[std::size_t(i)]->forward(*layer_input, impl.outputs[std::size_t(i)]);
    layer_input = &impl.outputs[std::size_t(i)];
  }
  return *layer_input;
}

const Matrix& Network::backward_range(int first, int last, const Matrix& input, const Matrix& output_gradient) {
  Impl& impl = *impl_;
  impl.check_range(first, last);
  impl.check_inputs(input, first);
  // Activations of another batch would meet mismatched products, which Eigen does not check in Release.
  for (int i = first; i < last; ++i)
    if (impl.outputs[std::size_t(i)].cols() != input.cols())
      throw std::invalid_argument("Network::backward_range: no forward_range over layer " + std::to_string(i) +
                                  " with this batch size");
  if (output_gradient.rows() != impl.layers[std::size_t(last - 1)]->output_size() ||
      output_gradient.cols() != input.cols())
    throw std::invalid_argument("Network::backward_range: output gradient does not match the range's output");
  impl.backward(first, last, input, output_gradient, first > 0 ? &impl.input_gradients[std::size_t(first)] : nullptr);
  return first > 0 ? impl.input_gradients[std::size_t(first)] : impl.no_gradient;
}

double Network::forward_flops(Eigen::Index batch, int first, int last) const {
  impl_->check_range(first, last);
  double flops = 0.0;
  for (int i = first; i < last; ++i) flops += impl_->layers[std::size_t(i)]->forward_flops(batch);
  return flops;
}

double Network::backward_flops(Eigen::Index batch, int first, int last) const {
  impl_->check_range(first, last);
  return impl_->backward_flops(batch, first, last, first > 0);
}

}  // namespace ssim::nn
