// The list form of `model.layers`: every key of every layer type, the defaults, and the errors
// the corpus (tests/bad_scenarios) does not already pin.
#include "nn/shapes.hpp"
#include "scenario/canonical.hpp"
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include <gtest/gtest.h>
#include <string>

namespace ssim::scenario {
namespace {

using testing::parse_text;

// A scenario on synthetic samples of `shape` and `classes`, with `model` as the model section.
std::string with_model(const std::string& shape, int classes, const std::string& model) {
  return "name: layers\nplatform: {topology: star, hosts: 1}\ndata: {dataset: synthetic, shape: " + shape +
         ", classes: " + std::to_string(classes) + "}\nscheme: {name: single, epochs: 1}\nmodel:\n" + model;
}

std::string error_of(const std::string& text) {
  try {
    parse_text(text);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

template <class Kind>
const Kind& kind_of(const Model& model, std::size_t index) {
  return std::get<Kind>(model.layers.at(index).kind);
}

TEST(LayerList, EveryKeyOfEveryLayerType) {
  const Scenario s = parse_text(with_model("[3, 16, 12]", 10, R"(  loss: mse
  layers:
    - {type: conv2d, filters: 8, kernel: [3, 5], stride: [2, 1], padding: [1, 2], dilation: [1, 2],
       activation: leaky_relu, leaky_slope: 0.2, init: {type: normal, std: 0.05}, bias_init: 0.5}
    - {type: maxpool2d, size: [2, 3], stride: [1, 2], ceil: true}
    - {type: avgpool2d, size: 2}
    - {type: dropout, rate: 0.25}
    - {type: flatten}
    - {type: dense, units: 10, activation: tanh, init: {type: truncated_normal, std: 0.07, bound: 2},
       bias_init: {type: constant, value: -1}}
)"));
  EXPECT_EQ(s.model.input, (nn::Shape{3, 16, 12}));
  EXPECT_EQ(s.model.loss, nn::Loss::mse);
  ASSERT_EQ(s.model.layers.size(), 6u);

  const auto& conv = kind_of<nn::Conv2dSpec>(s.model, 0);
  EXPECT_EQ(conv.filters, 8);
  EXPECT_EQ(conv.kernel_height, 3);
  EXPECT_EQ(conv.kernel_width, 5);
  EXPECT_EQ(conv.stride_height, 2);
  EXPECT_EQ(conv.stride_width, 1);
  EXPECT_EQ(conv.padding, nn::Conv2dSpec::Padding::explicit_);
  EXPECT_EQ(conv.pad_height, 1);
  EXPECT_EQ(conv.pad_width, 2);
  EXPECT_EQ(conv.dilation_height, 1);
  EXPECT_EQ(conv.dilation_width, 2);
  const nn::LayerSpec& conv_layer = s.model.layers[0];
  EXPECT_EQ(conv_layer.activation, nn::Activation::leaky_relu);
  EXPECT_DOUBLE_EQ(conv_layer.leaky_slope, 0.2);
  EXPECT_EQ(conv_layer.weight_init.kind, nn::Init::Kind::normal);
  EXPECT_DOUBLE_EQ(conv_layer.weight_init.std, 0.05);
  EXPECT_EQ(conv_layer.bias_init.kind, nn::Init::Kind::constant);
  EXPECT_DOUBLE_EQ(conv_layer.bias_init.value, 0.5);

  const auto& max = kind_of<nn::Pool2dSpec>(s.model, 1);
  EXPECT_EQ(max.kind, nn::Pool2dSpec::Kind::max);
  EXPECT_EQ(max.size_height, 2);
  EXPECT_EQ(max.size_width, 3);
  EXPECT_EQ(max.stride_height, 1);
  EXPECT_EQ(max.stride_width, 2);
  EXPECT_TRUE(max.ceil);

  const auto& average = kind_of<nn::Pool2dSpec>(s.model, 2);
  EXPECT_EQ(average.kind, nn::Pool2dSpec::Kind::average);
  EXPECT_EQ(average.size_height, 2);
  EXPECT_EQ(average.size_width, 2);

  EXPECT_DOUBLE_EQ(kind_of<nn::DropoutSpec>(s.model, 3).rate, 0.25);
  EXPECT_TRUE(std::holds_alternative<nn::FlattenSpec>(s.model.layers[4].kind));

  EXPECT_EQ(kind_of<nn::DenseSpec>(s.model, 5).units, 10);
  const nn::LayerSpec& dense = s.model.layers[5];
  EXPECT_EQ(dense.activation, nn::Activation::tanh);
  EXPECT_EQ(dense.weight_init.kind, nn::Init::Kind::truncated_normal);
  EXPECT_DOUBLE_EQ(dense.weight_init.std, 0.07);
  EXPECT_DOUBLE_EQ(dense.weight_init.bound, 2.0);
  EXPECT_EQ(dense.bias_init.kind, nn::Init::Kind::constant);
  EXPECT_DOUBLE_EQ(dense.bias_init.value, -1.0);

  // Worked by hand from 3x16x12. conv: kernel extents 3 and (5 - 1) * 2 + 1 = 9, so
  // (16 + 2*1 - 3) / 2 + 1 = 8 rows and (12 + 2*2 - 9) / 1 + 1 = 8 columns. maxpool 2x3 stride 1x2 ceil:
  // ceil((8 - 2) / 1) + 1 = 7 rows, ceil((8 - 3) / 2) + 1 = 4 columns. avgpool 2: (7 - 2) / 2 + 1 = 3 rows,
  // (4 - 2) / 2 + 1 = 2 columns. flatten: 8 * 3 * 2 = 48.
  const std::vector<nn::Shape> expected{{8, 8, 8}, {8, 7, 4}, {8, 3, 2}, {8, 3, 2}, {48, 1, 1}, {10, 1, 1}};
  EXPECT_EQ(nn::output_shapes(s.model.network(0)), expected);
}

TEST(LayerList, Defaults) {
  const Scenario s = parse_text(with_model("[1, 8, 8]", 10, R"(  layers:
    - {type: conv2d, filters: 2, kernel: 3}
    - {type: maxpool2d, size: 2}
    - {type: dense, units: 10}
)"));
  EXPECT_EQ(s.model.loss, nn::Loss::cross_entropy);
  const auto& conv = kind_of<nn::Conv2dSpec>(s.model, 0);
  EXPECT_EQ(conv.kernel_height, 3);
  EXPECT_EQ(conv.kernel_width, 3);
  EXPECT_EQ(conv.stride_height, 1);
  EXPECT_EQ(conv.stride_width, 1);
  EXPECT_EQ(conv.padding, nn::Conv2dSpec::Padding::valid);
  EXPECT_EQ(conv.dilation_height, 1);
  EXPECT_EQ(conv.dilation_width, 1);
  const auto& pool = kind_of<nn::Pool2dSpec>(s.model, 1);
  EXPECT_EQ(pool.stride_height, 0);  // the size
  EXPECT_EQ(pool.stride_width, 0);
  EXPECT_FALSE(pool.ceil);
  for (std::size_t i : {0u, 2u}) {
    const nn::LayerSpec& layer = s.model.layers[i];
    EXPECT_EQ(layer.activation, nn::Activation::linear) << i;
    EXPECT_EQ(layer.weight_init.kind, nn::Init::Kind::he) << i;
    EXPECT_EQ(layer.bias_init.kind, nn::Init::Kind::constant) << i;
    EXPECT_EQ(layer.bias_init.value, 0.0) << i;
  }
  EXPECT_EQ(nn::output_shapes(s.model.network(0))[1], (nn::Shape{2, 3, 3}));  // 6x6 pooled by 2
}

TEST(LayerList, ModelInitIsTheDefaultOfLayersWithoutOne) {
  const Scenario s = parse_text(with_model("[1, 4, 4]", 3, R"(  init: {type: constant, value: 0.25}
  layers:
    - {type: dense, units: 5, init: xavier, bias_init: {type: normal, std: 0.1}}
    - {type: dense, units: 3, bias_init: he}
)"));
  EXPECT_EQ(s.model.layers[0].weight_init.kind, nn::Init::Kind::xavier);
  EXPECT_EQ(s.model.layers[0].bias_init.kind, nn::Init::Kind::normal);
  EXPECT_DOUBLE_EQ(s.model.layers[0].bias_init.std, 0.1);
  EXPECT_EQ(s.model.layers[1].weight_init.kind, nn::Init::Kind::constant);
  EXPECT_DOUBLE_EQ(s.model.layers[1].weight_init.value, 0.25);
  EXPECT_EQ(s.model.layers[1].bias_init.kind, nn::Init::Kind::he);
}

TEST(LayerList, PaddingWords) {
  const Scenario s = parse_text(with_model("[1, 5, 5]", 10, R"(  layers:
    - {type: conv2d, filters: 2, kernel: 3, padding: same, stride: 2}
    - {type: conv2d, filters: 2, kernel: 3, padding: 1}
    - {type: conv2d, filters: 2, kernel: 3, padding: valid}
    - {type: dense, units: 10}
)"));
  EXPECT_EQ(kind_of<nn::Conv2dSpec>(s.model, 0).padding, nn::Conv2dSpec::Padding::same);
  const auto& one = kind_of<nn::Conv2dSpec>(s.model, 1);
  EXPECT_EQ(one.padding, nn::Conv2dSpec::Padding::explicit_);
  EXPECT_EQ(one.pad_height, 1);
  EXPECT_EQ(one.pad_width, 1);
  EXPECT_EQ(kind_of<nn::Conv2dSpec>(s.model, 2).padding, nn::Conv2dSpec::Padding::valid);
  // same with stride 2: ceil(5 / 2) = 3; pad 1 keeps 3x3; valid takes it to 1x1.
  const auto shapes = nn::output_shapes(s.model.network(0));
  EXPECT_EQ(shapes[0], (nn::Shape{2, 3, 3}));
  EXPECT_EQ(shapes[1], (nn::Shape{2, 3, 3}));
  EXPECT_EQ(shapes[2], (nn::Shape{2, 1, 1}));
}

TEST(LayerList, ShorthandAndListDescribeTheSameNetwork) {
  const Scenario shorthand = parse_text(with_model("[1, 2, 3]", 3, "  layers: [6, 8, 3]\n  activation: sigmoid\n"));
  const Scenario list = parse_text(with_model("[1, 2, 3]", 3, R"(  layers:
    - {type: dense, units: 8, activation: sigmoid}
    - {type: dense, units: 3}
)"));
  EXPECT_EQ(canonical_text(shorthand), canonical_text(list));
}

TEST(LayerList, ErrorsPointAtTheKey) {
  const auto model = [](const std::string& first_layer) {
    return with_model("[1, 8, 8]", 10, "  layers:\n    - " + first_layer + "\n    - {type: dense, units: 10}\n");
  };
  EXPECT_EQ(error_of(model("{type: conv2d, filters: 0, kernel: 3}")),
            "test.yaml:7:31: model.layers[0].filters: expected an integer >= 1 (got '0')");
  EXPECT_EQ(error_of(model("{type: conv2d, filters: 2, kernel: [3, 3, 3]}")),
            "test.yaml:7:42: model.layers[0].kernel: expected an integer >= 1 or a list [height, width] of them "
            "(got a list of 3)");
  EXPECT_EQ(error_of(model("{type: conv2d, filters: 2, kernel: 3, padding: full}")),
            "test.yaml:7:54: model.layers[0].padding: expected valid, same, an integer >= 0 or a list [height, "
            "width] of them (got 'full')");
  EXPECT_EQ(error_of(model("{type: maxpool2d, size: 2, ceil: yes}")),
            "test.yaml:7:40: model.layers[0].ceil: expected true or false (got 'yes')");
  EXPECT_EQ(error_of(model("{type: dropout, rate: 1}")),
            "test.yaml:7:29: model.layers[0].rate: expected a number in [0, 1) (got '1')");
  EXPECT_EQ(error_of(model("{type: dense, units: 4, activation: leaky_relu, leaky_slope: 1}")),
            "test.yaml:7:68: model.layers[0].leaky_slope: expected a number in [0, 1) (got '1')");
  EXPECT_EQ(error_of(model("{units: 4}")), "test.yaml:7:7: model.layers[0]: missing required key 'type'");
  EXPECT_EQ(error_of(model("{type: flatten, rate: 0.5}")),
            "test.yaml:7:23: model.layers[0].rate: unknown key (expected one of: type)");
  EXPECT_EQ(error_of(model("{type: dense, units: 4, init: {type: normal}}")),
            "test.yaml:7:37: model.layers[0].init: missing required key 'std'");
  EXPECT_EQ(error_of(model("{type: dense, units: 4, bias_init: {type: constant, value: 1e9}}")),
            "test.yaml:7:66: model.layers[0].bias_init.value: expected a number in [-1e6, 1e6] (got '1e9')");
  EXPECT_EQ(error_of(with_model("[1, 8, 8]", 10, "  layers:\n    - {type: dense, units: 10}\n    - 10\n")),
            "test.yaml:8:7: model.layers[1]: expected a layer: a map such as {type: dense, units: 10} (got '10')");
}

// Sizes near 2^31 would overflow the window arithmetic: refused before it runs.
TEST(LayerList, WindowsBeyondIntAreRefused) {
  EXPECT_EQ(error_of(with_model("[1, 8, 8]", 10, R"(  layers:
    - {type: conv2d, filters: 2, kernel: 3, dilation: 2000000000, padding: same}
    - {type: dense, units: 10}
)")),
            "test.yaml:7:7: model.layers[0]: layer 0 (conv2d): input, padding, kernel and stride add up to more than "
            "2147483647");
  EXPECT_EQ(error_of(with_model("[1, 8, 8]", 10, R"(  layers:
    - {type: maxpool2d, size: 2, stride: 2147483647, ceil: true}
    - {type: dense, units: 10}
)")),
            "test.yaml:7:7: model.layers[0]: layer 0 (maxpool2d): input, padding, kernel and stride add up to more "
            "than 2147483647");
}

TEST(LayerList, ShorthandCountsTheFeaturesOfAnImageShape) {
  EXPECT_EQ(kind_of<nn::DenseSpec>(parse_text(with_model("[1, 3, 28]", 10, "  layers: [84, 10]\n")).model, 0).units,
            10);
  EXPECT_EQ(error_of(with_model("[1, 3, 28]", 10, "  layers: [28, 10]\n")),
            "test.yaml:6:12: model.layers[0]: expected 84, the number of features of dataset synthetic (got '28')");
}

}  // namespace
}  // namespace ssim::scenario
