#include "scenario/load.hpp"
#include <gtest/gtest.h>

using namespace ssim::scenario;

namespace {

const char* kBase = R"(name: base
platform: {topology: star, hosts: 5}
data: {dataset: synthetic, features: 4, classes: 2}
model: {layers: [4, 2]}
scheme: {name: ps_sync, workers: 2, epochs: 1}
stragglers:
  - {worker: 1, slowdown: 2}
)";

Scenario with(std::vector<std::string> sets) {
  std::vector<Override> overrides;
  for (const auto& s : sets) overrides.push_back(parse_override(s));
  return parse(kBase, "base.yaml", ".", overrides);
}

std::string error_of(std::vector<std::string> sets) {
  try {
    with(std::move(sets));
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Overrides, SetScalarsListElementsAndNewKeys) {
  const auto s = with({"scheme.workers=4", "stragglers.0.slowdown=3.5", "seed=9", "scheme.batch_size=8",
                       "network_model=simgrid"});
  EXPECT_EQ(s.scheme.workers, 4);
  EXPECT_DOUBLE_EQ(s.stragglers[0].slowdown, 3.5);
  EXPECT_EQ(s.seed, 9u);
  EXPECT_EQ(s.scheme.batch_size, 8);
  EXPECT_EQ(s.network_model, NetworkModel::simgrid);
}

TEST(Overrides, AWholeSectionCanBeReplaced) {
  const auto s = with({"platform={topology: ring, hosts: 7, latency: 1ms}"});
  EXPECT_EQ(s.platform.topology, Platform::Topology::ring);
  EXPECT_EQ(s.platform.hosts, 7);
  EXPECT_DOUBLE_EQ(s.platform.latency, 1e-3);
}

TEST(Overrides, LaterOverridesWin) {
  EXPECT_EQ(with({"scheme.workers=3", "scheme.workers=4"}).scheme.workers, 4);
}

TEST(Overrides, BadValuesNameTheKeyAndTheCommandLine) {
  EXPECT_EQ(error_of({"scheme.workers=four"}),
            "base.yaml: (set on the command line) scheme.workers: expected an integer >= 1 (got 'four')");
  EXPECT_EQ(error_of({"scheme.wrokers=4"}).rfind("base.yaml: (set on the command line) scheme.wrokers: unknown key", 0),
            0u);
  EXPECT_EQ(error_of({"scheme.workers=5"}),
            "base.yaml:2:35: platform.hosts: 5 hosts cannot hold a server and 5 workers");
}

TEST(Overrides, BadPathsAreRejected) {
  EXPECT_EQ(error_of({"stragglers.3.slowdown=2"}),
            "base.yaml: --set stragglers.3.slowdown=2: '3' is not an index of a list of 1");
  EXPECT_EQ(error_of({"name.first=x"}), "base.yaml: --set name.first=x: 'name' is a value, not a map or list");
  EXPECT_EQ(error_of({"seed=[1, 2"}).rfind("base.yaml: --set seed=[1, 2: the value is not valid YAML", 0), 0u);
  EXPECT_THROW(parse_override("workers"), ScenarioError);
  EXPECT_THROW(parse_override("=3"), ScenarioError);
}

TEST(Overrides, ValuesNestedTooDeeplyAreRefusedAsSuch) {
  const std::string deep = std::string(600, '[') + std::string(600, ']');
  EXPECT_EQ(error_of({"name=" + deep}), "base.yaml: --set name=" + deep +
                                            ": lists and maps nested too deeply (yaml-cpp reads at most about 500 "
                                            "levels)");
}

TEST(Overrides, ALayerThatNoLongerFitsIsReportedAtTheValueSet) {
  const char* images = R"(name: images
platform: {topology: star, hosts: 1}
data: {dataset: synthetic, shape: [1, 6, 6], classes: 2}
model:
  layers:
    - {type: conv2d, filters: 2, kernel: 3}
    - {type: dense, units: 2}
scheme: {name: single, epochs: 1}
)";
  try {
    parse(images, "images.yaml", ".", {parse_override("model.layers.0.kernel=7")});
    FAIL() << "a 7x7 kernel fits a 6x6 image";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("images.yaml: (set on the command line) model.layers[0].kernel: layer 0 "
                                          "(conv2d): a 7x7 kernel",
                                          0),
              0u)
        << e.what();
  }
}
