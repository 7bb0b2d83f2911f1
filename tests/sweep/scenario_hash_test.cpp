// A point's scenario_hash: the same on every machine, and changed by every value that changes a run.
#include "common/fnv1a.hpp"
#include "scenario/canonical.hpp"
#include "scenario/load.hpp"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace ssim::scenario;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPlatform = "<?xml version='1.0'?><platform version='4.1'/>\n";

const std::string kScenario = R"(
name: hashed
seed: 7
platform: {file: platform.xml, roles: [b, a, c]}
data: {dataset: synthetic, features: 4, classes: 3, train_samples: 60, test_samples: 30}
model: {layers: [4, 8, 3], activation: sigmoid}
scheme: {name: ps_sync, workers: 2, epochs: 2, batch_size: 10, round_timeout: 0.5, optimizer: {type: sgd, lr: 0.05, momentum: 0.9}}
stragglers:
  - {worker: 1, slowdown: 2.5}
  - {probability: 0.1, slowdown: 4}
)";

// A folder holding platform.xml with `content`.
fs::path folder_with_platform(const std::string& name, const std::string& content = kPlatform) {
  const fs::path dir = fs::temp_directory_path() / ("ssim-hash-" + std::to_string(getpid())) / name;
  fs::create_directories(dir);
  std::ofstream(dir / "platform.xml") << content;
  return dir;
}

Scenario parsed(const fs::path& dir, const std::vector<Override>& overrides = {}) {
  return parse(kScenario, (dir / "hashed.yaml").string(), dir.string(), overrides);
}

}  // namespace

