// What a partitioned model's run (seed 000) adds to its results: erasures.csv, its accuracy with
// exactly h parts erased for every h, and the "partitioned" object of summary.json, with the flops
// of one query in the simulation's convention and in seed 000's.
#pragma once
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>
#include <string>

namespace ssim::report {

// trained_erasures,erased,accuracy,samples: one row per h = 0 .. parts - 1; trained_erasures is
// empty for a model read from an earlier run.
std::string erasures_csv(const schemes::PartitionedRecord& record);

// {parts, trained_erasures, erasures: [{erased, accuracy}], flops_per_query: {node, decoder, total},
//  seed000_flops_per_query: {node, decoder, total}, compute_s_per_query: {simulated, seed000}}
nlohmann::json partitioned_json(const schemes::PartitionedRecord& record);

}  // namespace ssim::report
