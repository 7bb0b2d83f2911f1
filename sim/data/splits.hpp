// Seed 001's ways of cutting the training set into one block per worker (section III.A).
// Every block lists its samples in the epoch's order: the order in which one worker alone
// trains the whole set in that epoch (data/batches.hpp). So one random block is exactly
// single-node training's epoch, and a block's batches are consecutive runs of it.
#pragma once
#include "data/dataset.hpp"
#include <cstdint>

namespace ssim::data {

enum class Split {
  random,    // equal blocks of shuffled samples; the remainder (fewer than `blocks`) is left out
  by_class,  // block w holds every sample of class w (needs blocks == classes)
  equal      // every block holds the same number of samples of each class; each class's remainder is left out
};

// The blocks of one epoch, drawn from (seed, epoch).
std::vector<Indices> split(Split split, const nn::Labels& labels, int classes, int blocks, std::uint64_t seed,
                           int epoch);

// Every sample, in the order one worker alone trains them in `epoch`.
Indices epoch_order(Eigen::Index sample_count, std::uint64_t seed, int epoch);

// A block's samples in the order they come in `epoch`: how a worker that keeps its block walks it
// in a later pass.
Indices in_epoch_order(const Indices& block, Eigen::Index sample_count, std::uint64_t seed, int epoch);

// `samples` cut, in order, into batches of batch_size (the last one may be smaller).
std::vector<Indices> consecutive_batches(const Indices& samples, Eigen::Index batch_size);

}  // namespace ssim::data
