// A coded model (seed 002) outside the cluster: built from the scenario, trained end to end on the
// frontend before serving (or read from an earlier run), and measured on the test set by decoding
// real worker outputs.
#pragma once
#include "data/dataset.hpp"
#include "nn/coded_network.hpp"
#include "schemes/scheme.hpp"
#include <optional>
#include <vector>

namespace ssim::schemes {

nn::CodedSpec coded_spec(const scenario::Scenario& scenario);

// The groups of K samples of `ids` (consecutive ids form a group; a tail of fewer than K is left
// out) as nn::join_group lays them out: one group per column.
nn::Matrix sample_groups(const nn::Matrix& features, const data::Indices& ids, const nn::CodedSpec& spec);

struct ServedCodedModel {
  nn::CodedNetwork network;
  std::optional<TrainingRecord> training;  // none when read from an earlier run
};
// Seed 002's training: every epoch the training samples are shuffled and cut into groups of K, a
// batch holds batch_size groups; the loss is the cross-entropy of each query's D(beta_k). Trained
// on the frontend, outside the simulated clock: its time is the sum of its step flops over
// `frontend_speed`, as for the other served models (schemes/serving.hpp).
ServedCodedModel served_coded_model(const RunInputs& in, double frontend_speed);

// The test set's accuracy decoded from the answers of the first R workers, of the last R, and
// computed directly as D(beta_k): in exact arithmetic all three agree.
CodedAccuracy coded_accuracy(const nn::CodedNetwork& network, const data::Dataset& test, int workers);

}  // namespace ssim::schemes
