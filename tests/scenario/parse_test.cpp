// Valid scenarios: every key converted to its typed value and unit, defaults, paths.
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include "schemes/ps_sync_options.hpp"
#include <gtest/gtest.h>
#include <filesystem>

namespace ssim::scenario {
namespace {

using testing::kFixtures;
using testing::parse_text;

std::string fixture(const std::string& name) { return (std::filesystem::path(kFixtures) / name).lexically_normal(); }

// The units of a model made of dense layers only, in order.
std::vector<int> dense_units(const Model& model) {
  std::vector<int> units;
  for (const nn::LayerSpec& layer : model.layers) units.push_back(std::get<nn::DenseSpec>(layer.kind).units);
  return units;
}

TEST(Parse, FullScenarioConvertsEveryField) {
  const Scenario s = parse_text(testing::kFullScenario);
  EXPECT_EQ(s.source, "test.yaml");
  EXPECT_EQ(s.name, "full-run_1.0");
  EXPECT_EQ(s.seed, 18446744073709551615ULL);

  EXPECT_EQ(s.platform.topology, Platform::Topology::ring);
  EXPECT_EQ(s.platform.hosts, 5);
  EXPECT_DOUBLE_EQ(s.platform.host_speed, 1.5e9);
  EXPECT_DOUBLE_EQ(s.platform.bandwidth, 125e6);
  EXPECT_DOUBLE_EQ(s.platform.latency, 5e-5);
  EXPECT_EQ(s.network_model, NetworkModel::simgrid);
  EXPECT_EQ(s.compute, Compute::timing);

  EXPECT_EQ(s.data.dataset, Data::Dataset::synthetic);
  EXPECT_EQ(s.data.shape, (nn::Shape{20, 1, 1}));
  EXPECT_EQ(s.data.classes, 3);
  EXPECT_EQ(s.data.train_samples, 600);
  EXPECT_EQ(s.data.test_samples, 100);
  EXPECT_EQ(s.data.path, "");

  // [20, 50, 50, 3]: 20 inputs, then dense layers of 50, 50 and 3.
  EXPECT_EQ(s.model.input, (nn::Shape{20, 1, 1}));
  EXPECT_EQ(dense_units(s.model), (std::vector<int>{50, 50, 3}));
  ASSERT_EQ(s.model.layers.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    // The model's activation on the hidden layers; the output layer is linear.
    EXPECT_EQ(s.model.layers[i].activation, i < 2 ? nn::Activation::leaky_relu : nn::Activation::linear) << i;
    EXPECT_EQ(s.model.layers[i].weight_init.kind, nn::Init::Kind::xavier) << i;
  }
  EXPECT_EQ(s.model.loss, nn::Loss::mse);

  EXPECT_EQ(s.scheme.name, "ps_sync");
  EXPECT_EQ(s.scheme.workers, 4);
  EXPECT_EQ(s.scheme.epochs, 3);
  EXPECT_EQ(s.scheme.batch_size, 32);
  EXPECT_EQ(s.scheme.optimizer.type, Optimizer::Type::adam);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.learning_rate, 0.01);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.beta1, 0.8);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.beta2, 0.99);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.epsilon, 1e-7);
  const auto& ps_sync = s.scheme.options_as<schemes::PsSyncOptions>();
  EXPECT_EQ(ps_sync.wait_for, 3);
  ASSERT_TRUE(ps_sync.round_timeout.has_value());
  EXPECT_DOUBLE_EQ(*ps_sync.round_timeout, 2.0);
  EXPECT_DOUBLE_EQ(s.scheme.bytes_per_value, 2.0);
  EXPECT_EQ(s.stragglers.size(), 4u);
}

