// infer_partitioned on a small star: a query's latency against its hand-computed time (parts out
// over the frontend's shared link, a node's compute, answers back, the decoder), the compute each
// host is charged, k of q and the deadline cutting a slow node off, a failed node's output taken
// as erased, a saved model served as it was saved, and seed 000's flop counts.
#include "isolated_run.hpp"
#include "report/saved_model.hpp"
#include "run/datasets.hpp"
#include "run/run.hpp"
#include "schemes/partitioned_model.hpp"
#include "schemes/scheme.hpp"
#include <gtest/gtest.h>
#include <filesystem>

namespace ssim::schemes {
namespace {

using testing::run_in_process;

// 16 features split over 4 nodes (values i, i + 4, ...), each a dense 4 -> 3 sigmoid; the decoder
// 12 -> 4. Hosts of 1 Gflop/s, every link 100 MB/s and 1 ms: frontend to node is two links.
constexpr auto kModel =
    "{partition: {parts: 4, split: interleave}, node: [{type: dense, units: 3, activation: sigmoid}], "
    "decoder: [{type: dense, units: 4}]}";
constexpr auto kSpacedOut = "{queries: 10, arrivals: interval, interval: 50ms}";

scenario::Scenario partitioned(const std::string& scheme, const std::string& serving, const std::string& stragglers = "[]") {
  return testing::small_scenario(std::string("model: ") + kModel + "\nscheme: " + scheme + "\nserving: " + serving +
                                 "\nstragglers: " + stragglers);
}

constexpr auto kFourNodes = "{name: infer_partitioned, workers: 4, epochs: 1, train_erasures: 1}";

nn::PartitionedNetwork network_of(const scenario::Scenario& scenario) { return partitioned_network(scenario); }

// Four parts of 4 float32 values leave together over the frontend's link, as their answers of 3
// values come back over it: with no queue every query takes this long.
double unqueued_latency(const scenario::Scenario& scenario) {
  const auto network = network_of(scenario);
  return (2e-3 + 4 * 16 / 100e6) + network.node_infer_flops(1) / 1e9 + (2e-3 + 4 * 12 / 100e6) +
         network.decoder_infer_flops(1) / 1e9;
}

TEST(InferPartitioned, EveryLatencyIsTheHandComputedQueryTimeWithoutQueueing) {
  const auto scenario = partitioned(kFourNodes, kSpacedOut);
  const auto served = run_in_process(scenario);
  ASSERT_TRUE(served.result.serving && served.result.partitioned);
  for (const auto& q : served.result.serving->queries) {
    EXPECT_NEAR(q.latency_s(), unqueued_latency(scenario), 1e-9) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 4);
    EXPECT_TRUE(q.missing_nodes.empty());
  }
  EXPECT_EQ(served.result.counters["cancelled_requests"], 0);
}

TEST(InferPartitioned, EachHostIsChargedItsNetworksFlopsPerQuery) {
  const auto scenario = partitioned(kFourNodes, kSpacedOut);
  const auto served = run_in_process(scenario);
  const auto network = network_of(scenario);
  // Node: dense 2*4*3 + 3 bias, sigmoid 4*3 = 39; decoder: dense 2*12*4 + 4 = 100 (nn/flops.hpp).
  EXPECT_DOUBLE_EQ(network.node_infer_flops(1), 39);
  EXPECT_DOUBLE_EQ(network.decoder_infer_flops(1), 100);
  ASSERT_EQ(served.hosts.size(), 5u);
  EXPECT_DOUBLE_EQ(served.hosts[0].flops, 10 * 100.0);  // interleaving is a copy: nothing to charge
  EXPECT_NEAR(served.hosts[0].busy_s, 10 * 100 / 1e9, 1e-15);
  for (int node = 1; node <= 4; ++node) {
    EXPECT_DOUBLE_EQ(served.hosts[std::size_t(node)].flops, 10 * 39.0) << "node " << node;
    EXPECT_NEAR(served.hosts[std::size_t(node)].busy_s, 10 * 39 / 1e9, 1e-15) << "node " << node;
  }
  // Seed 000's chapter 3 counts: m (2 ceil(I/q) + 1) = 3 * 9, P (2 q m + 1) = 4 * 25.
  EXPECT_DOUBLE_EQ(served.result.partitioned->seed000_node_flops, 27);
  EXPECT_DOUBLE_EQ(served.result.partitioned->seed000_decoder_flops, 100);
  EXPECT_DOUBLE_EQ(served.result.partitioned->node_speed, 1e9);
  EXPECT_DOUBLE_EQ(served.result.partitioned->frontend_speed, 1e9);
}

// The decoder's prediction for test sample `sample` with the nodes in `missing` taken as erased.
int decoded(const nn::PartitionedNetwork& network, const data::Dataset& test, const scenario::Scenario& scenario,
            Eigen::Index sample, const std::vector<int>& missing) {
  nn::Matrix joined = joined_outputs(network, split_features(test.features.col(sample), scenario));
  const nn::Matrix erased = erased_outputs(network);
  for (int node : missing) joined.middleRows(node * 3, 3) = erased.col(node);
  Eigen::Index predicted = 0;
  network.decoder_outputs(joined).col(0).maxCoeff(&predicted);
  return static_cast<int>(predicted);
}

// The network the run served: trained as the run trains it.
nn::PartitionedNetwork served_network(const scenario::Scenario& scenario, const RunResult& result) {
  auto network = network_of(scenario);
  network.set_flat_parameters(result.training->final_parameters);
  return network;
}

TEST(InferPartitioned, AFailedNodeIsAnsweredForByItsErasedOutput) {
  const auto scenario = partitioned(kFourNodes, "{queries: 20, arrivals: interval, interval: 100ms}",
                                    "[{worker: 2, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  const auto test = run::load_datasets(scenario).test;
  const auto network = served_network(scenario, served.result);
  const double deadline = served.result.counters["silence_timeout_s"];
  const auto& queries = served.result.serving->queries;
  for (const auto& q : queries) {
    ASSERT_TRUE(q.answered()) << "query " << q.id;
    EXPECT_EQ(q.missing_nodes, std::vector<int>{2}) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 3);
    EXPECT_EQ(q.predicted, decoded(network, test, scenario, q.id, {2})) << "query " << q.id;
  }
  // The first query waits for its deadline; node 2 is then presumed dead and the others are
  // decoded as soon as the three live nodes have answered.
  EXPECT_GT(queries[0].latency_s(), deadline);
  EXPECT_EQ(served.result.counters["timed_out_requests"], 1);
  EXPECT_LT(queries[1].latency_s(), 0.005);
}

TEST(InferPartitioned, WaitingForKOfQDecodesWithoutTheSlowNode) {
  const auto scenario = partitioned("{name: infer_partitioned, workers: 4, epochs: 1, wait_for: 3}", kSpacedOut,
                                    "[{worker: 1, slowdown: 1000000}]");
  const auto served = run_in_process(scenario);
  for (const auto& q : served.result.serving->queries) {
    EXPECT_EQ(q.missing_nodes, std::vector<int>{1}) << "query " << q.id;
    // Three answers share the frontend's link on the way back, not four.
    EXPECT_NEAR(q.latency_s(), unqueued_latency(scenario) - 12 / 100e6, 1e-9) << "query " << q.id;
  }
  // The slow node's part of every query is cancelled before it is computed (39 ms of work).
  EXPECT_EQ(served.result.counters["cancelled_requests"], 10);
  EXPECT_EQ(served.result.counters["wasted_answers"], 0);
}

TEST(InferPartitioned, TheDeadlineDecodesWithWhatHasCome) {
  const auto scenario = partitioned("{name: infer_partitioned, workers: 4, epochs: 1, deadline: 10ms}", kSpacedOut,
                                    "[{worker: 3, slowdown: 1000000}]");
  const auto served = run_in_process(scenario);
  const auto network = network_of(scenario);
  const auto& queries = served.result.serving->queries;
  // The first query waits for the deadline, then the decoder; node 3, silent, is presumed dead and
  // gets no more parts: the next queries need only the three others.
  EXPECT_NEAR(queries[0].latency_s(), 10e-3 + network.decoder_infer_flops(1) / 1e9, 1e-9);
  EXPECT_EQ(queries[0].missing_nodes, std::vector<int>{3});
  for (std::size_t i = 1; i < queries.size(); ++i) {
    EXPECT_EQ(queries[i].missing_nodes, std::vector<int>{3}) << "query " << i;
    EXPECT_LT(queries[i].latency_s(), 0.005) << "query " << i;
  }
  EXPECT_EQ(served.result.counters["timed_out_requests"], 1);
}

TEST(InferPartitioned, ErasureAccuraciesGoFromNoneErasedToAllButOne) {
  const auto served = run_in_process(partitioned(kFourNodes, kSpacedOut));
  const auto& record = *served.result.partitioned;
  EXPECT_EQ(record.parts, 4);
  EXPECT_EQ(record.trained_erasures, 1);
  ASSERT_EQ(record.erasures.size(), 4u);
  for (int h = 0; h < 4; ++h) {
    EXPECT_EQ(record.erasures[std::size_t(h)].erased, h);
    EXPECT_EQ(record.erasures[std::size_t(h)].samples, 128);
  }
  // Nothing erased is the model's test accuracy.
  EXPECT_DOUBLE_EQ(record.erasures[0].accuracy, *served.result.training->final_test_accuracy);
}

TEST(InferPartitioned, ASavedModelIsServedAsItWasSaved) {
  const auto trained = partitioned(kFourNodes, kSpacedOut);
  const auto first = testing::run_isolated(trained);  // one simulation per process: the first in a child
  const nn::Vector parameters = Eigen::Map<const nn::Vector>(first.parameters.data(), Eigen::Index(first.parameters.size()));
  const auto dir = std::filesystem::temp_directory_path() / ("ssim-saved-partitioned-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  report::write_saved_model(dir.string(), report::architecture(trained.model), parameters);
  const auto scenario = partitioned("{name: infer_partitioned, workers: 4}",
                                    "{queries: 10, arrivals: interval, interval: 50ms, model: " + dir.string() + "}");
  const auto served = run_in_process(scenario);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(served.result.training);
  EXPECT_EQ(served.result.partitioned->trained_erasures, -1);
  auto network = network_of(trained);
  network.set_flat_parameters(parameters);
  const auto test = run::load_datasets(scenario).test;
  for (const auto& q : served.result.serving->queries)
    EXPECT_EQ(q.predicted, decoded(network, test, scenario, q.id, {})) << "query " << q.id;
  const auto expected = erasure_accuracies(network, test, trained);
  for (std::size_t h = 0; h < 4; ++h)
    EXPECT_DOUBLE_EQ(served.result.partitioned->erasures[h].accuracy, expected[h].accuracy) << h << " erased";
}

}  // namespace
}  // namespace ssim::schemes
