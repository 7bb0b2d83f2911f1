#include "nn/shapes.hpp"

#include <gtest/gtest.h>

namespace ssim::nn {
namespace {

template <class Kind>
LayerSpec layer(Kind kind) {
  LayerSpec spec;
  spec.kind = kind;
  return spec;
}

LayerSpec conv(int filters, int kernel, Conv2dSpec::Padding padding, int stride = 1) {
  Conv2dSpec spec;
  spec.filters = filters;
  spec.kernel_height = spec.kernel_width = kernel;
  spec.stride_height = spec.stride_width = stride;
  spec.padding = padding;
  return layer(spec);
}

LayerSpec max_pool(int size, bool ceil) {
  Pool2dSpec spec;
  spec.size_height = spec.size_width = size;
  spec.ceil = ceil;
  return layer(spec);
}

TEST(Shapes, ConvolutionSameKeepsTheSizeOverTheStrideAndValidShrinks) {
  EXPECT_EQ(output_shape(conv(20, 5, Conv2dSpec::Padding::same), {1, 28, 28}), (Shape{20, 28, 28}));
  EXPECT_EQ(output_shape(conv(32, 3, Conv2dSpec::Padding::valid), {1, 28, 28}), (Shape{32, 26, 26}));
  EXPECT_EQ(output_shape(conv(8, 2, Conv2dSpec::Padding::same, 2), {3, 7, 8}), (Shape{8, 4, 4}));
  // Same with an even kernel pads one more after than before (TensorFlow's rule).
  const Padding1d pad = conv_padding(Conv2dSpec::Padding::same, 0, 7, 4, 1, 1);
  EXPECT_EQ(pad.before, 1);
  EXPECT_EQ(pad.after, 2);
}

TEST(Shapes, PoolingRoundsDownUnlessCeil) {
  EXPECT_EQ(output_shape(max_pool(2, true), {32, 3, 28}), (Shape{32, 2, 14}));
  EXPECT_EQ(output_shape(max_pool(2, false), {32, 3, 28}), (Shape{32, 1, 14}));
  EXPECT_EQ(output_shape(max_pool(2, true), {64, 1, 28}), (Shape{64, 1, 14}));  // a window hangs below
  EXPECT_EQ(output_shape(max_pool(2, true), {5, 7, 7}), (Shape{5, 4, 4}));
}

TEST(Shapes, FlattenDenseAndDropout) {
  EXPECT_EQ(output_shape(layer(FlattenSpec{}), {64, 12, 12}), (Shape{9216, 1, 1}));
  EXPECT_EQ(output_shape(layer(DenseSpec{128}), {9216, 1, 1}), (Shape{128, 1, 1}));
  EXPECT_EQ(output_shape(layer(DropoutSpec{0.25}), {64, 12, 12}), (Shape{64, 12, 12}));
}

TEST(Shapes, KernelsThatDoNotFitAreErrors) {
  EXPECT_THROW(output_shape(conv(4, 5, Conv2dSpec::Padding::valid), {1, 3, 28}), std::invalid_argument);
  EXPECT_NO_THROW(output_shape(conv(4, 5, Conv2dSpec::Padding::same), {1, 3, 28}));
  EXPECT_THROW(output_shape(max_pool(2, false), {1, 1, 28}), std::invalid_argument);
  EXPECT_THROW(output_shape(conv(0, 3, Conv2dSpec::Padding::same), {1, 5, 5}), std::invalid_argument);
  EXPECT_THROW(output_shape(layer(DropoutSpec{1.0}), {1, 5, 5}), std::invalid_argument);
  try {
    output_shape(conv(4, 5, Conv2dSpec::Padding::valid), {1, 3, 28});
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "a 5x5 kernel (dilation included) does not fit a 3x28 input with its padding");
  }
}

TEST(Shapes, WholeNetworkShapesAndParameterCount) {
  NetworkSpec spec;
  spec.input = {1, 3, 28};
  spec.layers = {conv(32, 5, Conv2dSpec::Padding::same), max_pool(2, true), conv(64, 5, Conv2dSpec::Padding::same),
                 max_pool(2, true), layer(DenseSpec{100})};
  const std::vector<Shape> shapes = output_shapes(spec);
  ASSERT_EQ(shapes.size(), 5u);
  EXPECT_EQ(shapes[1], (Shape{32, 2, 14}));
  EXPECT_EQ(shapes[3], (Shape{64, 1, 7}));
  EXPECT_EQ(shapes[4], (Shape{100, 1, 1}));
  EXPECT_DOUBLE_EQ(parameter_count(spec), (25.0 * 1 + 1) * 32 + (25.0 * 32 + 1) * 64 + (448.0 + 1) * 100);
  EXPECT_EQ(to_string(shapes[3]), "64x1x7");
}

}  // namespace
}  // namespace ssim::nn
