#include "isolated_run.hpp"
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using ssim::testing::run_isolated;
using ssim::testing::small_scenario;

namespace {

namespace fs = std::filesystem;

std::string ring(int workers, int epochs = 1) {
  return fmt::format(
      "scheme: {{name: ring_allreduce, workers: {}, epochs: {}, batch_size: 16, optimizer: {{type: sgd, lr: 0.1}}}}\n",
      workers, epochs);
}

std::string ps(int workers) {
  return fmt::format(
      "scheme: {{name: ps_sync, workers: {}, epochs: 1, batch_size: 16, optimizer: {{type: sgd, lr: 0.1}}}}\n", workers);
}

// What `stragglesim run` writes: summary.json, and bytes out and in by host from hosts.csv.
struct Written {
  nlohmann::json summary;
  std::vector<double> bytes_out, bytes_in;
};

// Runs the scenario as the command line does, in a child process (one simulation per process).
Written run_written(const ssim::scenario::Scenario& scenario) {
  static int count = 0;
  const auto dir = fs::temp_directory_path() / fmt::format("ssim-ring-{}-{}", getpid(), count++);
  ssim::testing::run_into(scenario, dir);
  Written written{.summary = nlohmann::json::parse(std::ifstream(dir / "summary.json")), .bytes_out = {}, .bytes_in = {}};
  std::ifstream hosts(dir / "hosts.csv");
  auto cells = [&hosts] {
    std::string line;
    std::vector<std::string> row;
    if (std::getline(hosts, line)) {
      std::stringstream fields(line);
      for (std::string cell; std::getline(fields, cell, ',');) row.push_back(cell);
    }
    return row;
  };
  const auto header = cells();
  auto column = [&header](const std::string& name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
  const auto out = column("bytes_out"), in = column("bytes_in");
  for (auto row = cells(); !row.empty(); row = cells()) {
    written.bytes_out.push_back(std::stod(row.at(out)));
    written.bytes_in.push_back(std::stod(row.at(in)));
  }
  fs::remove_all(dir);
  return written;
}

float max_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
  float most = 0;
  for (std::size_t i = 0; i < a.size(); ++i) most = std::max(most, std::abs(a[i] - b[i]));
  return most;
}

}  // namespace

TEST(RingAllreduceScheme, OneWorkerTrainsExactlyLikeSingle) {
  const auto single = run_isolated(small_scenario(
      "scheme: {name: single, epochs: 2, batch_size: 16, optimizer: {type: sgd, lr: 0.1, momentum: 0.9}}"));
  const auto alone = run_isolated(small_scenario(
      "scheme: {name: ring_allreduce, workers: 1, epochs: 2, batch_size: 16, optimizer: {type: sgd, lr: 0.1, "
      "momentum: 0.9}}"));
  EXPECT_EQ(alone.parameters, single.parameters);
  EXPECT_EQ(alone.steps, single.steps);
  EXPECT_NEAR(alone.ratio(), 1.0, 1e-9);
}

TEST(RingAllreduceScheme, AveragesTheSameGradientsAsTheParameterServer) {
  // 16-64-4 has 1348 parameters: uneven chunks for 3 workers. The ring sums each chunk in another
  // order than the server, so only two workers (a + b == b + a) give the very same bits.
  const std::string model = "model: {layers: [16, 64, 4]}\n";
  for (int workers : {2, 3, 4}) {
    const auto by_ring = run_isolated(small_scenario(model + ring(workers)));
    const auto by_server = run_isolated(small_scenario(model + ps(workers)));
    ASSERT_EQ(by_ring.parameters.size(), 1348u);
    EXPECT_EQ(by_ring.steps, by_server.steps);
    EXPECT_LT(max_abs_difference(by_ring.parameters, by_server.parameters), 1e-5f) << workers << " workers";
    if (workers == 2) {
      EXPECT_EQ(by_ring.parameters, by_server.parameters);
    }
  }
}

TEST(RingAllreduceScheme, EveryWorkerSendsTwoNMinus1OverNOfTheGradientPerIteration) {
  // 16-64-64-4 has 5508 parameters (22032 bytes), divisible by 2, 3 and 4.
  const double gradient_bytes = 5508 * 4;
  for (int workers : {2, 3, 4}) {
    const auto run = run_written(small_scenario("model: {layers: [16, 64, 64, 4]}\n" + ring(workers)));
    const auto& counters = run.summary["counters"];
    const long iterations = run.summary["iterations"];
    const double expected = iterations * 2.0 * (workers - 1) / workers * gradient_bytes;
    EXPECT_EQ(iterations, (512 / workers + 15) / 16);  // a smaller last batch sends as much
    EXPECT_EQ(counters["chunk_values"].get<std::vector<long>>(), std::vector<long>(workers, 5508 / workers));
    EXPECT_EQ(counters["allreduce_bytes_sent"].get<std::vector<double>>(), std::vector<double>(workers, expected))
        << workers << " workers";
    EXPECT_EQ(run.bytes_out, std::vector<double>(workers, expected));  // the ring sends nothing else
    EXPECT_EQ(run.bytes_in, std::vector<double>(workers, expected));
    EXPECT_TRUE(counters["replicas_identical"].get<bool>());
  }
}

