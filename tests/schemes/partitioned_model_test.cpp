// Seed 000's flop counts of one query for each of its setups, exactly as its chapters 3 and 4 give
// them, and the erased output that stands in for a missing node.
#include "isolated_run.hpp"
#include "data/erasures.hpp"
#include "schemes/partitioned_model.hpp"
#include <gtest/gtest.h>

namespace ssim::schemes {
namespace {

// The seed's setups on 28x28 images (synthetic stand-ins: only the shapes matter here).
scenario::Scenario seed000_setup(int parts, const std::string& model) {
  return testing::small_scenario(
      "data: {dataset: synthetic, shape: [1, 28, 28], classes: 10, train_samples: 8, test_samples: 8}\n"
      "platform: {topology: star, hosts: " + std::to_string(parts + 1) + "}\nmodel: " + model +
      "\nscheme: {name: infer_partitioned, workers: " + std::to_string(parts) + ", epochs: 1}\n"
      "serving: {queries: 1, arrivals: all_at_once}");
}

std::string mlp(int parts, int m) {
  return "{loss: mse, partition: {parts: " + std::to_string(parts) + ", split: interleave}, node: [{type: dense, units: " +
         std::to_string(m) + ", activation: sigmoid}], decoder: [{type: dense, units: 10, activation: sigmoid}]}";
}

// Two convolutions of `filters` 5x5 same, 2x2 max pools rounding up, a dense layer of m; the decoder
// a dense 500 then 10.
std::string cnn(int parts, int filters1, int filters2, int m) {
  const std::string conv = "{type: conv2d, kernel: 5, padding: same, activation: relu, filters: ";
  const std::string pool = "{type: maxpool2d, size: 2, ceil: true}";
  return "{partition: {parts: " + std::to_string(parts) + ", split: rows}, node: [" + conv + std::to_string(filters1) +
         "}, " + pool + ", " + conv + std::to_string(filters2) + "}, " + pool +
         ", {type: flatten}, {type: dense, units: " + std::to_string(m) +
         ", activation: relu}], decoder: [{type: dense, units: 500, activation: relu}, {type: dense, units: 10}]}";
}

Seed000Flops flops_of(int parts, const std::string& model) {
  return seed000_query_flops(partitioned_network(seed000_setup(parts, model)));
}

TEST(Seed000Flops, MlpTenNodesIs3600) {  // section 3.4.1 F: 10 (2 * 79 + 1) + 10 (2 * 100 + 1)
  const Seed000Flops flops = flops_of(10, mlp(10, 10));
  EXPECT_DOUBLE_EQ(flops.node, 1590);
  EXPECT_DOUBLE_EQ(flops.decoder, 2010);
}

TEST(Seed000Flops, MlpFiftyNodes) {  // 4 (2 * 16 + 1) + 10 (2 * 200 + 1)
  const Seed000Flops flops = flops_of(50, mlp(50, 4));
  EXPECT_DOUBLE_EQ(flops.node, 132);
  EXPECT_DOUBLE_EQ(flops.decoder, 4010);
}

TEST(Seed000Flops, MnistCnnTenNodesIs756840) {  // section 4.5.1 B, Tables 4.1 and 4.2
  const Seed000Flops flops = flops_of(10, cnn(10, 20, 20, 10));
  EXPECT_DOUBLE_EQ(flops.node, 647350);
  EXPECT_DOUBLE_EQ(flops.decoder, 109490);
}

TEST(Seed000Flops, FashionCnnTenAndFiftyNodes) {  // sections 4.9.1 B and 4.9.2 B, Tables 4.21-4.24
  const Seed000Flops ten = flops_of(10, cnn(10, 32, 64, 100));
  EXPECT_DOUBLE_EQ(ten.node, 3091996);
  EXPECT_DOUBLE_EQ(ten.decoder, 1009490);
  const Seed000Flops fifty = flops_of(50, cnn(50, 32, 64, 52));
  EXPECT_DOUBLE_EQ(fifty.node, 1526732);
  EXPECT_DOUBLE_EQ(fifty.decoder, 2609490);
}

TEST(PartitionedModel, AMissingNodeIsReplacedByItsOutputOnAnAllErasedPart) {
  const auto scenario = seed000_setup(10, mlp(10, 10));
  const auto network = partitioned_network(scenario);
  const nn::Matrix erased = erased_outputs(network);
  ASSERT_EQ(erased.rows(), 10);
  ASSERT_EQ(erased.cols(), 10);
  for (int node = 0; node < 10; ++node) {
    const nn::Matrix part = nn::Matrix::Constant(79, 1, data::kErasedValue);
    EXPECT_TRUE(erased.col(node).isApprox(network.node_output(node, part).col(0))) << "node " << node;
  }
  // Nodes start from different weights, so their erased outputs differ.
  EXPECT_FALSE(erased.col(0).isApprox(erased.col(1)));
}

TEST(PartitionedModel, TheResizeBeforeSplittingRowsIsCharged) {
  // 28 rows into 10 bands: resized to 30 rows of 28, 4 multiply-adds a value; 50 bands: 50 rows;
  // 4 bands: 28 rows already, nothing resized; interleaving copies.
  EXPECT_DOUBLE_EQ(partition_flops(seed000_setup(10, cnn(10, 32, 64, 100)), 3), 3 * 8.0 * 30 * 28);
  EXPECT_DOUBLE_EQ(partition_flops(seed000_setup(50, cnn(50, 32, 64, 52)), 1), 8.0 * 50 * 28);
  EXPECT_DOUBLE_EQ(partition_flops(seed000_setup(4, cnn(4, 2, 2, 3)), 1), 0);
  EXPECT_DOUBLE_EQ(partition_flops(seed000_setup(10, mlp(10, 10)), 1), 0);
}

}  // namespace
}  // namespace ssim::schemes
