#include "data/batches.hpp"
#include "common/splitmix.hpp"
#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace ssim::data {
namespace {

// Keeps the sharding's random stream apart from the epoch streams drawn from the same seed.
constexpr std::uint64_t kShardStream = 0x5348415244ULL;  // "SHARD"

void check_batch_size(Eigen::Index batch_size) {
  if (batch_size < 1) throw std::invalid_argument("batch size must be at least 1");
}

}  // namespace

std::vector<Indices> shard_random(Eigen::Index sample_count, int workers, std::uint64_t seed) {
  if (sample_count < 0) throw std::invalid_argument("shard_random: negative sample count");
  if (workers < 1) throw std::invalid_argument("shard_random: need at least one worker");
  Indices order(static_cast<std::size_t>(sample_count));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::mt19937_64 rng(splitmix64(seed ^ kShardStream));
  std::shuffle(order.begin(), order.end(), rng);

  const auto size = static_cast<std::ptrdiff_t>(shard_size(sample_count, workers));
  std::vector<Indices> shards;
  shards.reserve(static_cast<std::size_t>(workers));
  for (int w = 0; w < workers; ++w) {
    const auto first = order.begin() + w * size;
    shards.emplace_back(first, first + size);
  }
  return shards;
}

Eigen::Index shard_size(Eigen::Index sample_count, int workers) { return sample_count / workers; }

std::vector<Indices> epoch_batches(const Indices& shard, Eigen::Index batch_size, std::uint64_t seed,
                                   int epoch, int worker) {
  check_batch_size(batch_size);
  Indices order = shard;
  const std::uint64_t epoch_seed = splitmix64(splitmix64(splitmix64(seed) ^ static_cast<std::uint64_t>(epoch)) ^
                                              static_cast<std::uint64_t>(worker));
  std::mt19937_64 rng(epoch_seed);
  std::shuffle(order.begin(), order.end(), rng);

  std::vector<Indices> batches;
  batches.reserve(static_cast<std::size_t>(batches_per_epoch(static_cast<Eigen::Index>(order.size()), batch_size)));
  for (auto first = order.begin(); first != order.end();) {
    const auto last = first + std::min<std::ptrdiff_t>(batch_size, order.end() - first);
    batches.emplace_back(first, last);
    first = last;
  }
  return batches;
}

Eigen::Index batches_per_epoch(Eigen::Index shard_size, Eigen::Index batch_size) {
  check_batch_size(batch_size);
  return (std::max<Eigen::Index>(shard_size, 0) + batch_size - 1) / batch_size;
}

Eigen::Index batch_size_at(Eigen::Index shard_size, Eigen::Index batch_size, Eigen::Index index) {
  check_batch_size(batch_size);
  return std::min(batch_size, shard_size - index * batch_size);
}

}  // namespace ssim::data
