// Writes a run's results: summary.json, epochs.csv, hosts.csv and links.csv (units in every column name).
#pragma once
#include "cluster/cluster.hpp"
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>
#include <string>

namespace ssim::report {

nlohmann::json summary_json(const scenario::Scenario& scenario, const schemes::RunResult& result,
                            cluster::Cluster& cluster);
void write_results(const std::string& directory, const scenario::Scenario& scenario,
                   const schemes::RunResult& result, cluster::Cluster& cluster);
// A few lines for the terminal: simulated time beside the model, accuracy per epoch, bytes sent.
std::string text_summary(const nlohmann::json& summary, const schemes::RunResult& result);

}  // namespace ssim::report
