// Which parts of each sample a partitioned model loses to stragglers, and erasing them. Draws come
// from (seed, epoch or erased count, sample id) alone, so every machine draws the same mask and a
// sample's draw does not depend on the batch it is in or on the order of the batch.
#pragma once
#include "data/dataset.hpp"
#include "nn/tensor.hpp"
#include <cstdint>
#include <vector>

namespace ssim::data {

// parts x samples: true when that part of that sample is erased.
using ErasureMask = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>;

// An erased part has every value set to this, outside the [0, 1] range of the data.
inline constexpr float kErasedValue = -1.0f;

// Training: for each sample, a count uniform in 0..max_erased, then that many distinct parts,
// every subset of that size equally likely.
// Throws std::invalid_argument unless parts >= 1 and 0 <= max_erased <= parts.
ErasureMask training_erasures(std::uint64_t seed, long epoch, const Indices& sample_ids, int parts, int max_erased);

// Testing: exactly `erased` distinct parts of each sample, every subset of that size equally likely.
// Throws std::invalid_argument unless parts >= 1 and 0 <= erased <= parts.
ErasureMask test_erasures(std::uint64_t seed, int erased, const Indices& sample_ids, int parts);

// Sets every value of each sample's erased parts to kErasedValue; `parts` as split_samples returns
// them. Throws std::invalid_argument when the mask's size does not match the parts.
void erase(std::vector<nn::Matrix>& parts, const ErasureMask& mask);

}  // namespace ssim::data
