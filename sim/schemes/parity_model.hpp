// infer_parity's networks outside the cluster: the served model F, trained as infer_single trains
// it (or read from an earlier run), and its parity model F_P, of F's architecture with a seed of its
// own, trained after F on the frontend, outside the simulated clock, so that F_P(X_1 + ... + X_k)
// ~ F(X_1) + ... + F(X_k) on F's raw outputs (logits); and the test set's accuracy when every
// output is rebuilt from its group's parity (nn/parity.hpp).
#pragma once
#include "data/dataset.hpp"
#include "nn/network.hpp"
#include "nn/parity.hpp"
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace ssim::schemes {

nn::NetworkSpec parity_network_spec(const scenario::Scenario& scenario);
// What a saved parity model must match: F's architecture and the group (report/saved_model.hpp).
nlohmann::json parity_architecture(const scenario::Scenario& scenario, int group);

// How a request's queries are shared out: k shares of serving.batch / k (nn/parity.hpp).
nn::ParityCode parity_code(const scenario::Scenario& scenario);

struct ParityTraining {
  std::vector<ParityEpoch> epochs;
  double time_s = 0;  // the flops of it all over the frontend's speed
};
// Trains `parity` for the scheme's epochs with its optimizer. Each epoch shuffles the training set
// (seeded by the parity model's seed and the epoch) and cuts it into groups of k, the last
// N mod k samples left out; a step takes batch_size groups: input the elementwise sum of a group,
// target the sum of its members' F outputs, loss the mean squared error (nn/regression.hpp).
// Charged: F's outputs on the training set, once, and each step's sums, passes, loss and
// optimizer step. Epoch times count on from `start_s`. Test MSE is over the test set's consecutive
// groups of k.
ParityTraining train_parity_model(nn::Network& parity, const nn::Network& model, const data::Dataset& train,
                                  const data::Dataset& test, const scenario::Scenario& scenario, int group,
                                  double frontend_speed, double start_s);

struct ServedParityModels {
  nn::Network model, parity;
  // F's training, its time including F_P's; none when both were read from an earlier run.
  std::optional<TrainingRecord> training;
  ParityTraining parity_training;  // empty when read
};
// Both trained on the frontend (`frontend_speed`), or both read from serving.model.
ServedParityModels served_parity_models(const RunInputs& in, double frontend_speed);

// Accuracy on `test` laid out as requests of serving.batch queries (the test set served once in
// order) with every query's output rebuilt from its group's parity as if it alone were missing.
double degraded_accuracy(const nn::Network& model, const nn::Network& parity, const nn::ParityCode& code,
                         const data::Dataset& test);

}  // namespace ssim::schemes
