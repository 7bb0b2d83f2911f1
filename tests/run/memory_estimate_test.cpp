#include "run/memory_estimate.hpp"
#include "scenario/load.hpp"
#include <gtest/gtest.h>
#include <string>

namespace ssim::run {
namespace {

scenario::Scenario small_ps(const std::string& platform = "{topology: star, hosts: 3}",
                            const std::string& layers = "[4, 10, 3]") {
  return scenario::parse("name: t\nplatform: " + platform +
                             "\ndata: {dataset: synthetic, features: 4, classes: 3}\nmodel: {layers: " + layers +
                             "}\nscheme: {name: ps_sync, workers: 2, epochs: 1, batch_size: 8}\n",
                         "test.yaml", ".");
}

TEST(MemoryEstimate, CountsDataModelCopiesAndHosts) {
  const auto estimate = estimate_memory(small_ps(), 100, 20);
  // 120 samples of 4 features and a label, 4 bytes each.
  EXPECT_DOUBLE_EQ(estimate.data_bytes, 120 * 5 * 4);
  // 83 parameters (5*10 + 11*3) of 4 bytes: parameters, gradients and a message for each of the
  // three replicas (two workers, the server) and two made around each update, no optimizer state
  // (sgd without momentum); a batch of
  // 8 on each worker, with 3 values per unit of 10+3, and one input batch of 8 x 4 (3 values per
  // unit); a forward pass over the 20 test samples with 2 values per unit of 10+3.
  EXPECT_DOUBLE_EQ(estimate.model_bytes, (3 * 3 + 2) * 83 * 4 + 2 * 8 * 3 * 13 * 4 + 8 * 3 * 4 * 4 + 20 * 2 * 13 * 4);
  // The process, 3 hosts and 3 actors.
  EXPECT_DOUBLE_EQ(estimate.simulator_bytes, 36e6 + 3 * 3e3 + 3 * 30e3);
  EXPECT_DOUBLE_EQ(estimate.total(), estimate.data_bytes + estimate.model_bytes + estimate.simulator_bytes);
}

TEST(MemoryEstimate, TimingModeHoldsNoDataAndNoModel) {
  auto timed = small_ps("{topology: star, hosts: 100001}");
  timed.scheme.workers = 100000;
  timed.compute = scenario::Compute::timing;
  const auto estimate = estimate_memory(timed, 6'400'000, 10'000);
  EXPECT_DOUBLE_EQ(estimate.data_bytes, 0);
  EXPECT_DOUBLE_EQ(estimate.model_bytes, 0);
  EXPECT_DOUBLE_EQ(estimate.simulator_bytes, 36e6 + 100001 * 3e3 + 100001 * 30e3);
}

TEST(MemoryEstimate, AdamKeepsTwoMomentsWhereTheModelIsStepped) {
  auto sgd = small_ps();
  auto adam = sgd;
  adam.scheme.optimizer.type = scenario::Optimizer::Type::adam;
  const auto extra = [&] {
    return estimate_memory(adam, 100, 20).model_bytes - estimate_memory(sgd, 100, 20).model_bytes;
  };
  EXPECT_DOUBLE_EQ(extra(), 2 * 83 * 4);  // ps_sync: on the server only
  for (scenario::Scenario* s : {&sgd, &adam}) {  // ring_allreduce, which has no options of its own
    s->scheme.name = "ring_allreduce";
    s->scheme.options = std::make_shared<const scenario::SchemeOptions>();
  }
  EXPECT_DOUBLE_EQ(extra(), 2 * 2 * 83 * 4);  // every worker steps its own copy
}

TEST(MemoryEstimate, ConvolutionsHoldTheirUnfoldedInputs) {
  // 1x4x4 images, conv 3x3 same (2 filters) -> 2x4x4, dense -> 3 classes: 20 + 99 parameters.
  auto cnn = small_ps();
  cnn.model.input = {1, 4, 4};
  nn::LayerSpec conv;
  conv.kind = nn::Conv2dSpec{.filters = 2, .kernel_height = 3, .kernel_width = 3, .padding = nn::Conv2dSpec::Padding::same};
  nn::LayerSpec dense;
  dense.kind = nn::DenseSpec{3};
  cnn.model.layers = {conv, dense};
  const auto estimate = estimate_memory(cnn, 100, 20);
  // Per sample: units 16 + 32 + 3 = 51, and the unfolded input of 9 taps at 16 positions = 144.
  // Training: 3 x 35 + 2 x 144 (the unfolded input and its gradient) values a sample kept on each
  // worker, and one input batch (3 x 16 a sample); evaluation: 2 x (32 + 3) + 144.
  EXPECT_DOUBLE_EQ(estimate.model_bytes, (3 * 3 + 2) * 119 * 4 + 2 * 8 * (3 * 35 + 2 * 144) * 4 + 8 * 3 * 16 * 4 +
                                             20 * (2 * 35 + 144) * 4);
}

TEST(MemoryEstimate, RefusesARunBeyondTheMachineAtTheKeyBehindIt) {
  Datasets datasets;
  datasets.train.features = nn::Matrix::Zero(4, 100);
  datasets.test.features = nn::Matrix::Zero(4, 20);
  EXPECT_NO_THROW(check_memory(small_ps(), datasets, 1e9));
  try {
    check_memory(small_ps("{topology: star, hosts: 1000000}"), datasets, 1e9);
    FAIL() << "a million hosts fit in 1 GB";
  } catch (const scenario::ScenarioError& error) {
    EXPECT_STREQ(error.what(),
                 "test.yaml:2:35: platform.hosts: the run would need about 3.0 GB of memory (data 0.0 GB, models "
                 "0.0 GB, simulator 3.0 GB for 1000000 hosts), but this machine has 1.0 GB available");
  }
  try {
    check_memory(small_ps("{topology: star, hosts: 3}", "[4, 100000, 1000, 3]"), datasets, 1e9);
    FAIL() << "a model of 1e8 parameters in 3 replicas fits in 1 GB";
  } catch (const scenario::ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("test.yaml:4:17: model.layers: the run would need about"),
              std::string::npos)
        << error.what();
  }
}

TEST(MemoryEstimate, ThisMachineHasSomeMemory) { EXPECT_GT(available_memory_bytes(), 1e6); }

}  // namespace
}  // namespace ssim::run
