#include "nn/conv2d.hpp"

#include "nn/cpu_independence.hpp"

#include <algorithm>
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
      params_(spec.filters, Eigen::Index(spec.kernel_height) * spec.kernel_width * input.channels, weight_init,
              bias_init) {
  pin_cpu_dependent_settings();
}

Eigen::Index Conv2d::parameter_count() const { return params_.size(); }

void Conv2d::bind(float* parameters, float* gradients) { params_.bind(parameters, gradients); }

void Conv2d::initialise(std::mt19937_64& random) {
  const double area = double(spec_.kernel_height) * spec_.kernel_width;
  params_.initialise(area * input_.channels, area * spec_.filters, random);
}

Eigen::Index Conv2d::samples_per_chunk() const {
  const Eigen::Index bytes = kernel_size() * output_.height * output_.width * Eigen::Index(sizeof(float));
  return std::max<Eigen::Index>(1, kPinnedL2Bytes / bytes);
}

// Unfolding and folding walk the taps of one kernel row at a time: with dilation 1 the taps of a
// row that land inside the input are one contiguous run of the input (channels fastest), copied or
// added with a single loop rather than one call per tap.
template <class Visit>
void Conv2d::for_each_kernel_row(Eigen::Index first, Eigen::Index count, Visit visit) const {
  const Eigen::Index channels = input_.channels, taps = kernel_size();
  const Eigen::Index row_values = Eigen::Index(spec_.kernel_width) * channels;
  Eigen::Index column = 0;  // in the chunk
  for (Eigen::Index sample = first; sample < first + count; ++sample)
    for (int oy = 0; oy < output_.height; ++oy)
      for (int ox = 0; ox < output_.width; ++ox, ++column) {
        const int first_ix = ox * spec_.stride_width - pad_w_.before;
        int kx_begin = 0, kx_end = spec_.kernel_width;
        while (kx_begin < kx_end && first_ix + kx_begin * spec_.dilation_width < 0) ++kx_begin;
        while (kx_end > kx_begin && first_ix + (kx_end - 1) * spec_.dilation_width >= input_.width) --kx_end;
        for (int ky = 0; ky < spec_.kernel_height; ++ky) {
          const int iy = oy * spec_.stride_height - pad_h_.before + ky * spec_.dilation_height;
          const Eigen::Index tap_offset = column * taps + ky * row_values;
          if (iy < 0 || iy >= input_.height) {
            visit(sample, tap_offset, Eigen::Index(0), 0, 0);
            continue;
          }
          const int ix_begin = first_ix + kx_begin * spec_.dilation_width;
          visit(sample, tap_offset, (Eigen::Index(iy) * input_.width + ix_begin) * channels, kx_begin, kx_end);
        }
      }
}

void Conv2d::unfold(const Matrix& input, Eigen::Index first, Eigen::Index count, float* unfolded) const {
  const Eigen::Index channels = input_.channels, row_values = Eigen::Index(spec_.kernel_width) * channels;
  const Eigen::Index step = Eigen::Index(spec_.dilation_width) * channels;
  const bool contiguous = spec_.dilation_width == 1;
  for_each_kernel_row(first, count, [&](Eigen::Index sample, Eigen::Index tap_offset, Eigen::Index input_offset,
                                        int kx_begin, int kx_end) {
    float* row = unfolded + tap_offset;
    const float* image = input.col(sample).data() + input_offset;
    for (Eigen::Index i = 0; i < kx_begin * channels; ++i) row[i] = 0.0f;
    float* inside = row + kx_begin * channels;
    if (contiguous) {
      for (Eigen::Index i = 0; i < (kx_end - kx_begin) * channels; ++i) inside[i] = image[i];
    } else {
      for (int kx = 0; kx < kx_end - kx_begin; ++kx)
        for (Eigen::Index c = 0; c < channels; ++c) inside[kx * channels + c] = image[kx * step + c];
    }
    for (Eigen::Index i = kx_end * channels; i < row_values; ++i) row[i] = 0.0f;
  });
}

void Conv2d::fold(const float* unfolded_gradient, Eigen::Index first, Eigen::Index count,
                  Matrix& input_gradient) const {
  const Eigen::Index channels = input_.channels, step = Eigen::Index(spec_.dilation_width) * channels;
  const bool contiguous = spec_.dilation_width == 1;
  for_each_kernel_row(first, count, [&](Eigen::Index sample, Eigen::Index tap_offset, Eigen::Index input_offset,
                                        int kx_begin, int kx_end) {
    const float* inside = unfolded_gradient + tap_offset + kx_begin * channels;
    float* image = input_gradient.col(sample).data() + input_offset;
    if (contiguous) {
      for (Eigen::Index i = 0; i < (kx_end - kx_begin) * channels; ++i) image[i] += inside[i];
    } else {
      for (int kx = 0; kx < kx_end - kx_begin; ++kx)
        for (Eigen::Index c = 0; c < channels; ++c) image[kx * step + c] += inside[kx * channels + c];
    }
  });
}

