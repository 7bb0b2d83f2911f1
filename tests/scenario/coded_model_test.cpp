// A coded model section (seed 002): what it reads into nn::CodedSpec, the defaults seed 002 and its
// reference [10] give, infer_coded's keys and checks, and the lines it adds to the canonical text.
#include "scenario/canonical.hpp"
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include "schemes/infer_coded_options.hpp"
#include <gtest/gtest.h>
#include <string>

namespace ssim::scenario {
namespace {

Scenario coded(const std::string& model, const std::string& scheme_keys = "", int workers = 3,
               const std::string& serving = "{queries: 4, arrivals: all_at_once, batch: 2}") {
  return testing::parse_text("name: c\nplatform: {topology: star, hosts: " + std::to_string(workers + 1) +
                             "}\ndata: {dataset: synthetic, shape: [1, 28, 28], classes: 10}\n"
                             "model: {coded: " + model + "}\n"
                             "scheme: {name: infer_coded, workers: " + std::to_string(workers) + ", epochs: 1" +
                             scheme_keys + "}\nserving: " + serving + "\n");
}

constexpr auto kBasicMlp = "{inputs: 2, encoder: {network: mlp, degree: 1}, computation: {kind: basic, network: mlp}}";

TEST(CodedModel, ReadsSeed002sCodeWithItsDefaults) {
  const Scenario s = coded(kBasicMlp);
  ASSERT_TRUE(s.model.coded);
  const nn::CodedSpec& spec = *s.model.coded;
  EXPECT_EQ(spec.image, (nn::Shape{1, 28, 28}));
  EXPECT_EQ(spec.classes, 10);
  EXPECT_EQ(spec.inputs, 2);
  EXPECT_EQ(spec.encoder, nn::CodedSpec::Net::mlp);
  EXPECT_EQ(spec.encoder_degree, 1);
  EXPECT_EQ(spec.computation, nn::CodedSpec::Computation::basic);
  EXPECT_EQ(spec.recovery_threshold(), 2);
  EXPECT_EQ(spec.channels, 40);  // 20 filters per input, after seed 002's reference [10]
  EXPECT_EQ(spec.hidden, (std::vector<int>{200, 100}));
  EXPECT_TRUE(s.model.layers.empty());
  const auto& options = s.scheme.options_as<schemes::InferCodedOptions>();
  EXPECT_EQ(options.placement, schemes::InferCodedOptions::Placement::frontend);
  EXPECT_FALSE(options.deadline);
}

TEST(CodedModel, ADataComputationOfDegreePRaisesTheThresholdToGPPlusOne) {
  const Scenario s = coded("{inputs: 4, encoder: {network: conv, degree: 2}, computation: {kind: data, network: conv, "
                           "degree: 2}, channels: 8, hidden: [30]}",
                           ", placement: workers", 5, "{queries: 8, arrivals: all_at_once, batch: 4}");
  const nn::CodedSpec& spec = *s.model.coded;
  EXPECT_EQ(spec.recovery_threshold(), 5);
  EXPECT_EQ(spec.channels, 8);
  EXPECT_EQ(spec.hidden, std::vector<int>{30});
  EXPECT_EQ(s.scheme.options_as<schemes::InferCodedOptions>().placement,
            schemes::InferCodedOptions::Placement::workers);
}

TEST(CodedModel, AddsItsCodeToTheCanonicalText) {
  const std::string text = canonical_text(coded(kBasicMlp));
  for (const char* line :
       {"model.coded.inputs=2\n", "model.coded.encoder.network=mlp\n", "model.coded.encoder.degree=1\n",
        "model.coded.computation.kind=basic\n", "model.coded.computation.network=mlp\n", "model.coded.channels=40\n",
        "model.coded.hidden=[200, 100]\n", "scheme.placement=frontend\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << " in\n" << text;
  EXPECT_NE(scenario_hash(coded(kBasicMlp)),
            scenario_hash(coded("{inputs: 2, encoder: {network: mlp, degree: 2}, computation: {kind: basic, "
                                "network: mlp}}")));
}

std::string error_of(const std::string& model, const std::string& keys, int workers, const std::string& serving) {
  try {
    coded(model, keys, workers, serving);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

TEST(CodedModel, RefusesFewerWorkersThanTheThresholdAndIllConditionedDecoding) {
  const std::string serving = "{queries: 4, arrivals: all_at_once, batch: 2}";
  EXPECT_NE(error_of("{inputs: 2, encoder: {network: mlp, degree: 2}, computation: {kind: basic, network: mlp}}", "",
                     2, serving)
                .find("expected at least 3 workers"),
            std::string::npos);
  // Degree 4 decoded from the worst 5 of 12 points n / 13 amplifies rounding 6,400 times (allowed);
  // degree 6 from the worst 7 of 12, 40,000 times (refused).
  EXPECT_EQ(error_of("{inputs: 2, encoder: {network: mlp, degree: 4}, computation: {kind: basic, network: mlp}}", "",
                     12, serving),
            "no error");
  EXPECT_NE(error_of("{inputs: 2, encoder: {network: mlp, degree: 6}, computation: {kind: basic, network: mlp}}", "",
                     12, serving)
                .find("amplifies the rounding of their answers 4.02e+04 times"),
            std::string::npos);
}

TEST(CodedModel, RequestsMustHoldWholeGroups) {
  EXPECT_NE(error_of(kBasicMlp, "", 3, "{queries: 4, arrivals: all_at_once, batch: 3}")
                .find("serving.batch: expected a multiple of the coded model's 2 inputs"),
            std::string::npos);
  EXPECT_NE(error_of(kBasicMlp, "", 3, "{queries: 5, arrivals: all_at_once, batch: 2}")
                .find("serving.queries: expected a multiple of serving.batch (2)"),
            std::string::npos);
}

}  // namespace
}  // namespace ssim::scenario
