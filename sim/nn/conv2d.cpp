#include "nn/conv2d.hpp"

#include "nn/cpu_independence.hpp"
#include "nn/init.hpp"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace ssim::nn {
namespace {

// How many kernel taps along one dimension land inside the input, summed over the output positions.
double taps_inside(int input, int output, int kernel, int stride, int dilation, Padding1d pad) {
  double taps = 0;
  for (int o = 0; o < output; ++o)
    for (int k = 0; k < kernel; ++k) {
      const int i = o * stride - pad.before + k * dilation;
      taps += i >= 0 && i < input;
    }
  return taps;
}

}  // namespace

Conv2d::Conv2d(Shape input, const Conv2dSpec& spec, Init weight_init, Init bias_init)
    : input_(input),
      output_(conv_output(spec, input)),
      spec_(spec),
      pad_h_(conv_padding(spec.padding, spec.pad_height, input.height, spec.kernel_height, spec.stride_height,
                          spec.dilation_height)),
      pad_w_(conv_padding(spec.padding, spec.pad_width, input.width, spec.kernel_width, spec.stride_width,
                          spec.dilation_width)),
      in_bounds_taps_(taps_inside(input.height, output_.height, spec.kernel_height, spec.stride_height,
                                  spec.dilation_height, pad_h_) *
                      taps_inside(input.width, output_.width, spec.kernel_width, spec.stride_width,
                                  spec.dilation_width, pad_w_)),
      weight_init_(weight_init),
      bias_init_(bias_init),
      weights_(nullptr, spec.filters, Eigen::Index(spec.kernel_height) * spec.kernel_width * input.channels),
      bias_(nullptr, spec.filters),
      weight_gradient_(nullptr, weights_.rows(), weights_.cols()),
      bias_gradient_(nullptr, spec.filters) {
  pin_cpu_dependent_settings();
}

Eigen::Index Conv2d::parameter_count() const { return weights_.size() + bias_.size(); }

void Conv2d::bind(float* parameters, float* gradients) {
  const Eigen::Index rows = weights_.rows(), cols = weights_.cols();
  // Placement new is how Eigen re-points a Map at other storage.
  new (&weights_) Eigen::Map<Matrix>(parameters, rows, cols);
  new (&bias_) Eigen::Map<Vector>(parameters + rows * cols, rows);
  new (&weight_gradient_) Eigen::Map<Matrix>(gradients, rows, cols);
  new (&bias_gradient_) Eigen::Map<Vector>(gradients + rows * cols, rows);
}

void Conv2d::initialise(std::mt19937_64& random) {
  const double area = double(spec_.kernel_height) * spec_.kernel_width;
  const double fan_in = area * input_.channels, fan_out = area * spec_.filters;
  Eigen::Map<Vector> weights(weights_.data(), weights_.size());
  nn::initialise(weight_init_, weights, fan_in, fan_out, random);
  nn::initialise(bias_init_, bias_, fan_in, fan_out, random);
}

void Conv2d::unfold(const Matrix& input, Matrix& unfolded) const {
  const Eigen::Index channels = input_.channels, taps = kernel_size();
  const Eigen::Index positions = Eigen::Index(output_.height) * output_.width;
  unfolded.resize(taps, positions * input.cols());
  for (Eigen::Index sample = 0; sample < input.cols(); ++sample) {
    const float* image = input.col(sample).data();
    float* column = unfolded.data() + sample * positions * taps;
    for (int oy = 0; oy < output_.height; ++oy)
      for (int ox = 0; ox < output_.width; ++ox, column += taps) {
        float* tap = column;
        for (int ky = 0; ky < spec_.kernel_height; ++ky) {
          const int iy = oy * spec_.stride_height - pad_h_.before + ky * spec_.dilation_height;
          for (int kx = 0; kx < spec_.kernel_width; ++kx, tap += channels) {
            const int ix = ox * spec_.stride_width - pad_w_.before + kx * spec_.dilation_width;
            if (iy < 0 || iy >= input_.height || ix < 0 || ix >= input_.width)
              std::fill(tap, tap + channels, 0.0f);
            else
              std::copy_n(image + (Eigen::Index(iy) * input_.width + ix) * channels, channels, tap);
          }
        }
      }
  }
}

