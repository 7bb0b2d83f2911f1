#include "isolated_run.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace ssim::testing {

namespace fs = std::filesystem;

namespace {

nlohmann::json nullable(const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); }
std::optional<double> optional_number(const nlohmann::json& x) {
  return x.is_null() ? std::nullopt : std::optional<double>(x.get<double>());
}

// Runs `body` in a child process (one simulation per process); a failure's message, passed through
// the file `error`, is thrown here.
void in_child(const fs::path& error_file, const std::function<void()>& body) {
  const pid_t child = fork();
  if (child == 0) {
    int code = 0;
    try {
      body();
    } catch (const std::exception& e) {
      std::ofstream(error_file) << e.what();
      code = 1;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream error(error_file);
    const std::string message((std::istreambuf_iterator<char>(error)), {});
    fs::remove(error_file);
    throw std::runtime_error("isolated run failed: " + message);
  }
}

nlohmann::json run_here(const scenario::Scenario& scenario, const std::string& work_dir) {
  const auto simulation = run::simulate(scenario, run::load_datasets(scenario), work_dir);
  const auto& result = simulation.result;
  auto& cluster = *simulation.cluster;
  if (!result.training) throw std::runtime_error("the run trained no model");
  const auto& training = *result.training;
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : cluster.failures()) failures.push_back({f.host, f.time_s});
  nlohmann::json hosts = nlohmann::json::array();
  for (const auto& h : cluster.ledger().hosts())
    hosts.push_back({h.bytes_out, h.bytes_in, h.messages_out, h.messages_in});
  nlohmann::json accuracies = nlohmann::json::array();
  for (const auto& e : training.epochs) accuracies.push_back(nullable(e.test_accuracy));
  return {{"simulated_time_s", result.simulated_time_s},
          {"predicted_time_s", result.prediction.time_s},
          {"steps", training.steps},
          {"training_completed", training.completed},
          {"final_test_accuracy", nullable(training.final_test_accuracy)},
          {"parameters", std::vector<float>(training.final_parameters.begin(), training.final_parameters.end())},
          {"failures", failures},
          {"stale_messages", result.counters.value("stale_messages", 0L)},
          {"timed_out_rounds", result.counters.value("timed_out_rounds", 0L)},
          {"epoch_accuracies", accuracies},
          {"hosts", hosts},
          {"counters", result.counters}};
}

}  // namespace

IsolatedRun run_isolated(const scenario::Scenario& scenario) {
  static int count = 0;
  const auto dir = fs::temp_directory_path() / ("ssim-isolated-" + std::to_string(getpid()) + "-" + std::to_string(count++));
  fs::create_directories(dir);
  const auto output = dir / "result.json";
  try {
    in_child(dir / "error.txt", [&] { std::ofstream(output) << run_here(scenario, dir.string()); });
  } catch (...) {
    fs::remove_all(dir);
    throw;
  }
  const auto j = nlohmann::json::parse(std::ifstream(output));
  fs::remove_all(dir);
  IsolatedRun r;
  r.simulated_time_s = j["simulated_time_s"];
  r.predicted_time_s = j["predicted_time_s"];
  r.steps = j["steps"];
  r.training_completed = j["training_completed"];
  r.final_test_accuracy = optional_number(j["final_test_accuracy"]);
  r.parameters = j["parameters"].get<std::vector<float>>();
  for (const auto& f : j["failures"]) {
    r.failed_hosts.push_back(f[0]);
    r.failure_times.push_back(f[1]);
  }
  r.stale_messages = j["stale_messages"];
  r.timed_out_rounds = j["timed_out_rounds"];
  for (const auto& accuracy : j["epoch_accuracies"]) r.epoch_accuracies.push_back(optional_number(accuracy));
  for (const auto& h : j["hosts"]) r.hosts.push_back({h[0], h[1], h[2], h[3]});
  r.counters = j["counters"];
  return r;
}

void run_into(const scenario::Scenario& scenario, const fs::path& dir) {
  in_child(dir.string() + ".error", [&] { run::run_scenario(scenario, dir.string()); });
}

InProcessRun run_in_process(const scenario::Scenario& scenario) {
  const auto dir = fs::temp_directory_path() / ("ssim-run-here-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto simulation = run::simulate(scenario, run::load_datasets(scenario), dir.string());
  InProcessRun here{std::move(simulation.result), simulation.cluster->ledger().hosts()};
  fs::remove_all(dir);
  return here;
}

scenario::Scenario small_scenario(const std::string& overrides) {
  YAML::Node node = YAML::Load(R"(
name: small
seed: 11
platform: {topology: star, hosts: 5, host_speed: 1Gf, bandwidth: 100MBps, latency: 1ms}
data: {dataset: synthetic, features: 16, classes: 4, train_samples: 512, test_samples: 128}
model: {layers: [16, 32, 4]}
scheme: {name: single, epochs: 2, batch_size: 32, optimizer: {type: sgd, lr: 0.1}}
)");
  const YAML::Node extra = YAML::Load(overrides);
  for (const auto& entry : extra) node[entry.first.as<std::string>()] = entry.second;
  YAML::Emitter out;
  out << node;
  return scenario::parse(out.c_str(), "small.yaml", fs::current_path().string());
}

}  // namespace ssim::testing
