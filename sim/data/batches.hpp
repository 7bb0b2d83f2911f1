// Which samples each worker trains on, and in which order. Single-node training is the
// one-worker case, so a scheme with one worker sees exactly the batches single sees.
#pragma once
#include "data/dataset.hpp"
#include <cstdint>

namespace ssim::data {

// Shuffles 0..sample_count-1 with the seed and cuts it into `workers` equal shards
// (the remainder, fewer than `workers` samples, is dropped so rounds stay in lockstep).
std::vector<Indices> shard_random(Eigen::Index sample_count, int workers, std::uint64_t seed);
// The size of each of those shards.
Eigen::Index shard_size(Eigen::Index sample_count, int workers);

// The batches of one worker in one epoch: its shard reshuffled by (seed, epoch, worker),
// cut into batches of batch_size (the last one may be smaller).
std::vector<Indices> epoch_batches(const Indices& shard, Eigen::Index batch_size, std::uint64_t seed,
                                   int epoch, int worker);

// Number of batches epoch_batches returns for a shard of this size.
Eigen::Index batches_per_epoch(Eigen::Index shard_size, Eigen::Index batch_size);
// The size of batch `index` (0-based, below batches_per_epoch) of those, whatever the epoch.
Eigen::Index batch_size_at(Eigen::Index shard_size, Eigen::Index batch_size, Eigen::Index index);

}  // namespace ssim::data
