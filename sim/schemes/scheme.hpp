// What every scheme gets and gives back. A scheme places its roles, creates its actors on the
// cluster, runs the simulation, and returns what happened together with its closed-form model.
#pragma once
#include "cluster/cluster.hpp"
#include "data/dataset.hpp"
#include "models/prediction.hpp"
#include "nn/tensor.hpp"
#include "scenario/scenario.hpp"
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace ssim::schemes {

struct RunInputs {
  const scenario::Scenario& scenario;
  const data::Dataset& train;
  const data::Dataset& test;
};

struct EpochRecord {
  int epoch = 0;              // 1-based
  double time_s = 0;          // simulated time at the end of the epoch
  double train_loss = 0;      // mean loss of the batches trained in the epoch
  double test_loss = 0;
  double test_accuracy = 0;   // fraction in [0, 1]
};

struct QueryRecord {                       // one served query
  long id = 0;
  double arrival_s = 0, completion_s = -1;  // completion < 0: never answered (all its workers failed)
  int answers_used = 0;                     // answers the frontend combined (1 for single/replication)
  int predicted = -1, label = 0;
  bool answered() const { return completion_s >= 0; }
  double latency_s() const { return completion_s - arrival_s; }
};

struct ServingRecord {                     // present when the run served queries
  std::vector<QueryRecord> queries;        // in id order
  models::LatencyPrediction latency_model;
};

struct RunResult {
  std::vector<EpochRecord> epochs;
  long iterations = 0;             // optimizer steps of the model that is evaluated
  double simulated_time_s = 0;
  bool training_completed = true;  // false when failures stopped training before its last epoch
  double final_test_accuracy = 0;
  double final_test_loss = 0;
  models::Prediction prediction;
  nlohmann::json counters = nlohmann::json::object();  // scheme-specific, e.g. dropped gradients
  nn::Vector final_parameters;
  std::optional<ServingRecord> serving;
};

struct Scheme {
  const char* name;
  cluster::RoleLayout (*layout)(const scenario::Scenario&);
  RunResult (*run)(const RunInputs&, cluster::Cluster&);
};

// The scheme a scenario names (scenario::Scheme::name, an entry of schemes/list.hpp).
const Scheme& find_scheme(std::string_view name);

}  // namespace ssim::schemes
