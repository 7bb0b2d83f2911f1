#include "nn/pool2d.hpp"
#include "finite_differences.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>

namespace ssim::nn {
namespace {

Pool2dSpec pool(Pool2dSpec::Kind kind, int size, bool ceil = false, int stride = 0) {
  Pool2dSpec spec;
  spec.kind = kind;
  spec.size_height = spec.size_width = size;
  spec.stride_height = spec.stride_width = stride;
  spec.ceil = ceil;
  return spec;
}

// A 3x2 window moving 1 down and 3 across: overlapping rows, gaps between columns.
Pool2dSpec rectangular(Pool2dSpec::Kind kind) {
  Pool2dSpec spec = pool(kind, 0, true);
  spec.size_height = 3, spec.size_width = 2;
  spec.stride_height = 1, spec.stride_width = 3;
  return spec;
}

constexpr auto kMax = Pool2dSpec::Kind::max;
constexpr auto kAverage = Pool2dSpec::Kind::average;

// 1 2 3 / 4 5 6 / 7 8 9
const Matrix kThreeByThree = (Matrix(9, 1) << 1, 2, 3, 4, 5, 6, 7, 8, 9).finished();

Matrix pooled(const Pool2dSpec& spec, Shape input_shape, const Matrix& input) {
  Pool2d layer(input_shape, spec);
  Matrix output, inferred;
  layer.forward(input, output);
  layer.infer(input, inferred);
  EXPECT_EQ(output, inferred);
  EXPECT_EQ(output.rows(), layer.output_size());
  return output;
}

TEST(Pool2d, MaxAndAverageOfTwoByTwoWindowsOnThreeByThree) {
  EXPECT_EQ(pooled(pool(kMax, 2), {1, 3, 3}, kThreeByThree), (Matrix(1, 1) << 5).finished());
  EXPECT_EQ(pooled(pool(kAverage, 2), {1, 3, 3}, kThreeByThree), (Matrix(1, 1) << 3).finished());
}

TEST(Pool2d, CeilWindowsHangOverTheEdgeAndCoverOnlyTheInside) {
  EXPECT_EQ(pooled(pool(kMax, 2, true), {1, 3, 3}, kThreeByThree), (Matrix(4, 1) << 5, 6, 8, 9).finished());
  // (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1
  EXPECT_EQ(pooled(pool(kAverage, 2, true), {1, 3, 3}, kThreeByThree), (Matrix(4, 1) << 3, 4.5f, 7.5f, 9).finished());
}

TEST(Pool2d, StrideOneWindowsOverlap) {
  EXPECT_EQ(pooled(pool(kMax, 2, false, 1), {1, 3, 3}, kThreeByThree), (Matrix(4, 1) << 5, 6, 8, 9).finished());
  EXPECT_EQ(pooled(pool(kAverage, 2, false, 1), {1, 3, 3}, kThreeByThree), (Matrix(4, 1) << 3, 4, 6, 7).finished());
}

TEST(Pool2d, ChannelsPoolSeparately) {
  // 2 channels of a 1x2 image: pixel 0 = (1, 20), pixel 1 = (3, -4).
  const Matrix input = (Matrix(4, 1) << 1, 20, 3, -4).finished();
  Pool2dSpec spec = pool(kMax, 1);
  spec.size_width = spec.stride_width = 2;
  EXPECT_EQ(pooled(spec, {2, 1, 2}, input), (Matrix(2, 1) << 3, 20).finished());
  spec.kind = kAverage;
  EXPECT_EQ(pooled(spec, {2, 1, 2}, input), (Matrix(2, 1) << 2, 8).finished());
}

TEST(Pool2d, MaxBackwardRoutesToTheFirstMaximum) {
  Pool2d layer({1, 2, 2}, pool(kMax, 2));
  const Matrix input = (Matrix(4, 1) << 1, 7, 7, 2).finished();
  Matrix output, input_gradient;
  layer.forward(input, output);
  layer.backward(input, output, (Matrix(1, 1) << 3).finished(), &input_gradient);
  EXPECT_EQ(input_gradient, (Matrix(4, 1) << 0, 3, 0, 0).finished());
}

TEST(Pool2d, AverageBackwardSpreadsOverTheCoveredValues) {
  Pool2d layer({1, 3, 3}, pool(kAverage, 2, true));
  Matrix output, input_gradient;
  layer.forward(kThreeByThree, output);
  layer.backward(kThreeByThree, output, (Matrix(4, 1) << 4, 2, 6, 1).finished(), &input_gradient);
  EXPECT_EQ(input_gradient, (Matrix(9, 1) << 1, 1, 1, 1, 1, 1, 3, 3, 1).finished());
}

TEST(Pool2d, FlopsCountTheCoveredValues) {
  // Max 2 ceil on 2x3x3: windows cover 4, 2, 2 and 1 values per channel (all 9), 4 outputs per channel.
  const Pool2d max({2, 3, 3}, pool(kMax, 2, true));
  EXPECT_DOUBLE_EQ(max.forward_flops(3), 3 * (18.0 - 8));
  EXPECT_DOUBLE_EQ(max.backward_flops(3, true), 3 * 8.0);
  EXPECT_DOUBLE_EQ(max.backward_flops(3, false), 0.0);
  const Pool2d average({2, 3, 3}, pool(kAverage, 2, true));
  EXPECT_DOUBLE_EQ(average.forward_flops(3), 3 * 18.0);
  EXPECT_DOUBLE_EQ(average.backward_flops(3, true), 3 * (18.0 + 8));
  // Stride 1: four full windows of 4 on one channel.
  EXPECT_DOUBLE_EQ(Pool2d({1, 3, 3}, pool(kMax, 2, false, 1)).forward_flops(1), 16.0 - 4);
}

struct PoolCase {
  std::string name;
  Shape input;
  Pool2dSpec spec;
};

void PrintTo(const PoolCase& c, std::ostream* out) { *out << c.name; }

class PoolGradients : public ::testing::TestWithParam<PoolCase> {};

// Distinct inputs 0.1 apart: a step of 0.01 never changes which value is a window's maximum.
TEST_P(PoolGradients, MatchCentralDifferences) {
  const Shape shape = GetParam().input;
  Matrix input(shape.size(), 2);
  std::iota(input.data(), input.data() + input.size(), 0.0f);
  std::shuffle(input.data(), input.data() + input.size(), std::mt19937(5));
  input *= 0.1f;
  Pool2d layer(shape, GetParam().spec);
  testing::expect_layer_gradients_match(layer, input, {1e-2f, 1e-3});
}

INSTANTIATE_TEST_SUITE_P(
    Options, PoolGradients,
    ::testing::Values(PoolCase{"max_2", {2, 4, 6}, pool(kMax, 2)},
                      PoolCase{"max_2_ceil", {2, 5, 3}, pool(kMax, 2, true)},
                      PoolCase{"max_3_stride_2_ceil", {1, 6, 7}, pool(kMax, 3, true, 2)},
                      PoolCase{"max_2_stride_1", {3, 4, 4}, pool(kMax, 2, false, 1)},
                      PoolCase{"average_2", {2, 4, 6}, pool(kAverage, 2)},
                      PoolCase{"average_2_ceil", {2, 5, 3}, pool(kAverage, 2, true)},
                      PoolCase{"average_3_stride_2_ceil", {1, 6, 7}, pool(kAverage, 3, true, 2)},
                      PoolCase{"average_2_stride_1", {3, 4, 4}, pool(kAverage, 2, false, 1)},
                      PoolCase{"max_3x2_stride_1x3_ceil", {2, 5, 7}, rectangular(kMax)},
                      PoolCase{"average_3x2_stride_1x3_ceil", {2, 5, 7}, rectangular(kAverage)}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ssim::nn
