// A run's memory, estimated before it starts, so that a run that cannot fit is refused at once
// (exit 2) rather than swapping for hours or being killed halfway. Rough by design: the terms that
// grow with the scenario (data, model copies, hosts) are counted, constants calibrated against the
// peak resident size of real runs cover the rest.
#pragma once
#include "run/datasets.hpp"
#include "scenario/scenario.hpp"

namespace ssim::run {

struct MemoryEstimate {
  double data_bytes = 0;       // the training and test sets as loaded (floats), and copies shipped to workers
  double model_bytes = 0;      // every host's parameters, gradients, optimizer state, messages and activations
  double simulator_bytes = 0;  // the process itself, and SimGrid's hosts, links and actors
  double total() const { return data_bytes + model_bytes + simulator_bytes; }
};

// For `train_samples` and `test_samples` samples of the model's input size.
MemoryEstimate estimate_memory(const scenario::Scenario& scenario, Eigen::Index train_samples,
                               Eigen::Index test_samples);

// What this machine can give a new process: MemAvailable from /proc/meminfo, else the physical memory.
double available_memory_bytes();

// Throws ScenarioError, at the key behind the largest part, when the estimate exceeds `available_bytes`.
void check_memory(const scenario::Scenario& scenario, const Datasets& datasets,
                  double available_bytes = available_memory_bytes());
// The same for sets of the given sizes, before they are made.
void check_memory(const scenario::Scenario& scenario, SetSizes sizes, double available_bytes = available_memory_bytes());

}  // namespace ssim::run