TEST(RingAllreduceScheme, SimulatedTimeWithinOnePercentOfTheModelOnStarAndRing) {
  for (int workers = 2; workers <= 6; ++workers)
    for (const auto& topology : {std::string("star, hosts: 6"), fmt::format("ring, hosts: {}", workers)})
      for (const char* bandwidth : {"10MBps", "1GBps"})
        for (const char* latency : {"10us", "5ms"}) {
          const auto run = run_isolated(small_scenario(
              fmt::format("platform: {{topology: {}, bandwidth: {}, latency: {}}}\n", topology, bandwidth, latency) +
              "model: {layers: [16, 64, 4]}\n" + ring(workers)));
          EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << workers << " workers, " << topology << ", " << bandwidth << ", "
                                              << latency;
        }
}

TEST(RingAllreduceScheme, BandwidthBoundRingStaysNearlyFlatWhileTheServerGrowsLinearly) {
  // 16-512-512-4 has 273412 parameters (1.1 MB) on 10 MB/s links: a round of the server moves 2N
  // gradients through its link, a ring iteration 2(N-1)/N gradients through each worker's.
  const std::string setup =
      "platform: {topology: star, hosts: 9, bandwidth: 10MBps, latency: 10us}\n"
      "model: {layers: [16, 512, 512, 4]}\n";
  std::map<int, double> ring_iteration, ps_iteration;
  for (int workers : {2, 4, 8}) {
    const auto by_ring = run_isolated(small_scenario(setup + ring(workers)));
    const auto by_server = run_isolated(small_scenario(setup + ps(workers)));
    EXPECT_NEAR(by_ring.ratio(), 1.0, 0.01) << workers;
    EXPECT_NEAR(by_server.ratio(), 1.0, 0.01) << workers;
    ring_iteration[workers] = by_ring.simulated_time_s / by_ring.steps;
    ps_iteration[workers] = by_server.simulated_time_s / by_server.steps;
  }
  EXPECT_LT(ring_iteration[8], 2 * ring_iteration[2]);  // 2(N-1)/N never reaches 2
  EXPECT_GT(ps_iteration[8], 3.5 * ps_iteration[2]);
  EXPECT_GT(ps_iteration[8], 5 * ring_iteration[8]);
}

TEST(RingAllreduceScheme, StragglersKeepReplicasIdenticalAndTheScheduleModelFollowsThem) {
  // A slow worker lets its neighbours run ahead, a window slows only the work inside it, and a
  // straggle leaves an offset between neighbours: the model's recursion follows all of them.
  const std::string setup = "model: {layers: [16, 64, 64, 4]}\n" + ring(4, 2);
  for (const char* stragglers :
       {"[{worker: 2, slowdown: 4}]", "[{worker: 1, slowdown: 1.5}]", "[{probability: 0.2, slowdown: 3}]",
        "[{worker: 3, probability: 0.5, slowdown: 4}]", "[{worker: 0, slowdown: 5, from: 0.01, to: 0.03}]"}) {
    const auto run = run_written(small_scenario(setup + "stragglers: " + stragglers));
    EXPECT_TRUE(run.summary["counters"]["replicas_identical"].get<bool>()) << stragglers;
    EXPECT_NEAR(run.summary["model"]["simulated_over_predicted"].get<double>(), 1.0, 1e-5) << stragglers;
    EXPECT_EQ(run.summary["model"]["kind"], "exact");
  }
}

TEST(RingAllreduceScheme, AFarPairDelaysOnlyTheChunksThatCrossIt) {
  // Five workers on a ring of eight hosts: worker 4 reaches worker 0 in four hops. The paper's
  // lock-step form would charge every step those four hops; the recursion charges them only where crossed.
  const auto run = run_isolated(
      small_scenario("platform: {topology: ring, hosts: 8, bandwidth: 100MBps, latency: 1ms}\n" + ring(5)));
  EXPECT_NEAR(run.ratio(), 1.0, 1e-5);
}

TEST(RingAllreduceScheme, AFailedWorkerBreaksTheRingAndEveryoneElseStops) {
  const std::string setup = "model: {layers: [16, 64, 4]}\n" + ring(4, 2);
  const auto baseline = run_written(small_scenario(setup));
  const double end = baseline.summary["simulated_time_s"];
  const long iterations = baseline.summary["iterations"];
  for (int failed : {1, 0}) {
    const double fail_at = end / 3;
    const auto run =
        run_written(small_scenario(setup + fmt::format("stragglers: [{{worker: {}, fail_at: {}}}]", failed, fail_at)));
    const auto& s = run.summary;
    const double timeout = s["counters"]["silence_timeout_s"], stopped = s["simulated_time_s"];
    const long done = s["iterations"];
    EXPECT_EQ(s["status"].get<std::string>(), "stopped_by_failures");
    ASSERT_EQ(s["failures"].size(), 1u);
    EXPECT_EQ(s["failures"][0]["host"].get<std::string>(), fmt::format("host-{}", failed));
    EXPECT_DOUBLE_EQ(s["failures"][0]["time_s"].get<double>(), fail_at);
    EXPECT_EQ(s["counters"]["stopped_by_silence"].get<long>(), 3);
    // Worker 0's replica, alive or not, is the result: the steps it took before the failure.
    EXPECT_GT(done, 0);
    EXPECT_LT(done, iterations / 2);
    EXPECT_GT(s["final_test_accuracy"].get<double>(), 0.0);
    // Each survivor gives up one timeout after it last heard from its predecessor.
    EXPECT_GT(stopped, fail_at + timeout);
    EXPECT_LT(stopped, fail_at + 1.5 * timeout);
  }
}
