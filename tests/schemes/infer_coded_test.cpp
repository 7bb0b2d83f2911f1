// infer_coded on a small star: a query's latency against its hand-computed time in both placements
// (the frontend encodes and sends coded images, or the workers encode from query ids), the compute
// each host is charged, decoding from whichever R workers answer (N - R failed workers change no
// answer), a request given up when fewer than R workers live, and a saved model served as saved.
#include "isolated_run.hpp"
#include "nn/lagrange.hpp"
#include "report/saved_model.hpp"
#include "run/datasets.hpp"
#include "run/run.hpp"
#include "schemes/coded_model.hpp"
#include "schemes/scheme.hpp"
#include <gtest/gtest.h>
#include <filesystem>

namespace ssim::schemes {
namespace {

using testing::run_in_process;

// Samples of 1x4x4 in 4 classes, coded two at a time by MLPs of degree 1, computed by a linear
// 16 -> 8 -> 6 -> 4: R = 2. Hosts of 1 Gflop/s, every link 100 MB/s and 1 ms (two links a route).
constexpr auto kModel =
    "{coded: {inputs: 2, encoder: {network: mlp, degree: 1}, computation: {kind: basic, network: mlp}, "
    "hidden: [8, 6]}}";
constexpr auto kSpacedOut = "{queries: 10, batch: 2, arrivals: interval, interval: 50ms}";

scenario::Scenario coded(const std::string& scheme, const std::string& serving, const std::string& stragglers = "[]",
                         const std::string& model = kModel) {
  return testing::small_scenario("data: {dataset: synthetic, shape: [1, 4, 4], classes: 4, train_samples: 256, "
                                 "test_samples: 64}\nplatform: {topology: star, hosts: 5, host_speed: 1Gf, bandwidth: "
                                 "100MBps, latency: 1ms}\nmodel: " + model + "\nscheme: " + scheme +
                                 "\nserving: " + serving + "\nstragglers: " + stragglers);
}

constexpr auto kThreeWorkers = "{name: infer_coded, workers: 3, epochs: 1, batch_size: 16}";

nn::CodedNetwork served_network(const scenario::Scenario& scenario, const RunResult& result) {
  nn::CodedNetwork network(coded_spec(scenario));
  network.set_flat_parameters(result.training->final_parameters);
  return network;
}

// The request of one group leaves the frontend to its three workers at once over its link, as their
// answers of 4 values come back over it.
TEST(InferCoded, EveryLatencyIsTheHandComputedRequestTimeWhenTheFrontendEncodes) {
  const auto scenario = coded(kThreeWorkers, kSpacedOut);
  const auto served = run_in_process(scenario);
  ASSERT_TRUE(served.result.serving && served.result.coded);
  const nn::CodedNetwork network = served_network(scenario, served.result);
  const double encode = network.encoder_flops(1) + 3 * network.coded_input_flops(1);
  const double latency = encode / 1e9 + (2e-3 + 3 * 16 * 4 / 100e6) + network.worker_flops(1) / 1e9 +
                         (2e-3 + 3 * 4 * 4 / 100e6) + network.decode_flops(1) / 1e9;
  for (const auto& q : served.result.serving->queries) {
    EXPECT_NEAR(q.latency_s(), latency, 1e-9) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 2);
  }
  // The third answer comes with the second: too late to be cancelled, so it is wasted (the last
  // request's comes once the frontend is done).
  EXPECT_EQ(served.result.counters["wasted_answers"], 4);
  EXPECT_NEAR(served.result.prediction.time_s / served.result.simulated_time_s, 1, 1e-6);
  // Frontend: encoding and decoding each of 5 requests; each worker: its H on each.
  EXPECT_DOUBLE_EQ(served.hosts[0].flops, 5 * (encode + network.decode_flops(1)));
  for (int w = 1; w <= 3; ++w) EXPECT_DOUBLE_EQ(served.hosts[std::size_t(w)].flops, 5 * network.worker_flops(1));
}

TEST(InferCoded, WorkersHoldingTheDataAreSentQueryIdsAndEncodeThemselves) {
  const auto scenario = coded("{name: infer_coded, workers: 3, epochs: 1, batch_size: 16, placement: workers}",
                              kSpacedOut);
  const auto served = run_in_process(scenario);
  const nn::CodedNetwork network = served_network(scenario, served.result);
  const double worker = network.encoder_flops(1) + network.coded_input_flops(1) + network.worker_flops(1);
  const double latency =
      (2e-3 + 3 * 16 / 100e6) + worker / 1e9 + (2e-3 + 3 * 4 * 4 / 100e6) + network.decode_flops(1) / 1e9;
  for (const auto& q : served.result.serving->queries) EXPECT_NEAR(q.latency_s(), latency, 1e-9) << "query " << q.id;
  EXPECT_DOUBLE_EQ(served.hosts[0].flops, 5 * network.decode_flops(1));
  for (int w = 1; w <= 3; ++w) EXPECT_DOUBLE_EQ(served.hosts[std::size_t(w)].flops, 5 * worker);
  EXPECT_DOUBLE_EQ(served.result.coded->request_bytes, 16);  // two 8-byte ids
}

// Query q's prediction decoded from the workers at `alphas`.
std::vector<int> decoded(const nn::CodedNetwork& network, const data::Dataset& test, const std::vector<double>& alphas) {
  data::Indices ids;
  for (Eigen::Index i = 0; i < test.size(); ++i) ids.push_back(i);
  const auto coefficients = network.coefficients(sample_groups(test.features, ids, network.spec()));
  std::vector<nn::Matrix> outputs;
  for (double alpha : alphas)
    outputs.push_back(network.worker_output(network.coded_input(coefficients.encoder, alpha), coefficients.data));
  const nn::Matrix logits = network.decode(alphas, outputs);
  std::vector<int> predicted;
  for (Eigen::Index q = 0; q < logits.cols(); ++q) {
    Eigen::Index p = 0;
    logits.col(q).maxCoeff(&p);
    predicted.push_back(static_cast<int>(p));
  }
  return predicted;
}

TEST(InferCoded, NMinusRFailedWorkersLeaveEveryQueryAnsweredFromTheOthers) {
  const auto scenario = coded("{name: infer_coded, workers: 4, epochs: 1, batch_size: 16}",
                              "{queries: 20, batch: 2, arrivals: interval, interval: 100ms}",
                              "[{worker: 0, fail_at: 0}, {worker: 2, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  const auto test = run::load_datasets(scenario).test;
  const nn::CodedNetwork network = served_network(scenario, served.result);
  const std::vector<double> alphas = nn::worker_alphas(4);
  const std::vector<int> expected = decoded(network, test, {alphas[1], alphas[3]});
  for (const auto& q : served.result.serving->queries) {
    ASSERT_TRUE(q.answered()) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 2);
    EXPECT_EQ(q.predicted, expected[std::size_t(q.id)]) << "query " << q.id;
  }
  EXPECT_EQ(served.result.counters["unanswered_queries"], 0);
}

TEST(InferCoded, AnyRAnswersDecodeToTheSamePredictions) {
  const auto scenario = coded("{name: infer_coded, workers: 4, epochs: 1, batch_size: 16}", kSpacedOut);
  const auto served = run_in_process(scenario);
  const auto test = run::load_datasets(scenario).test;
  const nn::CodedNetwork network = served_network(scenario, served.result);
  const std::vector<double> a = nn::worker_alphas(4);
  const std::vector<int> first = decoded(network, test, {a[0], a[1]});
  EXPECT_EQ(decoded(network, test, {a[2], a[3]}), first);
  EXPECT_EQ(decoded(network, test, {a[3], a[0]}), first);
  const CodedAccuracy& accuracy = served.result.coded->accuracy;
  EXPECT_DOUBLE_EQ(accuracy.first_answers, accuracy.last_answers);
  EXPECT_DOUBLE_EQ(accuracy.first_answers, accuracy.direct);
  EXPECT_EQ(accuracy.queries, 64);
}

TEST(InferCoded, FewerThanRLiveWorkersLeaveTheQueriesUnansweredAtTheirDeadline) {
  const auto scenario = coded("{name: infer_coded, workers: 3, epochs: 1, batch_size: 16, deadline: 20ms}", kSpacedOut,
                              "[{worker: 0, fail_at: 0}, {worker: 1, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  const nn::CodedNetwork network = served_network(scenario, served.result);
  const double encode = network.encoder_flops(1) + 3 * network.coded_input_flops(1);
  for (const auto& q : served.result.serving->queries) {
    EXPECT_FALSE(q.answered()) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 1);
  }
  EXPECT_EQ(served.result.counters["unanswered_queries"], 10);
  EXPECT_EQ(served.result.counters["timed_out_requests"], 5);
  // The last request arrives at 0.2 s, is encoded, and given up 20 ms after it is sent.
  EXPECT_NEAR(served.result.simulated_time_s, 4 * 0.05 + encode / 1e9 + 0.02, 1e-12);
}

// 20 requests at once on hosts of 10 Mflop/s: encoding them keeps the frontend busy for about
// 12 ms, past the 5 ms deadline of the first ones, whose answers came 4 ms after they were sent.
// The frontend takes those answers before it judges any deadline.
TEST(InferCoded, ABusyFrontendTakesTheAnswersThatCameBeforeGivingARequestUp) {
  auto scenario = coded("{name: infer_coded, workers: 3, epochs: 1, batch_size: 16, deadline: 5ms}",
                        "{queries: 40, batch: 2, arrivals: all_at_once}");
  scenario.platform.host_speed = 10e6;
  const auto served = run_in_process(scenario);
  const nn::CodedNetwork network = served_network(scenario, served.result);
  const double encode_s = (network.encoder_flops(1) + 3 * network.coded_input_flops(1)) / 10e6;
  ASSERT_GT(20 * encode_s, 5e-3 + encode_s + 4.1e-3);  // the last request is encoded after the first's deadline
  for (const auto& q : served.result.serving->queries) EXPECT_TRUE(q.answered()) << "query " << q.id;
  EXPECT_EQ(served.result.counters["timed_out_requests"], 0);
}

TEST(InferCoded, ADataComputationSendsEveryWorkerTheVpBesideItsCodedInput) {
  const auto scenario =
      coded(kThreeWorkers, kSpacedOut, "[]",
            "{coded: {inputs: 2, encoder: {network: mlp, degree: 1}, computation: {kind: data, network: mlp, degree: 1}, "
            "hidden: [8, 6]}}");
  const auto served = run_in_process(scenario);
  const CodedRecord& record = *served.result.coded;
  EXPECT_EQ(record.recovery_threshold, 2);
  EXPECT_DOUBLE_EQ(record.request_bytes, 3 * 16 * 4);  // E(alpha_n), V_0 and V_1
  const nn::CodedNetwork network = served_network(scenario, served.result);
  EXPECT_DOUBLE_EQ(record.frontend_flops,
                   network.encoder_flops(1) + network.data_flops(1) + 3 * network.coded_input_flops(1));
  for (const auto& q : served.result.serving->queries) EXPECT_TRUE(q.answered());
}

TEST(InferCoded, ASavedModelIsServedAsItWasSaved) {
  const auto trained = coded(kThreeWorkers, kSpacedOut);
  const auto first = testing::run_isolated(trained);  // one simulation per process: the first in a child
  const nn::Vector parameters = Eigen::Map<const nn::Vector>(first.parameters.data(), Eigen::Index(first.parameters.size()));
  const auto dir = std::filesystem::temp_directory_path() / ("ssim-saved-coded-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  report::write_saved_model(dir.string(), report::architecture(trained.model), parameters);
  const auto scenario =
      coded("{name: infer_coded, workers: 3}",
            "{queries: 10, batch: 2, arrivals: interval, interval: 50ms, model: " + dir.string() + "}");
  const auto served = run_in_process(scenario);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(served.result.training);
  nn::CodedNetwork network(coded_spec(trained));
  network.set_flat_parameters(parameters);
  const auto test = run::load_datasets(scenario).test;
  const std::vector<double> a = nn::worker_alphas(3);
  const std::vector<int> expected = decoded(network, test, {a[0], a[1]});
  for (const auto& q : served.result.serving->queries)
    EXPECT_EQ(q.predicted, expected[std::size_t(q.id)]) << "query " << q.id;
}

}  // namespace
}  // namespace ssim::schemes
