// infer_parity on a small star: an unloaded query's latency against its hand-computed time (the
// sums, the k + 1 tasks out over the frontend's shared link, a worker's compute, the answers back),
// a failed data worker's queries rebuilt from the parity, two failed workers leaving queries
// unanswered at the deadline, a short last request, the parity model's training, and the models a
// run saves served again.
#include "isolated_run.hpp"
#include "nn/parity.hpp"
#include "nn/regression.hpp"
#include "report/saved_model.hpp"
#include "run/datasets.hpp"
#include "run/run.hpp"
#include "schemes/parity_model.hpp"
#include "schemes/scheme.hpp"
#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace ssim::schemes {
namespace {

namespace fs = std::filesystem;

using testing::run_in_process;

// 16 features, 4 classes, F = 16 -> 32 relu -> 4. Hosts of 1 Gflop/s, every link 100 MB/s and
// 1 ms: frontend to worker is two links. Group 2: workers 0 and 1 hold the data, worker 2 the
// parity; a request of 2 queries gives each data worker one.
constexpr auto kGroupOfTwo = "{name: infer_parity, group: 2, workers: 3, epochs: 2, batch_size: 32}";
constexpr auto kSpacedOut = "{queries: 10, arrivals: interval, interval: 50ms, batch: 2}";

scenario::Scenario parity_scenario(const std::string& scheme, const std::string& serving,
                                   const std::string& stragglers = "[]") {
  return testing::small_scenario("scheme: " + scheme + "\nserving: " + serving + "\nstragglers: " + stragglers);
}

nn::Network model_of(const scenario::Scenario& scenario) { return nn::Network(scenario.model.network(scenario.seed)); }

// The three tasks of 16 float32 values leave together after the frontend sums the 2 queries
// (16 additions), sharing its link; each worker computes one query; the three answers of 4 values
// share the link back. Each query takes this long, with `tasks` of them on the frontend's link.
double unqueued_latency(const scenario::Scenario& scenario, int tasks) {
  return 16 / 1e9 + (2e-3 + tasks * 64 / 100e6) + model_of(scenario).infer_flops(1) / 1e9 + (2e-3 + tasks * 16 / 100e6);
}

TEST(InferParity, EveryLatencyIsTheHandComputedQueryTimeWithoutQueueing) {
  const auto scenario = parity_scenario(kGroupOfTwo, kSpacedOut);
  const auto served = run_in_process(scenario);
  ASSERT_TRUE(served.result.serving && served.result.parity);
  // F: 2*16*32 + 32, relu 32, 2*32*4 + 4 (nn/flops.hpp).
  EXPECT_DOUBLE_EQ(model_of(scenario).infer_flops(1), 1348);
  const double expected = unqueued_latency(scenario, 3);
  for (const auto& q : served.result.serving->queries) {
    EXPECT_NEAR(q.latency_s(), expected, 1e-12) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 1);
    EXPECT_FALSE(q.reconstructed) << "query " << q.id;  // the parity answer comes with the others, not before
  }
  EXPECT_EQ(served.result.counters["reconstructed_queries"], 0);
  // The closed form: the 2nd of the 3 answers, then rebuilding one query (4 subtractions).
  const auto& model = served.result.serving->latency_model;
  EXPECT_EQ(model.kind, models::LatencyPrediction::Kind::exact);
  EXPECT_NEAR(model.p50_s, expected + 4 / 1e9, 1e-12);
  EXPECT_NEAR(model.max_s, expected + 4 / 1e9, 1e-12);
  // The frontend sums, each worker runs its network on one query per request.
  ASSERT_EQ(served.hosts.size(), 4u);
  EXPECT_DOUBLE_EQ(served.hosts[0].flops, 5 * 16.0);
  for (std::size_t worker = 1; worker <= 3; ++worker) EXPECT_DOUBLE_EQ(served.hosts[worker].flops, 5 * 1348.0);
}

// The network the run trained, from its saved parameters.
nn::Network trained(const nn::NetworkSpec& spec, const nn::Vector& parameters) {
  nn::Network network(spec);
  network.parameters() = parameters;
  return network;
}

// The class rebuilt for query `id` of a request of `count` queries from `first`, as if it were missing.
int rebuilt_prediction(const scenario::Scenario& scenario, const RunResult& result, long first, int count, long id) {
  const nn::Network model = trained(scenario.model.network(scenario.seed), result.training->final_parameters);
  const nn::Network parity = trained(parity_network_spec(scenario), result.parity->parameters);
  const auto test = run::load_datasets(scenario).test;
  const nn::ParityCode code = parity_code(scenario);
  const nn::Matrix inputs = test.features.middleCols(first, count);
  const nn::Matrix rebuilt =
      nn::reconstruct(code, parity.outputs(nn::encode_parity(code, inputs)), model.outputs(inputs), id - first, 1,
                      model.outputs(nn::Matrix::Zero(16, 1)).col(0));
  Eigen::Index predicted = 0;
  rebuilt.col(0).maxCoeff(&predicted);
  return static_cast<int>(predicted);
}