void Conv2d::fold(const Matrix& unfolded_gradient, Matrix& input_gradient) const {
  const Eigen::Index channels = input_.channels, taps = kernel_size();
  const Eigen::Index positions = Eigen::Index(output_.height) * output_.width;
  const Eigen::Index batch = unfolded_gradient.cols() / positions;
  input_gradient.setZero(input_.size(), batch);
  for (Eigen::Index sample = 0; sample < batch; ++sample) {
    float* image = input_gradient.col(sample).data();
    const float* column = unfolded_gradient.data() + sample * positions * taps;
    for (int oy = 0; oy < output_.height; ++oy)
      for (int ox = 0; ox < output_.width; ++ox, column += taps) {
        const float* tap = column;
        for (int ky = 0; ky < spec_.kernel_height; ++ky) {
          const int iy = oy * spec_.stride_height - pad_h_.before + ky * spec_.dilation_height;
          for (int kx = 0; kx < spec_.kernel_width; ++kx, tap += channels) {
            const int ix = ox * spec_.stride_width - pad_w_.before + kx * spec_.dilation_width;
            if (iy < 0 || iy >= input_.height || ix < 0 || ix >= input_.width) continue;
            float* target = image + (Eigen::Index(iy) * input_.width + ix) * channels;
            for (Eigen::Index c = 0; c < channels; ++c) target[c] += tap[c];
          }
        }
      }
  }
}

void Conv2d::convolve(const Matrix& unfolded, Matrix& output) const {
  const Eigen::Index positions = Eigen::Index(output_.height) * output_.width;
  output.resize(output_.size(), unfolded.cols() / positions);
  Eigen::Map<Matrix> result(output.data(), weights_.rows(), unfolded.cols());
  result.noalias() = weights_ * unfolded;
  result.colwise() += bias_;
}

void Conv2d::forward(const Matrix& input, Matrix& output) {
  unfold(input, unfolded_);
  convolve(unfolded_, output);
}

void Conv2d::infer(const Matrix& input, Matrix& output) const {
  Matrix unfolded;
  unfold(input, unfolded);
  convolve(unfolded, output);
}

void Conv2d::backward(const Matrix& /*input*/, const Matrix& /*output*/, const Matrix& output_gradient,
                      Matrix* input_gradient) {
  if (unfolded_.cols() != output_gradient.cols() * output_.height * output_.width)
    throw std::invalid_argument("Conv2d::backward: no training pass over a batch of this size");
  const Eigen::Map<const Matrix> gradient(output_gradient.data(), weights_.rows(), unfolded_.cols());
  weight_gradient_.noalias() = gradient * unfolded_.transpose();
  bias_gradient_.noalias() = gradient.rowwise().sum();
  if (!input_gradient) return;
  unfolded_gradient_.noalias() = weights_.transpose() * gradient;
  fold(unfolded_gradient_, *input_gradient);
}

// Conventions of nn/flops.hpp. N = output positions x batch, K = kernel taps x input channels:
// forward 2*K*filters*N (the GEMM, padding zeros included) + filters*N (bias); backward
// 2*K*filters*N (weight gradient) + filters*N (bias gradient), and for the input gradient
// 2*K*filters*N (dP) + one add per tap that lands inside the input (folding dP back).
double Conv2d::forward_flops(Eigen::Index batch) const {
  const double n = double(output_.height) * output_.width * double(batch), filters = spec_.filters;
  return 2.0 * double(kernel_size()) * filters * n + filters * n;
}

double Conv2d::backward_flops(Eigen::Index batch, bool input_gradient) const {
  const double n = double(output_.height) * output_.width * double(batch), filters = spec_.filters;
  const double parameters = 2.0 * double(kernel_size()) * filters * n + filters * n;
  if (!input_gradient) return parameters;
  return parameters + 2.0 * double(kernel_size()) * filters * n + in_bounds_taps_ * input_.channels * double(batch);
}

}  // namespace ssim::nn
