// The results of a run that served queries, from a hand-made record (no serving scheme runs here).
// Arrivals and completions are sums of powers of two, so every latency is exact.
#include "report/results.hpp"
#include "report/serving.hpp"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace ssim;

namespace {

std::string scratch_dir(const std::string& what) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ssim-serving-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + what);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

scenario::Scenario star() {
  scenario::Scenario s;
  s.name = "served";
  s.platform.topology = scenario::Platform::Topology::star;
  s.platform.hosts = 2;
  s.platform.host_speed = 1e9;
  s.platform.bandwidth = 1e8;
  s.platform.latency = 1e-3;
  s.scheme.workers = 1;
  return s;
}

schemes::QueryRecord query(long id, double arrival, double completion, int predicted, int label) {
  return {.id = id, .arrival_s = arrival, .completion_s = completion, .answers_used = completion >= 0 ? 1 : 0,
          .predicted = completion >= 0 ? predicted : -1, .label = label, .missing_nodes = {}};
}

// Five queries, one never answered; latencies 0.125, 0.25, 0.0625 and 0.5; three of four right.
schemes::ServingRecord five_queries() {
  schemes::ServingRecord serving;
  serving.queries = {query(0, 0, 0.125, 1, 1), query(1, 0.25, 0.5, 2, 0), query(2, 0.5, -1, 0, 3),
                     query(3, 0.75, 0.8125, 3, 3), query(4, 1, 1.5, 0, 0)};
  serving.latency_model = {.kind = models::LatencyPrediction::Kind::exact,
                           .mean_s = 0.25, .p50_s = 0.125, .p95_s = 0.5, .p99_s = 0.5, .p99_9_s = 0.5, .max_s = 1,
                           .formula = "L = d + T_(1:1)", .values = "d = 0"};
  return serving;
}

}  // namespace

TEST(ServingSummary, LatencyThroughputAndAccuracyOfTheAnsweredQueries) {
  const auto s = report::summarize(five_queries());
  EXPECT_EQ(s.queries, 5);
  EXPECT_EQ(s.answered, 4);
  ASSERT_TRUE(s.latency_s);
  EXPECT_DOUBLE_EQ(s.latency_s->mean, 0.234375);
  EXPECT_DOUBLE_EQ(s.latency_s->p50, 0.1875);  // sorted 0.0625, 0.125, 0.25, 0.5; h = 1.5
  EXPECT_DOUBLE_EQ(s.latency_s->p95, 0.25 + 0.85 * 0.25);
  EXPECT_DOUBLE_EQ(s.latency_s->max, 0.5);
  ASSERT_TRUE(s.throughput_qps);
  EXPECT_DOUBLE_EQ(*s.throughput_qps, 4 / 1.5);  // first arrival 0, last answer 1.5
  ASSERT_TRUE(s.accuracy);
  EXPECT_DOUBLE_EQ(*s.accuracy, 0.75);
}

TEST(ServingSummary, NoQueryAnsweredHasNoLatencyThroughputOrAccuracy) {
  schemes::ServingRecord serving;
  serving.queries = {query(0, 0, -1, 0, 1)};
  serving.latency_model.mean_s = 0.25;
  const auto s = report::summarize(serving);
  EXPECT_EQ(s.answered, 0);
  EXPECT_FALSE(s.latency_s);
  EXPECT_FALSE(s.throughput_qps);
  EXPECT_FALSE(s.accuracy);
  const auto json = report::serving_json(serving);
  EXPECT_TRUE(json["latency_s"]["p99"].is_null());
  EXPECT_TRUE(json["throughput_qps"].is_null());
  EXPECT_TRUE(json["model"]["measured_over_model"]["mean"].is_null()) << "nothing measured";
  EXPECT_EQ(json["unanswered"], 1);
}

