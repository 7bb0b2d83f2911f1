// The data a scenario names, loaded and checked against its model and scheme before anything runs,
// so that a file that is missing, corrupt or does not fit is reported where the scenario names it
// ("FILE:LINE:COL: data.path: ...", a ScenarioError) rather than failing inside the simulation.
#pragma once
#include "run/datasets.hpp"

namespace ssim::run {

// Loads the datasets and checks that every label is one of the model's outputs, that a sample has
// as many values as the model has inputs, that there is a test sample, and that every worker gets
// training samples under the scheme's split (a worker with none would train nothing). In timing
// mode, which reads no sample, the same checks but for the labels, on the sets' sizes and shape.
Datasets check_data(const scenario::Scenario& scenario);

// The checks above on datasets already loaded for `scenario` (a sweep loads each data set once).
void check_data_fits(const scenario::Scenario& scenario, const Datasets& datasets);

// What decides the datasets load_datasets gives: scenarios with the same key get the same data.
std::string data_key(const scenario::Scenario& scenario);

}  // namespace ssim::run