// A chunk of samples at a time: each chunk's GEMM runs right after its unfolding, while that part
// of P is still in the cache, so P of the whole batch never goes to memory.
void Conv2d::convolve(const Matrix& input, Matrix& output, Matrix& unfolded, Matrix& transposed) const {
  const Eigen::Index batch = input.cols(), taps = kernel_size(), chunk = samples_per_chunk();
  const Eigen::Index positions = Eigen::Index(output_.height) * output_.width;
  output.resize(output_.size(), batch);
  unfolded.resize(taps, positions * std::min(chunk, batch));
  transposed.resize(positions * std::min(chunk, batch), params_.weights.rows());
  for (Eigen::Index first = 0; first < batch; first += chunk) {
    const Eigen::Index count = std::min(chunk, batch - first);
    unfold(input, first, count, unfolded.data());
    const Eigen::Map<const Matrix> patches(unfolded.data(), taps, positions * count);
    Eigen::Map<Matrix> result(output.data() + first * output_.size(), params_.weights.rows(), positions * count);
    // Y^T = P^T W^T: the many output positions as the product's rows fill the GEMM kernel's tiles,
    // which the few filters would not; the transposed chunk is then copied into place.
    Eigen::Map<Matrix> result_transposed(transposed.data(), positions * count, params_.weights.rows());
    result_transposed.noalias() = patches.transpose() * params_.weights.transpose();
    result = result_transposed.transpose();
    result.colwise() += params_.bias;
  }
}

void Conv2d::forward(const Matrix& input, Matrix& output) { convolve(input, output, unfolded_, output_transposed_); }

void Conv2d::infer(const Matrix& input, Matrix& output) const {
  Matrix unfolded, transposed;
  convolve(input, output, unfolded, transposed);
}

// The chunks again: each is unfolded anew from the input (cheaper than keeping P of the whole
// batch, which does not fit in the cache), then gives its share of dW and its dP, folded back at once.
void Conv2d::backward(const Matrix& input, const Matrix& /*output*/, const Matrix& output_gradient,
                      Matrix* input_gradient) {
  const Eigen::Index positions = Eigen::Index(output_.height) * output_.width, batch = output_gradient.cols();
  const Eigen::Index taps = kernel_size(), filters = params_.weights.rows(), chunk = samples_per_chunk();
  if (input.rows() != input_.size() || input.cols() != batch || output_gradient.rows() != output_.size())
    throw std::invalid_argument("Conv2d::backward: input and output gradient do not match the layer and each other");
  unfolded_.resize(taps, positions * std::min(chunk, batch));
  unfolded_gradient_.resize(taps, positions * std::min(chunk, batch));
  weight_gradient_transposed_.setZero(taps, filters);
  params_.bias_gradient.setZero();
  if (input_gradient) input_gradient->setZero(input_.size(), batch);
  for (Eigen::Index first = 0; first < batch; first += chunk) {
    const Eigen::Index count = std::min(chunk, batch - first);
    const Eigen::Map<const Matrix> gradient(output_gradient.data() + first * output_.size(), filters, positions * count);
    unfold(input, first, count, unfolded_.data());
    const Eigen::Map<const Matrix> patches(unfolded_.data(), taps, positions * count);
    // dW^T += P * dY^T: P as the product's left side is packed with contiguous reads, unlike P^T on
    // the right of dY * P^T.
    weight_gradient_transposed_.noalias() += patches * gradient.transpose();
    // Column by column: a vector add per output position, where a row-wise sum would stride.
    for (Eigen::Index column = 0; column < gradient.cols(); ++column) params_.bias_gradient += gradient.col(column);
    if (!input_gradient) continue;
    Eigen::Map<Matrix> patches_gradient(unfolded_gradient_.data(), taps, positions * count);
    patches_gradient.noalias() = params_.weights.transpose() * gradient;
    fold(patches_gradient.data(), first, count, *input_gradient);
  }
  params_.weight_gradient = weight_gradient_transposed_.transpose();
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
  const double parameters = forward_flops(batch);  // dW's GEMM and db's sums cost what Y's GEMM and + b do
  if (!input_gradient) return parameters;
  const double n = double(output_.height) * output_.width * double(batch);
  return parameters + 2.0 * double(kernel_size()) * spec_.filters * n + in_bounds_taps_ * input_.channels * double(batch);
}

}  // namespace ssim::nn