TEST(Parse, EachStragglerKind) {
  const std::vector<Straggler> stragglers = parse_text(testing::kFullScenario).stragglers;
  ASSERT_EQ(stragglers.size(), 4u);

  const Straggler& slow = stragglers[0];
  EXPECT_EQ(slow.kind, Straggler::Kind::slow);
  EXPECT_EQ(slow.worker, 2);
  EXPECT_FALSE(slow.host.has_value());
  EXPECT_DOUBLE_EQ(slow.slowdown, 4.0);
  EXPECT_EQ(slow.line, 32);

  const Straggler& random = stragglers[1];
  EXPECT_EQ(random.kind, Straggler::Kind::random);
  EXPECT_FALSE(random.worker.has_value());
  EXPECT_FALSE(random.host.has_value());
  EXPECT_DOUBLE_EQ(random.probability, 0.1);
  EXPECT_DOUBLE_EQ(random.slowdown, 5.0);
  EXPECT_EQ(random.line, 33);

  const Straggler& window = stragglers[2];
  EXPECT_EQ(window.kind, Straggler::Kind::window);
  EXPECT_EQ(window.worker, 1);
  EXPECT_DOUBLE_EQ(window.slowdown, 3.0);
  EXPECT_DOUBLE_EQ(window.from, 0.01);
  EXPECT_DOUBLE_EQ(window.to, 2.0);

  const Straggler& fail = stragglers[3];
  EXPECT_EQ(fail.kind, Straggler::Kind::fail);
  EXPECT_FALSE(fail.worker.has_value());
  EXPECT_EQ(fail.host, "host-3");
  EXPECT_DOUBLE_EQ(fail.fail_at, 12.5);
  EXPECT_EQ(fail.line, 35);
}

TEST(Parse, RandomStragglerMayTargetOneWorker) {
  const Scenario s = parse_text(testing::kMinimalScenario + "stragglers: [{worker: 0, probability: 1, slowdown: 2}]\n");
  ASSERT_EQ(s.stragglers.size(), 1u);
  EXPECT_EQ(s.stragglers[0].kind, Straggler::Kind::random);
  EXPECT_EQ(s.stragglers[0].worker, 0);
  EXPECT_DOUBLE_EQ(s.stragglers[0].probability, 1.0);
}

TEST(Parse, DefaultsOfOptionalKeys) {
  const Scenario s = parse_text(testing::kMinimalScenario);
  EXPECT_EQ(s.seed, 0u);
  EXPECT_EQ(s.network_model, NetworkModel::ideal);
  EXPECT_EQ(s.compute, Compute::real);
  EXPECT_EQ(s.platform.topology, Platform::Topology::star);
  EXPECT_EQ(s.platform.hosts, 1);
  EXPECT_DOUBLE_EQ(s.platform.host_speed, 1e9);
  EXPECT_DOUBLE_EQ(s.platform.bandwidth, 125e6);
  EXPECT_DOUBLE_EQ(s.platform.latency, 50e-6);
  EXPECT_EQ(s.data.dataset, Data::Dataset::iris);
  EXPECT_EQ(s.data.path, "");  // the built-in copy
  EXPECT_EQ(s.data.train_samples, 0);
  EXPECT_EQ(s.data.test_samples, 0);
  EXPECT_EQ(s.model.input, (nn::Shape{4, 1, 1}));
  EXPECT_EQ(s.model.loss, nn::Loss::cross_entropy);
  EXPECT_EQ(s.scheme.name, "single");
  EXPECT_EQ(s.scheme.workers, 1);
  EXPECT_EQ(s.scheme.batch_size, 64);
  EXPECT_EQ(s.scheme.optimizer.type, Optimizer::Type::sgd);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.learning_rate, 0.1);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.momentum, 0.0);
  EXPECT_DOUBLE_EQ(s.scheme.bytes_per_value, 4.0);
  EXPECT_TRUE(s.stragglers.empty());
}

TEST(Parse, TimingModeWithTheSchemesThatRunIt) {
  for (const char* scheme :
       {"{name: single, epochs: 1}", "{name: ps_sync, workers: 2, epochs: 1}", "{name: ring_allreduce, workers: 2, epochs: 1}"}) {
    const std::string text = std::string("name: t\nplatform: {topology: star, hosts: 3}\ndata: {dataset: iris}\n"
                                         "model: {layers: [4, 3]}\nscheme: ") +
                             scheme + "\n";
    EXPECT_EQ(parse(text, "t.yaml", ".", {{"compute", "timing"}}).compute, Compute::timing) << scheme;
    EXPECT_EQ(parse(text, "t.yaml", ".", {{"compute", "real"}}).compute, Compute::real) << scheme;
  }
}

