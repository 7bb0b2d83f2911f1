#include "report/results.hpp"
#include "common/csv_field.hpp"
#include "report/coded.hpp"
#include "report/partitioned.hpp"
#include "report/parity.hpp"
#include "schemes/infer_parity_options.hpp"
#include "schemes/parity_model.hpp"
#include "common/write_file.hpp"
#include "report/number.hpp"
#include "report/saved_model.hpp"
#include "report/serving.hpp"
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ssim::report {

namespace {

const char* network_model_name(scenario::NetworkModel m) {
  return m == scenario::NetworkModel::ideal ? "ideal" : "simgrid";
}

bool unanswered_query(const schemes::RunResult& result) {
  return result.serving && std::any_of(result.serving->queries.begin(), result.serving->queries.end(),
                                       [](const schemes::QueryRecord& q) { return !q.answered(); });
}

bool finite_or_absent(const std::optional<double>& x) { return !x || std::isfinite(*x); }

// `diverged` when training produced a number that is not finite (or the final model evaluates to
// one); `stopped_by_failures` when failures stopped training early or left a query unanswered;
// `timed` when a run in timing mode went to its end (it computed no numbers); `completed` otherwise.
std::string run_status(const scenario::Scenario& scenario, const schemes::RunResult& result,
                       const cluster::Cluster& cluster) {
  const auto& training = result.training;
  if (cluster.divergence() ||
      (training && (!finite_or_absent(training->final_test_loss) || !finite_or_absent(training->final_test_accuracy))))
    return "diverged";
  if ((training && !training->completed) || unanswered_query(result)) return "stopped_by_failures";
  return scenario.compute == scenario::Compute::timing ? "timed" : "completed";
}

// An empty cell for a number not computed (timing mode).
std::string cell(const std::optional<double>& x) { return x ? number(*x) : ""; }

nlohmann::json nullable(const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); }

std::string epochs_csv(const std::vector<schemes::EpochRecord>& records) {
  std::ostringstream epochs;
  epochs << "epoch,simulated_time_s,train_loss,test_loss,test_accuracy\n";
  for (const auto& e : records)
    epochs << e.epoch << ',' << number(e.time_s) << ',' << cell(e.train_loss) << ',' << cell(e.test_loss) << ','
           << cell(e.test_accuracy) << '\n';
  return epochs.str();
}

}  // namespace

nlohmann::json summary_json(const scenario::Scenario& scenario, const schemes::RunResult& result,
                            cluster::Cluster& cluster) {
  const auto& ledger = cluster.ledger();
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : cluster.failures())
    failures.push_back({{"host", f.host}, {"role", f.role}, {"time_s", f.time_s}});
  const double predicted = result.prediction.time_s;
  nlohmann::json summary = {
      {"scenario", scenario.name},
      {"scheme", schemes::find_scheme(scenario.scheme.name).name},
      {"seed", scenario.seed},
      {"status", run_status(scenario, result, cluster)},
      {"platform_file", scenario.platform.topology == scenario::Platform::Topology::file ? scenario.platform.file
                                                                                       : "platform.xml"},
      {"network_model", network_model_name(scenario.network_model)},
      {"hosts", ledger.hosts().size()},
      {"workers", scenario.scheme.workers},
      {"simulated_time_s", result.simulated_time_s},
      {"total_flops", ledger.total_flops()},
      {"total_bytes_sent", ledger.total_bytes_sent()},
      {"model",
       {{"predicted_time_s", predicted},
        {"kind", models::kind_name(result.prediction.kind)},
        {"formula", result.prediction.formula},
        {"values", result.prediction.values},
        {"simulated_over_predicted", predicted > 0 ? result.simulated_time_s / predicted : 0.0}}},
      {"counters", result.counters},
      {"failures", failures},
  };
  // Said only in timing mode, so that the summaries of real runs stay as they were.
  if (scenario.compute == scenario::Compute::timing) summary["compute"] = "timing";
  if (const auto& training = result.training) {
    summary["epochs"] = training->epochs.size();
    summary["iterations"] = training->steps;
    summary["final_test_accuracy"] = nullable(training->final_test_accuracy);
    summary["final_test_loss"] = nullable(training->final_test_loss);
    if (result.serving) summary["training_time_s"] = training->simulated_time_s;
  }
  if (result.serving) summary["serving"] = serving_json(*result.serving);
  if (result.partitioned) summary["partitioned"] = partitioned_json(*result.partitioned);
  if (result.parity) summary["parity"] = parity_json(*result.parity, *result.serving);
  if (result.coded) summary["coded"] = coded_json(*result.coded);
  if (const auto& d = cluster.divergence())
    summary["diverged"] = {{"epoch", d->epoch}, {"step", d->step}, {"time_s", d->time_s}, {"what", d->what}};
  else if (summary["status"] == "diverged")
    summary["diverged"] = {{"epoch", result.training->epochs.size()},
                           {"step", result.training->steps},
                           {"time_s", result.simulated_time_s},
                           {"what", "the final model's test loss or accuracy is not finite"}};
  return summary;
}

