#include "report/coded.hpp"

namespace ssim::report {

nlohmann::json coded_json(const schemes::CodedRecord& record) {
  return {{"inputs", record.inputs},
          {"encoder_degree", record.encoder_degree},
          {"computation", record.computation},
          {"computation_degree", record.computation_degree},
          {"recovery_threshold", record.recovery_threshold},
          {"workers", record.workers},
          {"placement", record.placement},
          {"parameters", record.parameters},
          {"parameters_share_of_seed002", static_cast<double>(record.parameters) / kSeed002ParameterScale},
          {"worst_amplification", record.worst_amplification},
          {"accuracy",
           {{"decoded_first_r", record.accuracy.first_answers},
            {"decoded_last_r", record.accuracy.last_answers},
            {"direct", record.accuracy.direct},
            {"queries", record.accuracy.queries}}},
          {"per_group",
           {{"frontend_flops", record.frontend_flops},
            {"worker_flops", record.worker_flops},
            {"decode_flops", record.decode_flops},
            {"request_bytes", record.request_bytes},
            {"answer_bytes", record.answer_bytes}}}};
}

}  // namespace ssim::report
