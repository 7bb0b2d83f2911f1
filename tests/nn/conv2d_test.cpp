#include "nn/conv2d.hpp"
#include "finite_differences.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ssim::nn {
namespace {

// The 1x3x3 input 1 2 3 / 4 5 6 / 7 8 9 (one sample) and the 2x2 kernel 1 2 / 3 4 with bias 0.5.
class ConvOnThreeByThree : public ::testing::Test {
 protected:
  Matrix input_ = (Matrix(9, 1) << 1, 2, 3, 4, 5, 6, 7, 8, 9).finished();
  // K index = (ky * kernel_width + kx) * channels + c, then the bias.
  float parameters_[5] = {1, 2, 3, 4, 0.5f};
  float gradients_[5] = {};

  Matrix run(Conv2d& conv) {
    conv.bind(parameters_, gradients_);
    Matrix output;
    conv.forward(input_, output);
    Matrix inferred;
    conv.infer(input_, inferred);
    EXPECT_EQ(inferred, output);
    return output;
  }
};

Conv2dSpec conv(int filters, int kernel_height, int kernel_width, Conv2dSpec::Padding padding = Conv2dSpec::Padding::valid) {
  Conv2dSpec spec;
  spec.filters = filters;
  spec.kernel_height = kernel_height;
  spec.kernel_width = kernel_width;
  spec.padding = padding;
  return spec;
}

TEST_F(ConvOnThreeByThree, ValidGivesTheHandComputedTwoByTwo) {
  Conv2d layer({1, 3, 3}, conv(1, 2, 2));
  ASSERT_EQ(layer.output_shape(), (Shape{1, 2, 2}));
  // 1*1 + 2*2 + 3*4 + 4*5, 1*2 + 2*3 + 3*5 + 4*6, 1*4 + 2*5 + 3*7 + 4*8, 1*5 + 2*6 + 3*8 + 4*9; + 0.5
  EXPECT_EQ(run(layer), (Matrix(4, 1) << 37.5f, 47.5f, 67.5f, 77.5f).finished());
}

TEST_F(ConvOnThreeByThree, SameWithAnEvenKernelPadsOnlyAfter) {
  Conv2d layer({1, 3, 3}, conv(1, 2, 2, Conv2dSpec::Padding::same));
  ASSERT_EQ(layer.output_shape(), (Shape{1, 3, 3}));
  // The last row and column read one zero row / column beyond the edge.
  Matrix expected(9, 1);
  expected << 37, 47, 1 * 3 + 3 * 6,  //
      67, 77, 1 * 6 + 3 * 9,          //
      1 * 7 + 2 * 8, 1 * 8 + 2 * 9, 1 * 9;
  expected.array() += 0.5f;
  EXPECT_EQ(run(layer), expected);
}

TEST_F(ConvOnThreeByThree, ExplicitPaddingWithStrideTwo) {
  Conv2dSpec spec = conv(1, 2, 2, Conv2dSpec::Padding::explicit_);
  spec.pad_height = spec.pad_width = 1;
  spec.stride_height = spec.stride_width = 2;
  Conv2d layer({1, 3, 3}, spec);
  ASSERT_EQ(layer.output_shape(), (Shape{1, 2, 2}));
  // Windows start at (-1, -1), (-1, 1), (1, -1), (1, 1).
  EXPECT_EQ(run(layer), (Matrix(4, 1) << 4 * 1 + 0.5f, 3 * 2 + 4 * 3 + 0.5f, 2 * 4 + 4 * 7 + 0.5f, 77.5f).finished());
}

TEST_F(ConvOnThreeByThree, DilationTwoReadsTheCorners) {
  Conv2dSpec spec = conv(1, 2, 2);
  spec.dilation_height = spec.dilation_width = 2;
  Conv2d layer({1, 3, 3}, spec);
  ASSERT_EQ(layer.output_shape(), (Shape{1, 1, 1}));
  EXPECT_EQ(run(layer), (Matrix(1, 1) << 1 * 1 + 2 * 3 + 3 * 7 + 4 * 9 + 0.5f).finished());
}

TEST_F(ConvOnThreeByThree, BackwardGivesHandComputedGradients) {
  Conv2d layer({1, 3, 3}, conv(1, 2, 2));
  const Matrix output = run(layer);
  Matrix input_gradient;
  const Matrix output_gradient = (Matrix(4, 1) << 1, 0, 0, -1).finished();
  layer.backward(input_, output, output_gradient, &input_gradient);
  // dW(ky, kx) = in(ky, kx) - in(ky + 1, kx + 1); db = sum of dY.
  EXPECT_EQ((Eigen::Map<const Vector>(gradients_, 5)), (Vector(5) << 1 - 5, 2 - 6, 4 - 8, 5 - 9, 0).finished());
  // dX: the kernel placed at (0, 0) minus the kernel placed at (1, 1).
  EXPECT_EQ(input_gradient, (Matrix(9, 1) << 1, 2, 0, 3, 4 - 1, -2, 0, -3, -4).finished());
}

TEST(Conv2d, ChannelsAreFastestAndEachFilterHasItsOwnRow) {
  // 2 channels, 1x2 image, 1x1 kernel, 2 filters: a per-pixel matrix product over the channels.
  Conv2d layer({2, 1, 2}, conv(2, 1, 1));
  float parameters[6] = {1, 10, 2, 20, 0, 100};  // W = [1 2; 10 20] column-major, b = (0, 100)
  float gradients[6];
  layer.bind(parameters, gradients);
  const Matrix input = (Matrix(4, 1) << 1, 2, 3, 4).finished();  // pixel 0 = (1, 2), pixel 1 = (3, 4)
  Matrix output;
  layer.forward(input, output);
  EXPECT_EQ(output, (Matrix(4, 1) << 5, 150, 11, 210).finished());
}

struct ConvCase {
  std::string name;
  Shape input;
  Conv2dSpec spec;
};

Conv2dSpec with(Conv2dSpec spec, auto change) {
  change(spec);
  return spec;
}

void PrintTo(const ConvCase& c, std::ostream* out) { *out << c.name; }

class ConvGradients : public ::testing::TestWithParam<ConvCase> {};

// A convolution is linear in each parameter and input, so a large step has no truncation error.
TEST_P(ConvGradients, MatchCentralDifferences) {
  Conv2d layer(GetParam().input, GetParam().spec, {}, {Init::Kind::constant});
  testing::expect_layer_gradients_match(layer, testing::random_matrix(GetParam().input.size(), 2, 4), {0.5f, 2e-4});
}

using Padding = Conv2dSpec::Padding;
INSTANTIATE_TEST_SUITE_P(
    Options, ConvGradients,
    ::testing::Values(
        ConvCase{"stride_2_valid", {2, 7, 6}, with(conv(3, 3, 3), [](auto& s) { s.stride_height = s.stride_width = 2; })},
        ConvCase{"same_odd_kernel_three_channels", {3, 5, 5}, conv(2, 3, 3, Padding::same)},
        ConvCase{"same_even_kernel", {1, 5, 6}, conv(2, 4, 2, Padding::same)},
        ConvCase{"same_even_kernel_stride_2", {2, 5, 6},
                 with(conv(3, 2, 2, Padding::same), [](auto& s) { s.stride_height = s.stride_width = 2; })},
        ConvCase{"explicit_padding", {2, 4, 5},
                 with(conv(2, 3, 3, Padding::explicit_), [](auto& s) { s.pad_height = 1, s.pad_width = 2; })},
        ConvCase{"dilation_2_same", {2, 7, 7},
                 with(conv(2, 3, 3, Padding::same), [](auto& s) { s.dilation_height = s.dilation_width = 2; })},
        ConvCase{"rectangular_kernel_and_stride", {3, 5, 7}, with(conv(2, 2, 3), [](auto& s) { s.stride_width = 2; })},
        ConvCase{"dilation_1x4_stride_2x1_valid", {2, 6, 9},
                 with(conv(2, 2, 3), [](auto& s) { s.dilation_width = 4, s.stride_height = 2; })},
        ConvCase{"dilation_8_same", {1, 9, 9},
                 with(conv(2, 2, 2, Padding::same), [](auto& s) { s.dilation_height = s.dilation_width = 8; })},
        ConvCase{"one_by_one", {4, 3, 3}, conv(3, 1, 1)},
        ConvCase{"single_channel_5x5_same", {1, 6, 6}, conv(2, 5, 5, Padding::same)}),
    [](const auto& info) { return info.param.name; });

TEST(Conv2d, FlopsOfATwoChannelSamePaddedConvolution) {
  // 2x3x3 input, 3 filters of 2x2, same: 3x3 outputs, K = 8, one zero row and column padded after.
  const Conv2d layer({2, 3, 3}, conv(3, 2, 2, Padding::same));
  // Per sample: GEMM 2 * 8 * 3 * 9 = 432, bias 3 * 9 = 27.
  EXPECT_DOUBLE_EQ(layer.forward_flops(5), 5 * (432.0 + 27));
  EXPECT_DOUBLE_EQ(layer.backward_flops(5, false), 5 * (432.0 + 27));
  // Taps inside the input per dimension: outputs 0 and 1 read 2 each, output 2 reads 1: 5, so
  // 5 * 5 = 25 taps, each over 2 channels, fold 50 values back.
  EXPECT_DOUBLE_EQ(layer.backward_flops(5, true), 5 * (432.0 + 27 + 432 + 50));
}

TEST(Conv2d, BackwardRejectsMismatchedInputAndGradient) {
  Conv2d layer({1, 3, 3}, conv(1, 2, 2));
  float parameters[5] = {}, gradients[5] = {};
  layer.bind(parameters, gradients);
  Matrix input_gradient;
  EXPECT_THROW(layer.backward(Matrix::Zero(9, 2), Matrix(4, 1), Matrix::Zero(4, 1), &input_gradient), std::invalid_argument);
  EXPECT_THROW(layer.backward(Matrix::Zero(8, 1), Matrix(4, 1), Matrix::Zero(4, 1), &input_gradient), std::invalid_argument);
  EXPECT_THROW(layer.backward(Matrix::Zero(9, 1), Matrix(4, 1), Matrix::Zero(5, 1), &input_gradient), std::invalid_argument);
}

// More samples than one chunk holds (2x10x10 with 3x3 taps: 36 samples a chunk): the chunks' shares
// of dW and db add up to the batch's, and each sample's input gradient is its own.
TEST(Conv2d, ChunksAddUpOverALargeBatch) {
  const Shape shape{2, 10, 10};
  Conv2d layer(shape, conv(4, 3, 3, Conv2dSpec::Padding::same));
  Vector parameters = testing::random_matrix(layer.parameter_count(), 1, 3).col(0), gradients(parameters.size());
  layer.bind(parameters.data(), gradients.data());
  const Matrix input = testing::random_matrix(shape.size(), 40, 4), output_gradient = testing::random_matrix(400, 40, 5);
  auto gradients_of = [&](Eigen::Index first, Eigen::Index count, Matrix& input_gradient) {
    Matrix output;
    layer.forward(input.middleCols(first, count), output);
    layer.backward(input.middleCols(first, count), output, output_gradient.middleCols(first, count), &input_gradient);
    return Vector(gradients);
  };
  Matrix whole, first_half, second_half;
  const Vector batch = gradients_of(0, 40, whole);
  const Vector halves = gradients_of(0, 20, first_half) + gradients_of(20, 20, second_half);
  EXPECT_TRUE(batch.isApprox(halves, 1e-5f));
  EXPECT_TRUE(whole.leftCols(20).isApprox(first_half, 1e-6f));
  EXPECT_TRUE(whole.rightCols(20).isApprox(second_half, 1e-6f));
}

}  // namespace
}  // namespace ssim::nn
