// What a parity-coded run (infer_parity) adds to its results: the "parity" object of summary.json,
// parity_training.csv (its parity model's epochs, when it trained one), the parity model saved
// beside the served model, and a line for the terminal.
#pragma once
#include "schemes/scheme.hpp"
#include <nlohmann/json.hpp>
#include <string>

namespace ssim::report {

// {group, reconstructed_queries, reconstructed_accuracy, model_accuracy, degraded_accuracy,
//  samples, training: {time_s, final_test_mse} (null when read), latency_model: {bound, why}}; an
// accuracy with no query to measure it on is null.
nlohmann::json parity_json(const schemes::ParityRecord& record, const schemes::ServingRecord& serving);

// epoch,time_s,train_mse,test_mse: one row per epoch of the parity model's training.
std::string parity_training_csv(const schemes::ParityRecord& record);

// A line for the terminal from summary.json's "parity".
std::string parity_text(const nlohmann::json& parity);

}  // namespace ssim::report