TEST(ScenarioHash, IsFnv1a64) {
  EXPECT_EQ(ssim::fnv1a(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(ssim::fnv1a("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(ssim::fnv1a("foobar"), 0x85944171f73967e8ull);
}

TEST(ScenarioHash, CanonicalTextNamesEveryValueThatChangesARun) {
  const std::string expected =
      "format=2\n"
      "seed=7\n"
      "platform.topology=file\n"
      "platform.file_fnv1a=6103c1c821f9ba8c\n"
      "platform.roles=[b, a, c]\n"
      "network_model=ideal\n"
      "data.dataset=synthetic\n"
      "data.path=\n"
      "data.train_samples=60\n"
      "data.test_samples=30\n"
      "data.features=4\n"
      "data.classes=3\n"
      "model.input=4\n"
      "model.layers=2\n"
      "model.layers[0]=dense 8, sigmoid, weights he, biases constant(0)\n"
      "model.layers[1]=dense 3, linear, weights he, biases constant(0)\n"
      "model.loss=cross_entropy\n"
      "scheme.name=ps_sync\n"
      "scheme.workers=2\n"
      "scheme.epochs=2\n"
      "scheme.batch_size=10\n"
      "scheme.optimizer.type=sgd\n"
      "scheme.optimizer.lr=0.05\n"
      "scheme.optimizer.momentum=0.9\n"
      "scheme.optimizer.beta1=0.9\n"
      "scheme.optimizer.beta2=0.999\n"
      "scheme.optimizer.epsilon=1e-08\n"
      "scheme.wait_for=0\n"
      "scheme.round_timeout=0.5\n"
      "scheme.bytes_per_value=4\n"
      "scheme.split=random\n"
      "scheme.aggregation=average\n"
      "scheme.ship=indices\n"
      "scheme.fetch_every=1\n"
      "scheme.push_every=1\n"
      "scheme.in_flight=0\n"
      "scheme.placement=[]\n"
      "stragglers=2\n"
      "stragglers.0.kind=slow\n"
      "stragglers.0.worker=1\n"
      "stragglers.0.host=\n"
      "stragglers.0.slowdown=2.5\n"
      "stragglers.0.probability=0\n"
      "stragglers.0.from=0\n"
      "stragglers.0.to=0\n"
      "stragglers.0.fail_at=0\n"
      "stragglers.1.kind=random\n"
      "stragglers.1.worker=\n"
      "stragglers.1.host=\n"
      "stragglers.1.slowdown=4\n"
      "stragglers.1.probability=0.1\n"
      "stragglers.1.from=0\n"
      "stragglers.1.to=0\n"
      "stragglers.1.fail_at=0\n";
  EXPECT_EQ(canonical_text(parsed(folder_with_platform("text"))), expected);
}

// A scheme's options take the places format 2 gave the options of its six schemes (the others
// writing their defaults there), and options no scheme of format 2 had follow, in the scheme's
// order: adding a scheme changes no other scenario's hash.
TEST(ScenarioHash, OptionsOfLaterSchemesFollowTheLinesOfFormat2) {
  struct LaterOptions final : SchemeOptions {
    CanonicalLines canonical_lines() const override { return {{"dispatch", "least_loaded"}, {"wait_for", "2"}}; }
  };
  Scenario s = parsed(folder_with_platform("later"));
  s.scheme.options = std::make_shared<const LaterOptions>();
  const std::string text = canonical_text(s);
  EXPECT_NE(text.find("scheme.optimizer.epsilon=1e-08\n"
                      "scheme.wait_for=2\n"
                      "scheme.round_timeout=\n"
                      "scheme.bytes_per_value=4\n"
                      "scheme.split=random\n"
                      "scheme.aggregation=average\n"
                      "scheme.ship=indices\n"
                      "scheme.fetch_every=1\n"
                      "scheme.push_every=1\n"
                      "scheme.in_flight=0\n"
                      "scheme.placement=[]\n"
                      "scheme.dispatch=least_loaded\n"
                      "stragglers=2\n"),
            std::string::npos)
      << text;
}

TEST(ScenarioHash, IsTheSameOnEveryMachine) {
  // Fixed here: a hash that depended on the machine, the build or where the files are would fail.
  EXPECT_EQ(scenario_hash(parsed(folder_with_platform("golden"))), "85fd76f88c78f9b2");
}

TEST(ScenarioHash, ChangesWithEveryValueThatChangesARun) {
  const std::string base = scenario_hash(parsed(folder_with_platform("base")));
  for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
           {"seed", "8"},
           {"scheme.optimizer.lr", "0.06"},
           {"scheme.epochs", "3"},
           {"scheme.round_timeout", "0.6"},
           {"stragglers.1.probability", "0.2"},
           {"platform.roles", "[a, b, c]"},
           {"data.train_samples", "61"},
           {"model.activation", "relu"},
           {"compute", "timing"}}) {
    EXPECT_NE(scenario_hash(parsed(folder_with_platform("base"), {{path, value}})), base) << path << "=" << value;
  }
  EXPECT_NE(scenario_hash(parsed(folder_with_platform("edited", std::string(kPlatform) + "<!-- -->\n"))), base)
      << "an edited platform file changes the hash";
}

// Real runs keep the hash they had before timing mode: only a timing run's text names it.
TEST(ScenarioHash, ComputeIsWrittenInTimingModeOnly) {
  const auto dir = folder_with_platform("compute");
  EXPECT_EQ(canonical_text(parsed(dir, {{"compute", "real"}})), canonical_text(parsed(dir)));
  const std::string timed = canonical_text(parsed(dir, {{"compute", "timing"}}));
  EXPECT_NE(timed.find("network_model=ideal\ncompute=timing\ndata.dataset=synthetic\n"), std::string::npos) << timed;
}

TEST(ScenarioHash, IgnoresTheNameAndWhereTheFilesAre) {
  const std::string base = scenario_hash(parsed(folder_with_platform("here")));
  EXPECT_EQ(scenario_hash(parsed(folder_with_platform("elsewhere"))), base) << "the platform file counts by content";
  EXPECT_EQ(scenario_hash(parsed(folder_with_platform("here"), {{"name", "renamed"}})), base);
}
