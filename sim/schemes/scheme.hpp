// What every scheme gets and gives back. A scheme places its roles, creates its actors on the
// cluster, runs the simulation, and returns what happened together with its closed-form model.
#pragma once
#include "cluster/cluster.hpp"
#include "data/dataset.hpp"
#include "models/prediction.hpp"
#include "nn/tensor.hpp"
#include "scenario/scenario.hpp"
#include <nlohmann/json.hpp>
#include <vector>

namespace ssim::schemes {

struct RunInputs {
  const scenario::Scenario& scenario;
  const data::Dataset& train;
  const data::Dataset& test;
  const cluster::RoleLayout& layout;  // the cluster's, from the scheme's layout()
};

struct EpochRecord {
  int epoch = 0;              // 1-based
  double time_s = 0;          // simulated time at the end of the epoch
  double train_loss = 0;      // mean loss of the batches trained in the epoch
  double test_loss = 0;
  double test_accuracy = 0;   // fraction in [0, 1]
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
};

struct Scheme {
  const char* name;
  cluster::RoleLayout (*layout)(const scenario::Scenario&);
  RunResult (*run)(const RunInputs&, cluster::Cluster&);
};

const Scheme& find_scheme(scenario::Scheme::Name name);

}  // namespace ssim::schemes
