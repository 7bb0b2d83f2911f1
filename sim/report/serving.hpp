// The queries a run served, reported: the "serving" object of summary.json, queries.csv and the
// terminal's lines. Latency is arrival to answer; percentiles are report/percentiles.hpp's.
#pragma once
#include "report/percentiles.hpp"
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ssim::report {

struct ServingSummary {
  long queries = 0, answered = 0;
  std::optional<Distribution> latency_s;  // of the answered queries; none if none was
  // Answered queries over the time from the first arrival to the last answer.
  std::optional<double> throughput_qps;
  std::optional<double> accuracy;  // correct among the answered
};
ServingSummary summarize(const schemes::ServingRecord& serving);

// {queries, answered, unanswered, latency_s: {mean, p50, p95, p99, p99_9, max}, throughput_qps,
//  accuracy, model: {kind, latency_s, formula, values, measured_over_model}}; null where there is no
// number (no query answered). A model that only bounds the mean gives only the mean.
nlohmann::json serving_json(const schemes::ServingRecord& serving);

// id,arrival_s,completion_s,latency_s,answers_used,predicted,label,correct: one row per query in id
// order; an unanswered query has no completion, latency, prediction or correctness. A partitioned
// run adds missing_nodes: the nodes whose outputs were taken as erased, as "3;7"; a parity-coded
// run adds reconstructed: 1 when the query's output was rebuilt from its group's parity, else 0.
std::string queries_csv(const schemes::ServingRecord& serving);

// A few lines for the terminal from summary.json's "serving".
std::string serving_text(const nlohmann::json& serving);

}  // namespace ssim::report
