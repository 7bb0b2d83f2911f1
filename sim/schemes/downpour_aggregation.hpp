// Seed 001, section III.B: how the Downpour manager combines its workers' parameter updates.
#pragma once
#include "nn/tensor.hpp"
#include "schemes/downpour_options.hpp"
#include <vector>

namespace ssim::schemes {

// One weight per update, summing to 1. average: 1/N each. weighted: each worker's training loss
// over the sum of the losses, so the workers that fit their block worst count most (every
// weight 1/N when all losses are 0).
std::vector<double> aggregation_weights(DownpourOptions::Aggregation aggregation, const std::vector<float>& losses);

// sum_i weights[i] * updates[i].
nn::Vector combine(const std::vector<const nn::Vector*>& updates, const std::vector<double>& weights);

// Combining n updates of P values (a multiply-add per value and update) and adding the result to
// the model (one add per value).
double aggregation_flops(int updates, Eigen::Index parameter_count);

}  // namespace ssim::schemes