TEST(ServingResults, QueriesCsvSummaryAndStatusOfAServingRun) {
  const std::string dir = scratch_dir("run");
  cluster::Cluster cluster(star(), cluster::server_workers_layout(1), scratch_dir("cluster"));
  schemes::RunResult result;
  result.simulated_time_s = 1.5;
  result.prediction = {.time_s = 1.5, .formula = "T", .values = "T = 1.5"};
  result.serving = five_queries();
  report::write_results(dir, star(), result, cluster);

  EXPECT_EQ(contents(std::filesystem::path(dir) / "queries.csv"),
            "id,arrival_s,completion_s,latency_s,answers_used,predicted,label,correct\n"
            "0,0,0.125,0.125,1,1,1,1\n"
            "1,0.25,0.5,0.25,1,2,0,0\n"
            "2,0.5,,,0,,3,\n"
            "3,0.75,0.8125,0.0625,1,3,3,1\n"
            "4,1,1.5,0.5,1,0,0,1\n");
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / "epochs.csv")) << "nothing was trained";

  const auto summary = nlohmann::json::parse(contents(std::filesystem::path(dir) / "summary.json"));
  EXPECT_EQ(summary["status"], "stopped_by_failures") << "a query was never answered";
  EXPECT_FALSE(summary.contains("final_test_accuracy"));
  EXPECT_FALSE(summary.contains("epochs"));
  const auto& serving = summary["serving"];
  EXPECT_EQ(serving["queries"], 5);
  EXPECT_EQ(serving["answered"], 4);
  EXPECT_EQ(serving["unanswered"], 1);
  EXPECT_DOUBLE_EQ(serving["latency_s"]["mean"].get<double>(), 0.234375);
  EXPECT_DOUBLE_EQ(serving["latency_s"]["p50"].get<double>(), 0.1875);
  EXPECT_DOUBLE_EQ(serving["latency_s"]["p99"].get<double>(), 0.25 + 0.97 * 0.25);
  EXPECT_DOUBLE_EQ(serving["latency_s"]["p99_9"].get<double>(), 0.25 + 0.997 * 0.25);
  EXPECT_DOUBLE_EQ(serving["latency_s"]["max"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(serving["throughput_qps"].get<double>(), 4 / 1.5);
  EXPECT_DOUBLE_EQ(serving["accuracy"].get<double>(), 0.75);
  const auto& model = serving["model"];
  EXPECT_EQ(model["kind"], "exact");
  EXPECT_DOUBLE_EQ(model["latency_s"]["p50"].get<double>(), 0.125);
  EXPECT_DOUBLE_EQ(model["measured_over_model"]["mean"].get<double>(), 0.234375 / 0.25);
  EXPECT_DOUBLE_EQ(model["measured_over_model"]["max"].get<double>(), 0.5);
  EXPECT_EQ(model["formula"], "L = d + T_(1:1)");

  const std::string text = report::text_summary(summary, result);
  EXPECT_NE(text.find("served 5 queries, 4 answered, 2.66667 queries/s, accuracy 75.00%"), std::string::npos) << text;
  EXPECT_EQ(text.find("final test accuracy"), std::string::npos) << text;
}

TEST(ServingResults, AModelThatBoundsTheMeanGivesOnlyTheMean) {
  auto serving = five_queries();
  serving.queries.erase(serving.queries.begin() + 2);  // every query answered
  serving.latency_model = {.kind = models::LatencyPrediction::Kind::mean_bound, .mean_s = 0.5,
                           .formula = "W <= ...", .values = "rho = 0.5"};
  const auto json = report::serving_json(serving);
  EXPECT_EQ(json["model"]["kind"], "mean_bound");
  EXPECT_EQ(json["model"]["latency_s"].size(), 1u);
  EXPECT_DOUBLE_EQ(json["model"]["measured_over_model"]["mean"].get<double>(), 0.234375 / 0.5);

  cluster::Cluster cluster(star(), cluster::server_workers_layout(1), scratch_dir("cluster"));
  schemes::RunResult result;
  result.serving = serving;
  EXPECT_EQ(report::summary_json(star(), result, cluster)["status"], "completed");
}

TEST(ServingResults, ARunThatTrainedAndServedReportsBoth) {
  const std::string dir = scratch_dir("run");
  cluster::Cluster cluster(star(), cluster::server_workers_layout(1), scratch_dir("cluster"));
  schemes::RunResult result;
  result.simulated_time_s = 3;
  result.training = schemes::TrainingRecord{.epochs = {{.epoch = 1, .time_s = 1.5, .train_loss = 0.5, .test_loss = 0.25,
                                                        .test_accuracy = 0.75}},
                                            .steps = 10,
                                            .completed = true,
                                            .final_test_accuracy = 0.75,
                                            .final_test_loss = 0.25,
                                            .final_parameters = {},
                                            .simulated_time_s = 1.5};
  result.serving = five_queries();
  report::write_results(dir, star(), result, cluster);
  EXPECT_EQ(contents(std::filesystem::path(dir) / "epochs.csv"),
            "epoch,simulated_time_s,train_loss,test_loss,test_accuracy\n1,1.5,0.5,0.25,0.75\n");
  const auto summary = nlohmann::json::parse(contents(std::filesystem::path(dir) / "summary.json"));
  EXPECT_EQ(summary["iterations"], 10);
  EXPECT_DOUBLE_EQ(summary["final_test_accuracy"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(summary["training_time_s"].get<double>(), 1.5);
  EXPECT_EQ(summary["serving"]["answered"], 4);
}