void write_results(const std::string& directory, const scenario::Scenario& scenario,
                   const schemes::RunResult& result, cluster::Cluster& cluster) {
  const std::filesystem::path dir(directory);
  write_file((dir / "summary.json").string(), summary_json(scenario, result, cluster).dump(2) + "\n");
  if (result.training) write_file((dir / "epochs.csv").string(), epochs_csv(result.training->epochs));
  // The trained model, for a later run to serve (report/saved_model.hpp); not a diverged one, nor
  // one of timing mode, which has no parameters.
  const std::string status = run_status(scenario, result, cluster);
  if (result.training && status != "diverged" && scenario.compute == scenario::Compute::real)
    write_saved_model(directory, architecture(scenario.model), result.training->final_parameters);
  if (result.serving) write_file((dir / "queries.csv").string(), queries_csv(*result.serving));
  if (result.partitioned) write_file((dir / "erasures.csv").string(), erasures_csv(*result.partitioned));
  if (result.parity && result.training) {  // trained in this run: saved beside the model, to serve again
    write_file((dir / "parity_training.csv").string(), parity_training_csv(*result.parity));
    if (status != "diverged")
      write_saved_model(directory, schemes::parity_architecture(scenario, result.parity->group),
                        result.parity->parameters, schemes::kParityModelName);
  }

  std::ostringstream hosts;
  hosts << "host,role,busy_s,idle_s,flops,bytes_out,bytes_in,messages_out,messages_in,failed_at_s\n";
  for (const auto& h : cluster.ledger().hosts()) {
    const double lifetime = h.failed_at_s >= 0 ? h.failed_at_s : cluster.end_time();
    hosts << csv_field(h.name) << ',' << csv_field(h.role) << ',' << number(h.busy_s) << ','
          << number(lifetime - h.busy_s) << ',' << number(h.flops) << ',' << number(h.bytes_out) << ','
          << number(h.bytes_in) << ',' << h.messages_out << ',' << h.messages_in << ','
          << (h.failed_at_s >= 0 ? number(h.failed_at_s) : "") << '\n';
  }
  write_file((dir / "hosts.csv").string(), hosts.str());

  std::ostringstream links;
  links << "link,bandwidth_bytes_per_s,latency_s,bytes,messages,transmit_s\n";
  auto link_records = cluster.ledger().links();
  std::sort(link_records.begin(), link_records.end(),
            [](const auto& a, const auto& b) { return cluster::natural_less(a.name, b.name); });
  for (const auto& l : link_records)
    links << csv_field(l.name) << ',' << number(l.bandwidth) << ',' << number(l.latency_s) << ','
          << number(l.bytes) << ',' << l.messages << ',' << number(l.transmit_s()) << '\n';
  write_file((dir / "links.csv").string(), links.str());
}

std::string text_summary(const nlohmann::json& s, const schemes::RunResult& result) {
  std::string text = fmt::format("{} ({}, {} workers, {} hosts): {}\n", s["scenario"].get<std::string>(),
                                 s["scheme"].get<std::string>(), s["workers"].get<int>(), s["hosts"].get<int>(),
                                 s["status"].get<std::string>());
  if (result.training)
    for (const auto& e : result.training->epochs)
      text += e.test_accuracy ? fmt::format("  epoch {:3}  t = {:12.6f} s  train loss {:.4f}  test accuracy {:6.2f}%\n",
                                            e.epoch, e.time_s, *e.train_loss, 100 * *e.test_accuracy)
                              : fmt::format("  epoch {:3}  t = {:12.6f} s\n", e.epoch, e.time_s);
  if (s.contains("serving")) text += serving_text(s["serving"]);
  if (s.contains("parity")) text += parity_text(s["parity"]);
  const auto& model = s["model"];
  text += fmt::format("  simulated time {:.6f} s, model {:.6f} s (ratio {:.4f})\n", s["simulated_time_s"].get<double>(),
                      model["predicted_time_s"].get<double>(), model["simulated_over_predicted"].get<double>());
  text += fmt::format("    {}\n    {}\n", model["formula"].get<std::string>(), model["values"].get<std::string>());
  const std::string traffic =
      fmt::format("{:.4g} bytes sent, {:.4g} flops", s["total_bytes_sent"].get<double>(), s["total_flops"].get<double>());
  if (result.training && s["final_test_accuracy"].is_null())
    text += fmt::format("  final test accuracy not computed (compute: timing), {}\n", traffic);
  else if (result.training)
    text += fmt::format("  final test accuracy {:.2f}%, {}\n", 100 * s["final_test_accuracy"].get<double>(), traffic);
  else
    text += fmt::format("  {}\n", traffic);
  if (s.contains("diverged"))
    text += fmt::format("  diverged at epoch {}, step {} (t = {} s): {}\n", s["diverged"]["epoch"].get<int>(),
                        s["diverged"]["step"].get<long>(), s["diverged"]["time_s"].get<double>(),
                        s["diverged"]["what"].get<std::string>());
  for (const auto& f : s["failures"])
    text += fmt::format("  host {} ({}) failed at t = {} s\n", f["host"].get<std::string>(),
                        f["role"].get<std::string>(), f["time_s"].get<double>());
  return text;
}

}  // namespace ssim::report
