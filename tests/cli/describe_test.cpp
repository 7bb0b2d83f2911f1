// `stragglesim describe` on seed 000's models (scenarios/seed000_*.yaml): the forward flops per
// sample its tables give, and stragglesim's own count worked out by hand for one of them.
#include "cli.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

using namespace ssim::testing;

namespace {

const std::string kScenarios = std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios/";

nlohmann::json describe_json(const std::string& scenario) {
  const auto r = run_cli("describe --json " + kScenarios + scenario);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

struct Seed000Model {
  std::string scenario;
  double node_flops, decoder_flops;  // the table's totals
};

void PrintTo(const Seed000Model& model, std::ostream* out) { *out << model.scenario; }

class Seed000 : public ::testing::TestWithParam<Seed000Model> {};

TEST_P(Seed000, TotalFlopsAreThoseOfTheTable) {
  const auto description = describe_json(GetParam().scenario + ".yaml");
  EXPECT_EQ(description["node"]["total"]["seed000_forward_flops"].get<double>(), GetParam().node_flops);
  EXPECT_EQ(description["decoder"]["total"]["seed000_forward_flops"].get<double>(), GetParam().decoder_flops);
}

// Tables 4.1/4.2 (756,840 in all), 4.21/4.22 (4,101,486) and 4.23/4.24 (4,136,222).
INSTANTIATE_TEST_SUITE_P(Tables, Seed000,
                         ::testing::Values(Seed000Model{"seed000_cnn10_mnist", 647350, 109490},
                                           Seed000Model{"seed000_cnn10", 3091996, 1009490},
                                           Seed000Model{"seed000_cnn50", 1526732, 2609490}),
                         [](const auto& info) { return info.param.scenario; });

// Table 4.1's node CNN on a 1x3x28 strip (a tenth of an image resized to 30x28), per sample (nn/flops.hpp: a multiply-add is 2 flops).
//  0 conv 5x5x20 same, leaky ReLU -> 20x3x28, 84 positions: GEMM 2*25*20*84 = 84,000, bias 20*84 = 1,680,
//    leaky ReLU 2 per value: 2*1,680 = 3,360; 89,040. Parameters 25*20 + 20 = 520.
//  1 maxpool 2 ceil -> 20x2x14: the row windows cover rows {0,1} and {2}, 3 in all, the columns all 28, so
//    3*28 = 84 values a channel, 1,680 in all, less one per output (560): 1,120.
//  2 conv 5x5x20 same on 20 channels -> 20x2x14, 28 positions: 2*500*20*28 = 560,000 + bias 560
//    + leaky ReLU 1,120 = 561,680. Parameters 500*20 + 20 = 10,020.
//  3 maxpool 2 ceil -> 20x1x7: rows {0,1}, 2 by 14 columns = 28 values a channel, 560 in all, less 140: 420.
//  4 flatten: 0.  5 dense 140 -> 10, leaky ReLU: 2*140*10 + 10 + 2*10 = 2,830. Parameters 1,410.
// Total 655,090 flops and 11,950 parameters; the loss, softmax and cross-entropy over 10 classes:
// 5*10 + 4 = 54.
TEST(Describe, CountsFlopsAsTheSimulatorDoes) {
  const auto description = describe_json("seed000_cnn10_mnist.yaml")["node"];
  const std::vector<double> flops{89040, 1120, 561680, 420, 0, 2830};
  const std::vector<double> parameters{520, 0, 10020, 0, 0, 1410};
  const std::vector<std::vector<int>> outputs{{20, 3, 28}, {20, 2, 14}, {20, 2, 14}, {20, 1, 7}, {140, 1, 1}, {10, 1, 1}};
  // Seed 000's convention: conv 3*28*20*(2*25 - 1) = 82,320, pool 4*2*14*20 = 2,240,
  // conv 2*14*20*(2*25*20 - 1) = 559,440, pool 4*1*7*20 = 560, dense 10*(2*140 - 1) = 2,790.
  const std::vector<double> seed000{82320, 2240, 559440, 560, 0, 2790};
  const auto& layers = description["layers"];
  ASSERT_EQ(layers.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(layers[i]["forward_flops"].get<double>(), flops[i]) << i;
    EXPECT_EQ(layers[i]["parameters"].get<double>(), parameters[i]) << i;
    EXPECT_EQ(layers[i]["output"].get<std::vector<int>>(), outputs[i]) << i;
    EXPECT_EQ(layers[i]["seed000_forward_flops"].get<double>(), seed000[i]) << i;
  }
  EXPECT_EQ(layers[1]["layer"], "maxpool2d 2x2 stride 2x2 ceil");
  EXPECT_EQ(description["input"].get<std::vector<int>>(), (std::vector<int>{1, 3, 28}));
  EXPECT_EQ(description["total"]["forward_flops"].get<double>(), 655090);
  EXPECT_EQ(description["total"]["parameters"].get<double>(), 11950);
  EXPECT_EQ(description["loss"]["name"], "cross_entropy");
  EXPECT_EQ(description["loss"]["forward_flops"].get<double>(), 54);
}

TEST(Describe, TextShowsEachLayerAndTheTotals) {
  const auto r = run_cli("describe " + kScenarios + "seed000_cnn10_mnist.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("seed000-cnn10-mnist, each of its 10 nodes: input 1x3x28, loss cross_entropy\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("#   output  parameters  forward flops  seed 000 flops  layer\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3   20x1x7           0            420             560  maxpool2d 2x2 stride 2x2 ceil\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("     total      11,950        655,090         647,350\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("      loss                         54                  cross_entropy\n"), std::string::npos)
      << r.out;
}

TEST(Describe, SetChangesTheModelDescribed) {
  const auto r = run_cli("describe --json " + kScenarios + "seed000_cnn10_mnist.yaml --set model.decoder.0.units=50");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 50*(2*100 - 1) + 10*(2*50 - 1)
  EXPECT_EQ(nlohmann::json::parse(r.out)["decoder"]["total"]["seed000_forward_flops"].get<double>(), 9950 + 990);
}

TEST(Describe, ABadScenarioExitsWith2AtTheKey) {
  const auto r = run_cli("describe " + std::string(STRAGGLESIM_TEST_DIR) + "/bad_scenarios/conv_kernel_larger_than_input.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("conv_kernel_larger_than_input.yaml:9:7: model.layers[2]: layer 2 (conv2d)"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
