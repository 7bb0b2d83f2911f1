// A partitioned model section (seed 000): the part each node sees, the decoder's input, the
// scheme keys of infer_partitioned, and the lines the model adds to the canonical text.
#include "scenario/canonical.hpp"
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include "schemes/infer_partitioned_options.hpp"
#include <gtest/gtest.h>
#include <string>

namespace ssim::scenario {
namespace {

// Samples of 1x28x28, as Fashion-MNIST's, `parts` nodes of `node`, a decoder to the 10 classes.
Scenario partitioned(int parts, const std::string& split, const std::string& node, const std::string& scheme_keys = "") {
  return testing::parse_text(
      "name: p\nplatform: {topology: star, hosts: " + std::to_string(parts + 1) +
      "}\ndata: {dataset: synthetic, shape: [1, 28, 28], classes: 10}\n"
      "model:\n  partition: {parts: " + std::to_string(parts) + ", split: " + split + "}\n  node: " + node +
      "\n  decoder: [{type: dense, units: 10}]\n"
      "scheme: {name: infer_partitioned, workers: " + std::to_string(parts) + ", epochs: 1" + scheme_keys + "}\n"
      "serving: {queries: 5, arrivals: all_at_once}\n");
}

TEST(PartitionedModel, InterleaveGivesEachNodeEveryPartsthValueAsChannels) {
  const auto s = partitioned(10, "interleave", "[{type: dense, units: 5}]");
  ASSERT_TRUE(s.model.partitioned);
  const PartitionedModel& model = *s.model.partitioned;
  EXPECT_EQ(model.partitioning.parts, 10);
  EXPECT_EQ(model.partitioning.split, data::Partitioning::Split::interleave);
  EXPECT_EQ(model.part, (nn::Shape{79, 1, 1}));  // ceil(784 / 10), the last part padded with a zero
  EXPECT_EQ(model.node_outputs, 5);
  EXPECT_TRUE(s.model.layers.empty());
  EXPECT_EQ(s.model.input, (nn::Shape{1, 28, 28}));
  EXPECT_EQ(s.model.node_network(0).input, (nn::Shape{79, 1, 1}));
  EXPECT_EQ(s.model.decoder_network(0).input, (nn::Shape{50, 1, 1}));  // 10 parts x 5 outputs
}

TEST(PartitionedModel, RowsGiveEachNodeABandOfTheResizedImage) {
  // 28 rows resized to 30, ten bands of 3 rows at full width.
  const auto s = partitioned(10, "rows",
                             "[{type: conv2d, filters: 4, kernel: 3, padding: same}, {type: flatten}, "
                             "{type: dense, units: 6}]");
  const PartitionedModel& model = *s.model.partitioned;
  EXPECT_EQ(model.partitioning.split, data::Partitioning::Split::rows);
  EXPECT_EQ(model.part, (nn::Shape{1, 3, 28}));
  EXPECT_EQ(model.node.size(), 3u);
  EXPECT_EQ(model.decoder.size(), 1u);
  EXPECT_EQ(model.node_outputs, 6);
  EXPECT_EQ(s.model.decoder_network(0).input, (nn::Shape{60, 1, 1}));
  // A height that the parts divide is cut as it is: 28 rows into 7 bands of 4.
  EXPECT_EQ(partitioned(7, "rows", "[{type: dense, units: 2}]").model.partitioned->part, (nn::Shape{1, 4, 28}));
}

TEST(PartitionedModel, SchemeKeysDefaultToAllPartsAndNoDeadline) {
  const auto defaults = partitioned(4, "rows", "[{type: dense, units: 2}]");
  const auto& options = defaults.scheme.options_as<schemes::InferPartitionedOptions>();
  EXPECT_EQ(options.train_erasures, 0);
  EXPECT_FALSE(options.wait_for);
  EXPECT_FALSE(options.deadline);
  EXPECT_EQ(options.outputs_awaited(4), 4);
  const auto set = partitioned(4, "rows", "[{type: dense, units: 2}]", ", train_erasures: 4, wait_for: 3, deadline: 5ms");
  const auto& set_options = set.scheme.options_as<schemes::InferPartitionedOptions>();
  EXPECT_EQ(set_options.train_erasures, 4);  // every part: as many as the model has
  EXPECT_EQ(set_options.outputs_awaited(4), 3);
  EXPECT_DOUBLE_EQ(*set_options.deadline, 0.005);
}

TEST(PartitionedModel, CanonicalTextHoldsThePartitionNodeAndDecoder) {
  const std::string text = canonical_text(partitioned(10, "interleave", "[{type: dense, units: 5, activation: relu}]"));
  for (const char* line :
       {"model.layers=0\n", "model.partition.parts=10\n", "model.partition.split=interleave\n", "model.node=1\n",
        "model.node[0]=dense 5, relu, weights he, biases constant(0)\n", "model.decoder=1\n",
        "model.decoder[0]=dense 10, linear, weights he, biases constant(0)\n", "scheme.train_erasures=0\n",
        "scheme.wait_for=\n", "scheme.deadline=\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << " missing from\n" << text;
}

TEST(PartitionedModel, CanonicalTextDiffersWithThePartsAndTheSplit) {
  const std::string node = "[{type: dense, units: 5}]";
  const std::string ten = canonical_text(partitioned(10, "interleave", node));
  const std::string seven = canonical_text(partitioned(7, "interleave", node));
  EXPECT_NE(ten, seven);
  EXPECT_NE(seven.find("model.partition.parts=7\n"), std::string::npos) << seven;
  EXPECT_NE(ten, canonical_text(partitioned(10, "rows", node)));
  EXPECT_EQ(ten, canonical_text(partitioned(10, "interleave", node))) << "the same scenario, the same text";
}

TEST(PartitionedModel, AModelWithLayersHasNoPartitionLines) {
  const std::string text = canonical_text(testing::parse_text(testing::kMinimalScenario));
  EXPECT_EQ(text.find("model.partition"), std::string::npos) << text;
  EXPECT_EQ(text.find("model.node"), std::string::npos) << text;
  EXPECT_EQ(text.find("model.decoder"), std::string::npos) << text;
}

}  // namespace
}  // namespace ssim::scenario
