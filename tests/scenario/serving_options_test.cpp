// The serving schemes' keys and the serving section: defaults, values read, and the lines they add
// to the canonical text (training scenarios' text is unchanged: they have no such lines).
#include "scenario/canonical.hpp"
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include "schemes/serving_options.hpp"
#include <gtest/gtest.h>
#include <string>

namespace ssim::scenario {
namespace {

Scenario serving_scenario(const std::string& scheme, const std::string& serving) {
  return testing::parse_text("name: s\nplatform: {topology: star, hosts: 4}\ndata: {dataset: iris}\n"
                             "model: {layers: [4, 5, 3]}\nscheme: " + scheme + "\nserving: " + serving + "\n");
}

TEST(ServingOptions, InferSingleDispatchesRoundRobinUnlessToldOtherwise) {
  const auto defaults = serving_scenario("{name: infer_single, workers: 3, epochs: 1}", "{queries: 5, arrivals: all_at_once}");
  const auto& options = defaults.scheme.options_as<schemes::InferSingleOptions>();
  EXPECT_EQ(options.dispatch, schemes::InferSingleOptions::Dispatch::round_robin);
  EXPECT_FALSE(options.request_timeout);
  const auto set = serving_scenario("{name: infer_single, workers: 3, epochs: 1, dispatch: least_loaded, request_timeout: 2ms}",
                                    "{queries: 5, arrivals: all_at_once}");
  EXPECT_EQ(set.scheme.options->canonical_lines(),
            (CanonicalLines{{"dispatch", "least_loaded"}, {"request_timeout", "0.002"}}));
}

TEST(ServingOptions, InferReplicatedReadsReplicasAndLosers) {
  const auto defaults = serving_scenario("{name: infer_replicated, workers: 3, epochs: 1}", "{queries: 5, arrivals: all_at_once}");
  EXPECT_EQ(defaults.scheme.options->canonical_lines(),
            (CanonicalLines{{"replicas", "2"}, {"losers", "ignore"}, {"request_timeout", ""}}));
  const auto set = serving_scenario("{name: infer_replicated, workers: 3, epochs: 1, replicas: 3, losers: cancel}",
                                    "{queries: 5, arrivals: all_at_once}");
  const auto& options = set.scheme.options_as<schemes::InferReplicatedOptions>();
  EXPECT_EQ(options.replicas, 3);
  EXPECT_EQ(options.losers, schemes::InferReplicatedOptions::Losers::cancel);
}

TEST(ServingOptions, TheDefaultOfTwoReplicasNeedsTwoWorkers) {
  try {
    serving_scenario("{name: infer_replicated, workers: 1, epochs: 1}", "{queries: 5, arrivals: all_at_once}");
    FAIL() << "two replicas on one worker";
  } catch (const ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("missing key 'replicas': its default, 2, is more than the 1 worker(s)"),
              std::string::npos)
        << error.what();
  }
}

TEST(ServingSection, ReadsTheStreamAndTrainsByDefault) {
  const auto s = serving_scenario("{name: infer_single, workers: 2, epochs: 1}",
                                  "{queries: 1000, arrivals: interval, interval: 2ms, batch: 4}");
  ASSERT_TRUE(s.serving);
  EXPECT_EQ(s.serving->queries, 1000);
  EXPECT_EQ(s.serving->arrivals, Serving::Arrivals::interval);
  EXPECT_DOUBLE_EQ(s.serving->interval, 0.002);
  EXPECT_EQ(s.serving->batch, 4);
  EXPECT_TRUE(s.serving->model.empty());
  const std::string text = canonical_text(s);
  for (const char* line : {"scheme.dispatch=round_robin\n", "serving.queries=1000\n", "serving.arrivals=interval\n",
                           "serving.interval=0.002\n", "serving.batch=4\n", "serving.model_fnv1a=train\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << " missing from\n" << text;
}

TEST(ServingSection, TrainingScenariosHaveNoServingLines) {
  const auto s = testing::parse_text("name: s\nplatform: {topology: star, hosts: 3}\ndata: {dataset: iris}\n"
                                     "model: {layers: [4, 5, 3]}\nscheme: {name: ps_sync, workers: 2, epochs: 1}\n");
  EXPECT_FALSE(s.serving);
  EXPECT_EQ(canonical_text(s).find("serving."), std::string::npos);
}

}  // namespace
}  // namespace ssim::scenario
