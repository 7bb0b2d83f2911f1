// What a coded model's run (seed 002) adds to its results: the "coded" object of summary.json.
#pragma once
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>

namespace ssim::report {

// Seed 002 gives its models' sizes as a share of this many parameters (its Table 3's 100%).
inline constexpr double kSeed002ParameterScale = 2'218'197;

// {inputs, encoder_degree, computation, computation_degree, recovery_threshold, workers, placement,
//  parameters, parameters_share_of_seed002, worst_amplification,
//  accuracy: {decoded_first_r, decoded_last_r, direct, queries},
//  per_group: {frontend_flops, worker_flops, decode_flops, request_bytes, answer_bytes}}
nlohmann::json coded_json(const schemes::CodedRecord& record);

}  // namespace ssim::report
