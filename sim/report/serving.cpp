#include "report/serving.hpp"
#include "report/number.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sstream>

namespace ssim::report {
namespace {

using models::LatencyPrediction;

nlohmann::json json_of(const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(); }

nlohmann::json json_of(const Distribution& d) {
  return {{"mean", d.mean}, {"p50", d.p50}, {"p95", d.p95}, {"p99", d.p99}, {"p99_9", d.p99_9}, {"max", d.max}};
}

nlohmann::json model_latency(const LatencyPrediction& model) {
  if (model.kind == LatencyPrediction::Kind::mean_bound) return {{"mean", model.mean_s}};
  return json_of(Distribution{.mean = model.mean_s,
                              .p50 = model.p50_s,
                              .p95 = model.p95_s,
                              .p99 = model.p99_s,
                              .p99_9 = model.p99_9_s,
                              .max = model.max_s});
}

// Each statistic the model gives, measured over modelled; none where either has no positive value.
nlohmann::json measured_over_model(const nlohmann::json& measured, const nlohmann::json& model) {
  nlohmann::json ratios = nlohmann::json::object();
  for (const auto& [name, predicted] : model.items()) {
    const auto& value = measured.at(name);
    const double p = predicted.get<double>();
    ratios[name] = value.is_number() && p > 0 ? nlohmann::json(value.get<double>() / p) : nlohmann::json();
  }
  return ratios;
}

std::string stat(const nlohmann::json& x) { return x.is_number() ? fmt::format("{:.6g}", x.get<double>()) : "-"; }

}  // namespace

ServingSummary summarize(const schemes::ServingRecord& serving) {
  ServingSummary summary;
  summary.queries = static_cast<long>(serving.queries.size());
  std::vector<double> latencies;
  long correct = 0;
  double first_arrival = serving.queries.empty() ? 0 : serving.queries.front().arrival_s, last_answer = 0;
  for (const auto& q : serving.queries) {
    first_arrival = std::min(first_arrival, q.arrival_s);
    if (!q.answered()) continue;
    latencies.push_back(q.latency_s());
    correct += q.predicted == q.label;
    last_answer = std::max(last_answer, q.completion_s);
  }
  summary.answered = static_cast<long>(latencies.size());
  if (latencies.empty()) return summary;
  summary.latency_s = distribution(latencies);
  summary.accuracy = static_cast<double>(correct) / static_cast<double>(summary.answered);
  if (last_answer > first_arrival)
    summary.throughput_qps = static_cast<double>(summary.answered) / (last_answer - first_arrival);
  return summary;
}

nlohmann::json serving_json(const schemes::ServingRecord& serving) {
  const auto summary = summarize(serving);
  const auto& model = serving.latency_model;
  nlohmann::json latency = summary.latency_s ? json_of(*summary.latency_s)
                                             : nlohmann::json{{"mean", nullptr}, {"p50", nullptr}, {"p95", nullptr},
                                                              {"p99", nullptr}, {"p99_9", nullptr}, {"max", nullptr}};
  const nlohmann::json modelled = model_latency(model);
  return {{"queries", summary.queries},
          {"answered", summary.answered},
          {"unanswered", summary.queries - summary.answered},
          {"latency_s", latency},
          {"throughput_qps", json_of(summary.throughput_qps)},
          {"accuracy", json_of(summary.accuracy)},
          {"model",
           {{"kind", model.kind == LatencyPrediction::Kind::exact ? "exact" : "mean_bound"},
            {"latency_s", modelled},
            {"formula", model.formula},
            {"values", model.values},
            {"measured_over_model", measured_over_model(latency, modelled)}}}};
}

std::string queries_csv(const schemes::ServingRecord& serving) {
  std::ostringstream csv;
  csv << "id,arrival_s,completion_s,latency_s,answers_used,predicted,label,correct"
      << (serving.partitioned ? ",missing_nodes" : "") << (serving.parity ? ",reconstructed\n" : "\n");
  for (const auto& q : serving.queries) {
    csv << q.id << ',' << number(q.arrival_s) << ',';
    if (q.answered())
      csv << number(q.completion_s) << ',' << number(q.latency_s()) << ',' << q.answers_used << ',' << q.predicted
          << ',' << q.label << ',' << (q.predicted == q.label ? 1 : 0);
    else
      csv << ",," << q.answers_used << ",," << q.label << ',';
    // Node numbers joined by ';', so the column stays one CSV field.
    if (serving.partitioned) csv << ',' << fmt::format("{}", fmt::join(q.missing_nodes, ";"));
    if (serving.parity) csv << ',' << (q.reconstructed ? 1 : 0);
    csv << '\n';
  }
  return csv.str();
}

std::string serving_text(const nlohmann::json& s) {
  const auto& latency = s["latency_s"];
  const auto& model = s["model"];
  std::string text = fmt::format("  served {} queries, {} answered", s["queries"].get<long>(), s["answered"].get<long>());
  if (s["throughput_qps"].is_number()) text += fmt::format(", {:.6g} queries/s", s["throughput_qps"].get<double>());
  if (s["accuracy"].is_number()) text += fmt::format(", accuracy {:.2f}%", 100 * s["accuracy"].get<double>());
  text += fmt::format("\n  latency mean {} s, p50 {}, p95 {}, p99 {}, p99.9 {}, max {}\n", stat(latency["mean"]),
                      stat(latency["p50"]), stat(latency["p95"]), stat(latency["p99"]), stat(latency["p99_9"]),
                      stat(latency["max"]));
  const auto& modelled = model["latency_s"];
  if (model["kind"] == "exact")
    text += fmt::format("  model: mean {} s, p50 {}, p95 {}, p99 {}, p99.9 {}, max {}\n", stat(modelled["mean"]),
                        stat(modelled["p50"]), stat(modelled["p95"]), stat(modelled["p99"]), stat(modelled["p99_9"]),
                        stat(modelled["max"]));
  else
    text += fmt::format("  model: mean at most {} s\n", stat(modelled["mean"]));
  text += fmt::format("    {}\n    {}\n", model["formula"].get<std::string>(), model["values"].get<std::string>());
  return text;
}

}  // namespace ssim::report