TEST(Parse, DefaultActivationAndInitOfTheShorthand) {
  std::string text = testing::kMinimalScenario;
  text.replace(text.find("[4, 3]"), 6, "[4, 5, 3]");
  const Scenario s = parse_text(text);
  ASSERT_EQ(s.model.layers.size(), 2u);
  EXPECT_EQ(s.model.layers[0].activation, nn::Activation::relu);
  EXPECT_EQ(s.model.layers[1].activation, nn::Activation::linear);
  for (const nn::LayerSpec& layer : s.model.layers) {
    EXPECT_EQ(layer.weight_init.kind, nn::Init::Kind::he);
    EXPECT_EQ(layer.bias_init.kind, nn::Init::Kind::constant);
    EXPECT_EQ(layer.bias_init.value, 0.0);
  }
}

TEST(Parse, SgdMomentum) {
  const Scenario s = parse_text(R"(name: sgd
platform: {topology: star, hosts: 3}
data: {dataset: iris}
model: {layers: [4, 3]}
scheme: {name: ps_sync, workers: 2, epochs: 1, optimizer: {lr: 0.05, momentum: 0.9}}
)");
  EXPECT_EQ(s.scheme.optimizer.type, Optimizer::Type::sgd);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.learning_rate, 0.05);
  EXPECT_DOUBLE_EQ(s.scheme.optimizer.momentum, 0.9);
  EXPECT_EQ(s.scheme.options_as<schemes::PsSyncOptions>().wait_for, 0);  // all workers
}

TEST(Parse, PlainNumbersAreInBaseUnits) {
  const Scenario s = parse_text(R"(name: numbers
platform: {topology: star, hosts: 1, host_speed: 2e9, bandwidth: 1000, latency: 0}
data: {dataset: iris}
model: {layers: [4, 3]}
scheme: {name: single, epochs: 1}
)");
  EXPECT_DOUBLE_EQ(s.platform.host_speed, 2e9);
  EXPECT_DOUBLE_EQ(s.platform.bandwidth, 1000);
  EXPECT_DOUBLE_EQ(s.platform.latency, 0);
}

TEST(Parse, PathsResolveAgainstTheScenarioFolder) {
  const Scenario s = load(kFixtures + "/relative_paths.yaml");
  EXPECT_EQ(s.platform.topology, Platform::Topology::file);
  EXPECT_EQ(s.platform.file, fixture("star_3.xml"));
  EXPECT_EQ(s.platform.roles, (std::vector<std::string>{"host-2", "host-0", "host-1"}));
  EXPECT_EQ(s.data.dataset, Data::Dataset::idx);
  EXPECT_EQ(s.data.path, fixture("idx"));
}

// Runs the test from another working directory and comes back, whatever happens.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const std::filesystem::path& path) { std::filesystem::current_path(path); }
  ~WorkingDirectory() { std::filesystem::current_path(before_); }

 private:
  std::filesystem::path before_ = std::filesystem::current_path();
};

TEST(Parse, RelativePathsAreMadeAbsolute) {
  const WorkingDirectory in_tests(STRAGGLESIM_TEST_DIR);
  const Scenario s = load("scenario/fixtures/relative_paths.yaml");
  EXPECT_EQ(s.source, "scenario/fixtures/relative_paths.yaml");
  EXPECT_TRUE(std::filesystem::path(s.platform.file).is_absolute());
  EXPECT_EQ(s.platform.file, fixture("star_3.xml"));
}

TEST(Parse, IrisFileIsResolved) {
  const Scenario s = parse_text(R"(name: iris
platform: {topology: star, hosts: 1}
data: {dataset: iris, path: ./iris_tiny.csv, train_samples: 8, test_samples: 2}
model: {layers: [4, 3]}
scheme: {name: single, epochs: 1}
)");
  EXPECT_EQ(s.data.path, fixture("iris_tiny.csv"));
  EXPECT_EQ(s.data.train_samples, 8);
}

TEST(Parse, FashionMnistDefaultsToTheInstalledCopy) {
  // The dataset is a build dependency (scripts/install-deps installs dataset-fashion-mnist).
  ASSERT_TRUE(std::filesystem::is_directory("/usr/share/datasets/fashion-mnist"));
  const Scenario s = parse_text(R"(name: fmnist
platform: {topology: star, hosts: 1}
data: {dataset: fashion-mnist}
model: {layers: [784, 10]}
scheme: {name: single, epochs: 1}
)");
  EXPECT_EQ(s.data.path, "/usr/share/datasets/fashion-mnist");
}

}  // namespace
}  // namespace ssim::scenario
