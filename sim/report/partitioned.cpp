#include "report/partitioned.hpp"
#include "report/number.hpp"
#include <sstream>

namespace ssim::report {

std::string erasures_csv(const schemes::PartitionedRecord& record) {
  const std::string trained = record.trained_erasures >= 0 ? std::to_string(record.trained_erasures) : "";
  std::ostringstream csv;
  csv << "trained_erasures,erased,accuracy,samples\n";
  for (const auto& e : record.erasures)
    csv << trained << ',' << e.erased << ',' << number(e.accuracy) << ',' << e.samples << '\n';
  return csv.str();
}

nlohmann::json partitioned_json(const schemes::PartitionedRecord& record) {
  nlohmann::json erasures = nlohmann::json::array();
  for (const auto& e : record.erasures) erasures.push_back({{"erased", e.erased}, {"accuracy", e.accuracy}});
  return {{"parts", record.parts},
          {"trained_erasures", record.trained_erasures >= 0 ? nlohmann::json(record.trained_erasures) : nlohmann::json()},
          {"erasures", erasures},
          {"flops_per_query",
           {{"node", record.node_flops},
            {"decoder", record.decoder_flops},
            {"total", record.node_flops + record.decoder_flops}}},
          {"seed000_flops_per_query",
           {{"node", record.seed000_node_flops},
            {"decoder", record.seed000_decoder_flops},
            {"total", record.seed000_node_flops + record.seed000_decoder_flops}}},
          // One query's compute without stragglers, node 0's then the frontend's decoding: what the
          // simulation charges, and seed 000's T_overall = alpha (T_node + T_decoder), alpha = 1 / speed.
          {"compute_s_per_query",
           {{"simulated", record.node_flops / record.node_speed + record.decoder_flops / record.frontend_speed},
            {"seed000",
             record.seed000_node_flops / record.node_speed + record.seed000_decoder_flops / record.frontend_speed}}}};
}

}  // namespace ssim::report
