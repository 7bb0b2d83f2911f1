#include "report/parity.hpp"
#include "report/number.hpp"
#include <fmt/format.h>
#include <sstream>

namespace ssim::report {

nlohmann::json parity_json(const schemes::ParityRecord& record, const schemes::ServingRecord& serving) {
  long reconstructed = 0, correct = 0;
  for (const auto& q : serving.queries)
    if (q.reconstructed) {
      ++reconstructed;
      correct += q.predicted == q.label;
    }
  nlohmann::json training;  // null: the parity model was read from an earlier run
  if (!record.epochs.empty())
    training = {{"time_s", record.training_time_s}, {"final_test_mse", record.epochs.back().test_mse}};
  return {{"group", record.group},
          {"reconstructed_queries", reconstructed},
          {"reconstructed_accuracy",
           reconstructed ? nlohmann::json(static_cast<double>(correct) / static_cast<double>(reconstructed))
                         : nlohmann::json()},
          {"model_accuracy", record.model_accuracy},
          {"degraded_accuracy", record.degraded_accuracy},
          {"samples", record.samples},
          {"training", training},
          {"latency_model",
           {{"bound", "upper"},
            {"why", "a query is answered by its own answer when that is among the first k of the k + 1, else "
                    "rebuilt after the k-th: serving.model (the k-th answer, then rebuilding one share) bounds every "
                    "query's latency from above, and rebuilt queries reach it"}}}};
}

std::string parity_training_csv(const schemes::ParityRecord& record) {
  std::ostringstream csv;
  csv << "epoch,time_s,train_mse,test_mse\n";
  for (const auto& e : record.epochs)
    csv << e.epoch << ',' << number(e.time_s) << ',' << number(e.train_mse) << ',' << number(e.test_mse) << '\n';
  return csv.str();
}

std::string parity_text(const nlohmann::json& p) {
  const auto& rebuilt = p["reconstructed_accuracy"];
  return fmt::format("  parity: group {}, {} queries rebuilt{}; every test output rebuilt: accuracy {:.2f}% (the "
                     "model's own {:.2f}%)\n",
                     p["group"].get<int>(), p["reconstructed_queries"].get<long>(),
                     rebuilt.is_number() ? fmt::format(" (accuracy {:.2f}%)", 100 * rebuilt.get<double>()) : "",
                     100 * p["degraded_accuracy"].get<double>(), 100 * p["model_accuracy"].get<double>());
}

}  // namespace ssim::report
