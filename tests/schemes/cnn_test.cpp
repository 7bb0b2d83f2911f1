// Every training scheme trains image models: a small CNN (convolution, pooling, dropout, dense)
// on synthetic 2x6x6 images, with the same closed forms as for dense networks.
#include "isolated_run.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

using ssim::testing::run_isolated;
using ssim::testing::small_scenario;

namespace {

const std::string kImages =
    "data: {dataset: synthetic, shape: [2, 6, 6], classes: 4, train_samples: 256, test_samples: 64}\n";

// conv 2x6x6 -> 4x6x6 (76 parameters), pool -> 4x3x3, flatten 36, dense -> 4 (148): 224 parameters.
std::string cnn(const std::string& dropout = "    - {type: dropout, rate: 0.25}\n") {
  return kImages +
         "model:\n"
         "  layers:\n"
         "    - {type: conv2d, filters: 4, kernel: 3, padding: same, activation: relu}\n"
         "    - {type: maxpool2d, size: 2}\n" +
         dropout +
         "    - {type: flatten}\n"
         "    - {type: dense, units: 4}\n";
}

std::string scheme(const std::string& name, const std::string& options) {
  return fmt::format(
      "scheme: {{name: {}, {}epochs: 2, batch_size: 16, optimizer: {{type: sgd, lr: 0.1, momentum: 0.5}}}}\n", name,
      options.empty() ? "" : options + ", ");
}

}  // namespace

TEST(CnnSchemes, EverySchemeTrainsACnnAndMatchesItsClosedForm) {
  struct Case {
    std::string name, options;
    double tolerance;  // of simulated / predicted time, as each scheme's own tests hold it
  };
  const Case cases[] = {{"single", "", 1e-9},
                        {"ps_sync", "workers: 2", 0.01},
                        {"ring_allreduce", "workers: 2", 0.01},
                        {"downpour", "workers: 2", 0.01},
                        {"downpour_async", "workers: 2", 0.02},
                        {"ring_tmp", "workers: 2, in_flight: 1", 0.01}};
  for (const Case& c : cases) {
    const auto run = run_isolated(small_scenario(cnn() + scheme(c.name, c.options)));
    EXPECT_TRUE(run.training_completed) << c.name;
    EXPECT_EQ(run.parameters.size(), 224u) << c.name;
    EXPECT_NEAR(run.ratio(), 1.0, c.tolerance) << c.name;
    EXPECT_GT(*run.final_test_accuracy, 0.5) << c.name;  // four classes: chance is 0.25
  }
}

TEST(CnnSchemes, PsSyncWithOneWorkerGivesExactlyTheWeightsOfSingle) {
  // Dropout included: worker 0 draws the masks single draws.
  const auto single = run_isolated(small_scenario(cnn() + scheme("single", "")));
  const auto ps = run_isolated(small_scenario(cnn() + scheme("ps_sync", "workers: 1")));
  EXPECT_EQ(single.parameters, ps.parameters);
  EXPECT_EQ(single.steps, ps.steps);
}

TEST(CnnSchemes, RingTmpWithOneBatchInFlightTrainsExactlyLikeSingle) {
  // Without dropout (a pipeline draws each batch's masks from the batch), the arithmetic is single's.
  const auto single = run_isolated(small_scenario(cnn("") + scheme("single", "")));
  for (const char* nodes : {"workers: 2, in_flight: 1", "workers: 3, in_flight: 1, placement: [1, 2, 1]"}) {
    const auto ring = run_isolated(small_scenario(cnn("") + scheme("ring_tmp", nodes)));
    EXPECT_EQ(ring.parameters, single.parameters) << nodes;
  }
}

TEST(CnnSchemes, RingTmpSendsTheActivationsOfEachCut) {
  // Placement [1, 3]: the master holds the convolution and sends its 4x6x6 = 144 values a sample;
  // node 1 sends the 4 outputs back round to the master. Backward, the master sends the output
  // error (4) to node 1, which sends the convolution's error (144) back. 256 samples, 2 epochs.
  const auto run = run_isolated(small_scenario(cnn("") + scheme("ring_tmp", "workers: 2, in_flight: 1, placement: [1, 3]")));
  EXPECT_DOUBLE_EQ(run.hosts[0].bytes_out, (144 + 4) * 256 * 2 * 4.0);
  EXPECT_DOUBLE_EQ(run.hosts[1].bytes_out, (4 + 144) * 256 * 2 * 4.0);
  EXPECT_EQ(run.counters["ring_tmp_values_per_epoch_closed_form"].get<long>(), 2 * (144 + 4) * 256);
  EXPECT_EQ(run.counters["parameter_server_values_per_epoch_closed_form"].get<long>(), 2 * 224 * (256 / 16));
}