TEST(InferParity, AFailedDataWorkersQueriesAreRebuiltFromTheParity) {
  const auto scenario = parity_scenario(kGroupOfTwo, kSpacedOut, "[{worker: 0, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  const auto& queries = served.result.serving->queries;
  for (const auto& q : queries) {
    ASSERT_TRUE(q.answered()) << "query " << q.id;
    // Messages to the dead worker are lost before they travel: two tasks share the frontend's link.
    if (q.id % 2 == 0) {  // worker 0's: rebuilt from the two answers, 4 subtractions after them
      EXPECT_TRUE(q.reconstructed) << "query " << q.id;
      EXPECT_EQ(q.answers_used, 2);
      EXPECT_NEAR(q.latency_s(), unqueued_latency(scenario, 2) + 4 / 1e9, 1e-12) << "query " << q.id;
      EXPECT_EQ(q.predicted, rebuilt_prediction(scenario, served.result, q.id, 2, q.id)) << "query " << q.id;
    } else {
      EXPECT_FALSE(q.reconstructed) << "query " << q.id;
      EXPECT_NEAR(q.latency_s(), unqueued_latency(scenario, 2), 1e-12) << "query " << q.id;
    }
  }
  EXPECT_EQ(served.result.counters["reconstructed_queries"], 5);
  EXPECT_EQ(served.result.counters["timed_out_requests"], 0);
  EXPECT_EQ(served.result.counters["cancelled_requests"], 5);  // worker 0's task of every request
}

TEST(InferParity, WithTwoWorkersFailedTheQueriesLeftWithoutAnAnswerAreUnansweredAtTheDeadline) {
  const auto scenario = parity_scenario("{name: infer_parity, group: 2, workers: 3, epochs: 1, deadline: 10ms}",
                                        kSpacedOut, "[{worker: 0, fail_at: 0}, {worker: 2, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  for (const auto& q : served.result.serving->queries) {
    EXPECT_EQ(q.answered(), q.id % 2 == 1) << "query " << q.id;  // only worker 1 answers
    EXPECT_FALSE(q.reconstructed) << "query " << q.id;
  }
  EXPECT_EQ(served.result.counters["unanswered_queries"], 5);
  EXPECT_EQ(served.result.counters["timed_out_requests"], 5);
  // The last request's deadline: 10 ms after it was sent, once summed.
  EXPECT_NEAR(served.result.simulated_time_s, 0.2 + 16 / 1e9 + 0.01, 1e-12);
}

TEST(InferParity, AShortLastRequestUsesFewerDataWorkersAndIsRebuiltFromItsPaddedParity) {
  // Requests of 4 queries, 2 a data worker: queries 0-3, then query 4 alone, on worker 0 only.
  // Worker 0 is dead, so query 4 is rebuilt from the parity alone: F_P(x_4) - F(0).
  const auto scenario = parity_scenario(kGroupOfTwo, "{queries: 5, arrivals: interval, interval: 50ms, batch: 4}",
                                        "[{worker: 0, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  const auto& queries = served.result.serving->queries;
  for (long id : {0L, 1L, 4L}) EXPECT_TRUE(queries[std::size_t(id)].reconstructed) << "query " << id;
  for (long id : {2L, 3L}) EXPECT_FALSE(queries[std::size_t(id)].reconstructed) << "query " << id;
  EXPECT_EQ(queries[4].answers_used, 1);
  EXPECT_EQ(queries[4].predicted, rebuilt_prediction(scenario, served.result, 4, 1, 4));
  EXPECT_EQ(queries[0].predicted, rebuilt_prediction(scenario, served.result, 0, 4, 0));
  // Worker 1 computed 2 queries, for the first request only; the parity worker 2 + 1.
  const double flops = model_of(scenario).infer_flops(1);
  EXPECT_DOUBLE_EQ(served.hosts[2].flops, 2 * flops);
  EXPECT_DOUBLE_EQ(served.hosts[3].flops, 3 * flops);
}

TEST(InferParity, ItsAnswersWithoutStragglersAreTheModelsPredictions) {
  const auto served = run_in_process(
      parity_scenario(kGroupOfTwo, "{queries: 128, arrivals: interval, interval: 1ms, batch: 4}"));
  long correct = 0;
  for (const auto& q : served.result.serving->queries) {
    EXPECT_FALSE(q.reconstructed);
    correct += q.predicted == q.label;
  }
  // The 128 queries are the test set once.
  EXPECT_DOUBLE_EQ(static_cast<double>(correct) / 128, *served.result.training->final_test_accuracy);
  EXPECT_DOUBLE_EQ(served.result.parity->model_accuracy, *served.result.training->final_test_accuracy);
}

TEST(InferParity, TrainingTheParityModelOfALinearModelDrivesItsErrorTowardZero) {
  // F(x) = W x + b is summed exactly by F_P(p) = W p + 2 b, which F_P's architecture can learn.
  const auto scenario = testing::small_scenario(
      "model: {layers: [16, 4]}\nscheme: {name: infer_parity, group: 2, workers: 3, epochs: 100, batch_size: 8, "
      "optimizer: {type: adam, lr: 0.03}}\nserving: {queries: 2, arrivals: all_at_once, batch: 2}");
  const auto data = run::load_datasets(scenario);
  nn::Network model = model_of(scenario);
  model.parameters().tail(4).setConstant(0.5f);
  nn::Network parity(parity_network_spec(scenario));
  const ParityTraining training = train_parity_model(parity, model, data.train, data.test, scenario, 2, 1e9, 3.0);
  ASSERT_EQ(training.epochs.size(), 100u);
  EXPECT_LT(training.epochs.back().test_mse, 1e-4 * training.epochs.front().test_mse);
  EXPECT_LT(training.epochs.back().train_mse, 1e-4 * training.epochs.front().train_mse);
  EXPECT_LT(training.epochs.back().test_mse, 1e-5);
  // The clock: F's outputs on the 512 training samples, then 32 steps an epoch of 8 groups
  // (512 / 2 / 8), each summing the inputs and the targets, the passes and the loss, and Adam.
  const double step = 8 * (16 + 4) + nn::regression_step_flops(parity, 8) + 12.0 * parity.parameter_count();
  EXPECT_NEAR(training.time_s, (model.infer_flops(512) + 100 * 32 * step) / 1e9, 1e-12);
  EXPECT_NEAR(training.epochs.back().time_s, 3.0 + training.time_s, 1e-12);
}

// Runs the scenario to its results directory in a child process, as `stragglesim run` does.
void run_to(const scenario::Scenario& scenario, const fs::path& out) {
  const pid_t child = fork();
  if (child == 0) {
    try {
      run::run_scenario(scenario, out.string());
    } catch (...) {
      _exit(1);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(InferParity, TheModelsARunSavesAreServedAgainAsSaved) {
  const auto dir = fs::temp_directory_path() / ("ssim-parity-saved-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  run_to(parity_scenario(kGroupOfTwo, kSpacedOut), dir);
  const auto first = nlohmann::json::parse(std::ifstream(dir / "summary.json"))["parity"];
  ASSERT_TRUE(fs::is_regular_file(dir / "parity_model.params"));
  ASSERT_TRUE(fs::is_regular_file(dir / "parity_training.csv"));

  const auto scenario = parity_scenario("{name: infer_parity, group: 2, workers: 3}",
                                        "{queries: 10, arrivals: interval, interval: 50ms, batch: 2, model: " +
                                            dir.string() + "}",
                                        "[{worker: 1, fail_at: 0}]");
  const auto served = run_in_process(scenario);
  EXPECT_FALSE(served.result.training);
  ASSERT_TRUE(served.result.parity);
  EXPECT_TRUE(served.result.parity->epochs.empty());
  EXPECT_DOUBLE_EQ(served.result.parity->degraded_accuracy, first["degraded_accuracy"].get<double>());
  EXPECT_DOUBLE_EQ(served.result.parity->model_accuracy, first["model_accuracy"].get<double>());
  // Worker 1's queries are rebuilt with the saved parity model.
  const nn::Vector parity = report::read_saved_model(dir.string(), parity_architecture(scenario, 2), "parity_model");
  EXPECT_EQ(served.result.parity->parameters, parity);
  EXPECT_EQ(served.result.counters["reconstructed_queries"], 5);

  // A group other than the saved one is refused, naming what differs.
  const auto other_group = parity_scenario(
      "{name: infer_parity, group: 1, workers: 2}",
      "{queries: 10, arrivals: interval, interval: 50ms, batch: 2, model: " + dir.string() + "}");
  const auto data = run::load_datasets(other_group);
  const cluster::RoleLayout layout = cluster::server_workers_layout(2);
  try {
    served_parity_models({other_group, data.train, data.test, layout}, 1e9);
    ADD_FAILURE() << "a parity model of group 2 was served with group 1";
  } catch (const report::SavedModelError& error) {
    EXPECT_NE(std::string(error.what()).find("parity_model.json: the saved model has group 2, but the scenario's "
                                             "model has 1"),
              std::string::npos)
        << error.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ssim::schemes
