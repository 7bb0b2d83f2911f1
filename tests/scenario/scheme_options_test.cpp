// Each scheme's own keys: the catalog that lists the schemes, what each scheme reads, its
// defaults, and the lines it gives the canonical text.
#include "scenario/load.hpp"
#include "scenario/scheme_catalog.hpp"
#include "scenario_text.hpp"
#include "schemes/downpour_async_options.hpp"
#include "schemes/downpour_options.hpp"
#include "schemes/ps_sync_options.hpp"
#include "schemes/ring_tmp_options.hpp"
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace ssim::scenario {
namespace {

// A scenario of six dense layers on iris (one per ring_tmp node at most) with `scheme` as its scheme map.
Scenario with_scheme(const std::string& scheme) {
  return testing::parse_text("name: s\nplatform: {topology: star, hosts: 7}\ndata: {dataset: iris}\n"
                             "model: {layers: [4, 5, 5, 5, 5, 5, 3]}\nscheme: " + scheme + "\n");
}

std::string error_of(const std::string& scheme) {
  try {
    with_scheme(scheme);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

TEST(SchemeCatalog, ListsEverySchemeOnceInOrderWithItsServer) {
  std::vector<std::string> names;
  std::vector<bool> servers, serving;
  std::vector<ModelForm> forms;
  for (const SchemeEntry& entry : scheme_catalog()) {
    names.emplace_back(entry.name);
    servers.push_back(entry.spec.has_server);
    serving.push_back(entry.spec.serves);
    forms.push_back(entry.spec.model_form);
    EXPECT_FALSE(entry.description.empty()) << entry.name;
    EXPECT_EQ(find_in_catalog(entry.name), &entry);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"single", "ps_sync", "downpour", "downpour_async", "ring_allreduce",
                                             "ring_tmp", "infer_single", "infer_replicated", "infer_partitioned",
                                             "infer_parity", "infer_coded"}));
  EXPECT_EQ(servers, (std::vector<bool>{false, true, true, true, false, false, true, true, true, true, true}));
  EXPECT_EQ(serving, (std::vector<bool>{false, false, false, false, false, false, true, true, true, true, true}));
  using enum ModelForm;
  EXPECT_EQ(forms, (std::vector<ModelForm>{layers, layers, layers, layers, layers, layers, layers, layers, partitioned,
                                           layers, coded}));
  EXPECT_EQ(find_in_catalog("psync"), nullptr);
}

TEST(SchemeOptions, SchemesWithoutKeysOfTheirOwnHoldTheBaseOptions) {
  for (const std::string name : {"single", "ring_allreduce"}) {
    const Scheme scheme = with_scheme("{name: " + name + ", epochs: 1}").scheme;
    EXPECT_EQ(typeid(*scheme.options), typeid(SchemeOptions)) << name;
    EXPECT_TRUE(scheme.options->canonical_lines().empty()) << name;
  }
}

TEST(SchemeOptions, PsSyncReadsWaitForAndRoundTimeout) {
  const Scheme defaults = with_scheme("{name: ps_sync, workers: 3, epochs: 1}").scheme;
  EXPECT_EQ(defaults.options_as<schemes::PsSyncOptions>().wait_for, 0);
  EXPECT_FALSE(defaults.options_as<schemes::PsSyncOptions>().round_timeout);
  EXPECT_EQ(defaults.options->canonical_lines(), (CanonicalLines{{"wait_for", "0"}, {"round_timeout", ""}}));

  const Scheme set = with_scheme("{name: ps_sync, workers: 3, epochs: 1, wait_for: 2, round_timeout: 250ms}").scheme;
  const auto& options = set.options_as<schemes::PsSyncOptions>();
  EXPECT_EQ(options.wait_for, 2);
  EXPECT_DOUBLE_EQ(*options.round_timeout, 0.25);
  EXPECT_EQ(options.canonical_lines(), (CanonicalLines{{"wait_for", "2"}, {"round_timeout", "0.25"}}));
  EXPECT_EQ(set.options_if<schemes::RingTmpOptions>(), nullptr);
}

TEST(SchemeOptions, DownpourReadsItsFourKeys) {
  const Scheme defaults = with_scheme("{name: downpour, workers: 2, epochs: 1}").scheme;
  EXPECT_EQ(defaults.options_as<schemes::DownpourOptions>().canonical_lines(),
            (CanonicalLines{{"round_timeout", ""}, {"split", "random"}, {"aggregation", "average"}, {"ship", "indices"}}));

  const Scheme set = with_scheme(
      "{name: downpour, workers: 3, epochs: 1, round_timeout: 2, split: class, aggregation: weighted, ship: data}")
                         .scheme;
  const auto& options = set.options_as<schemes::DownpourOptions>();
  EXPECT_DOUBLE_EQ(*options.round_timeout, 2.0);
  EXPECT_EQ(options.split, schemes::BlockSplitOptions::Split::by_class);
  EXPECT_EQ(options.aggregation, schemes::DownpourOptions::Aggregation::weighted);
  EXPECT_EQ(options.ship, schemes::DownpourOptions::Ship::data);
  EXPECT_EQ(options.canonical_lines(),
            (CanonicalLines{{"round_timeout", "2"}, {"split", "class"}, {"aggregation", "weighted"}, {"ship", "data"}}));
  EXPECT_NE(set.options_if<schemes::BlockSplitOptions>(), nullptr);  // a scheme that cuts the data into blocks
}

TEST(SchemeOptions, DownpourAsyncReadsSplitFetchAndPush) {
  const Scheme defaults = with_scheme("{name: downpour_async, workers: 2, epochs: 1}").scheme;
  EXPECT_EQ(defaults.options_as<schemes::DownpourAsyncOptions>().canonical_lines(), (CanonicalLines{{"split", "random"}, {"fetch_every", "1"}, {"push_every", "1"}}));

  const Scheme set =
      with_scheme("{name: downpour_async, workers: 2, epochs: 1, split: equal, fetch_every: 4, push_every: 3}").scheme;
  const auto& options = set.options_as<schemes::DownpourAsyncOptions>();
  EXPECT_EQ(options.split, schemes::BlockSplitOptions::Split::equal);
  EXPECT_EQ(options.fetch_every, 4);
  EXPECT_EQ(options.push_every, 3);
  EXPECT_EQ(options.canonical_lines(), (CanonicalLines{{"split", "equal"}, {"fetch_every", "4"}, {"push_every", "3"}}));
}

TEST(SchemeOptions, RingTmpReadsInFlightAndPlacement) {
  const Scheme defaults = with_scheme("{name: ring_tmp, workers: 2, epochs: 1, placement: auto}").scheme;
  EXPECT_EQ(defaults.options_as<schemes::RingTmpOptions>().canonical_lines(), (CanonicalLines{{"in_flight", "0"}, {"placement", "[]"}}));

  const Scheme set = with_scheme("{name: ring_tmp, workers: 3, epochs: 1, in_flight: 2, placement: [1, 3, 2]}").scheme;
  const auto& options = set.options_as<schemes::RingTmpOptions>();
  EXPECT_EQ(options.in_flight, 2);
  EXPECT_EQ(options.placement, (std::vector<int>{1, 3, 2}));
  EXPECT_EQ(options.canonical_lines(), (CanonicalLines{{"in_flight", "2"}, {"placement", "[1, 3, 2]"}}));
}

TEST(SchemeOptions, AKeyOfOtherSchemesNamesThemAll) {
  EXPECT_EQ(error_of("{name: ring_allreduce, workers: 2, epochs: 1, round_timeout: 2}"),
            "test.yaml:5:70: scheme.round_timeout: not allowed with scheme ring_allreduce (only with ps_sync, downpour)");
}

TEST(SchemeOptions, SchemesCheckTheModelAndTheData) {
  EXPECT_EQ(error_of("{name: ring_tmp, workers: 7, epochs: 1}"),
            "test.yaml:5:35: scheme.workers: ring_tmp gives every node at least one layer: at most 6 nodes for this "
            "model");
  EXPECT_EQ(error_of("{name: ring_tmp, workers: 2, epochs: 1, placement: [2, 3]}"),
            "test.yaml:5:60: scheme.placement: the layer counts add up to 5, but the model has 6 layers");
  // Iris has 3 classes: a class split needs 3 workers, for both Downpour schemes.
  EXPECT_EQ(error_of("{name: downpour, workers: 2, epochs: 1, split: class}"),
            "test.yaml:5:56: scheme.split: class split gives each worker one class: needs workers = 3 classes (got 2 "
            "workers)");
  EXPECT_EQ(error_of("{name: downpour_async, workers: 4, epochs: 1, split: class}"),
            "test.yaml:5:62: scheme.split: class split gives each worker one class: needs workers = 3 classes (got 4 "
            "workers)");
  EXPECT_EQ(with_scheme("{name: downpour, workers: 3, epochs: 1, split: class}").scheme.workers, 3);
}

}  // namespace
}  // namespace ssim::scenario
