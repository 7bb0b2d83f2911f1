// Writes a run's results (units in every column name): summary.json, hosts.csv and links.csv always;
// epochs.csv when the run trained, queries.csv when it served.
#pragma once
#include "cluster/cluster.hpp"
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>
#include <string>

namespace ssim::report {

// The common core at the top level (status, simulated time beside the model, flops, bytes,
// counters, failures); a training's epochs, iterations (its optimizer steps) and final accuracy and
// loss at the top level too; the served queries under "serving" (report/serving.hpp).
nlohmann::json summary_json(const scenario::Scenario& scenario, const schemes::RunResult& result,
                            cluster::Cluster& cluster);
void write_results(const std::string& directory, const scenario::Scenario& scenario,
                   const schemes::RunResult& result, cluster::Cluster& cluster);
// A few lines for the terminal: accuracy per epoch, the queries' latency beside its model,
// simulated time beside the model, bytes sent.
std::string text_summary(const nlohmann::json& summary, const schemes::RunResult& result);

}  // namespace ssim::report
