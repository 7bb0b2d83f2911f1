#include "data/splits.hpp"
#include "data/batches.hpp"
#include <algorithm>
#include <stdexcept>
#include <string>

namespace ssim::data {
namespace {

std::vector<Indices> split_random(const Indices& order, int blocks) {
  const auto size = static_cast<std::ptrdiff_t>(order.size()) / blocks;
  std::vector<Indices> result;
  for (int w = 0; w < blocks; ++w) result.emplace_back(order.begin() + w * size, order.begin() + (w + 1) * size);
  return result;
}

std::vector<Indices> split_by_class(const Indices& order, const nn::Labels& labels, int classes, int blocks) {
  if (blocks != classes)
    throw std::invalid_argument("class split: needs one block per class (" + std::to_string(classes) + "), got " +
                                std::to_string(blocks));
  std::vector<Indices> result(static_cast<std::size_t>(blocks));
  for (Eigen::Index i : order) result[static_cast<std::size_t>(labels(i))].push_back(i);
  return result;
}

// The k-th sample of a class (in epoch order) goes to block k mod blocks, while the class has a
// sample left for every block.
std::vector<Indices> split_equal(const Indices& order, const nn::Labels& labels, int classes, int blocks) {
  std::vector<long> count(static_cast<std::size_t>(classes)), seen(static_cast<std::size_t>(classes));
  for (Eigen::Index i : order) ++count[static_cast<std::size_t>(labels(i))];
  std::vector<Indices> result(static_cast<std::size_t>(blocks));
  for (Eigen::Index i : order) {
    const auto c = static_cast<std::size_t>(labels(i));
    const long k = seen[c]++;
    if (k < count[c] / blocks * blocks) result[static_cast<std::size_t>(k % blocks)].push_back(i);
  }
  return result;
}

}  // namespace

Indices epoch_order(Eigen::Index sample_count, std::uint64_t seed, int epoch) {
  if (sample_count == 0) return {};
  return epoch_batches(shard_random(sample_count, 1, seed).front(), sample_count, seed, epoch, 0).front();
}

std::vector<Indices> split(Split split, const nn::Labels& labels, int classes, int blocks, std::uint64_t seed,
                           int epoch) {
  if (blocks < 1) throw std::invalid_argument("split: need at least one block");
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    if (labels(i) < 0 || labels(i) >= classes)
      throw std::invalid_argument("split: label " + std::to_string(labels(i)) + " outside 0.." +
                                  std::to_string(classes - 1));
  const Indices order = epoch_order(labels.size(), seed, epoch);
  switch (split) {
    case Split::random:
      return split_random(order, blocks);
    case Split::by_class:
      return split_by_class(order, labels, classes, blocks);
    case Split::equal:
      return split_equal(order, labels, classes, blocks);
  }
  throw std::invalid_argument("split: unknown kind");
}

Indices in_epoch_order(const Indices& block, Eigen::Index sample_count, std::uint64_t seed, int epoch) {
  std::vector<bool> member(static_cast<std::size_t>(sample_count));
  for (Eigen::Index i : block) member.at(static_cast<std::size_t>(i)) = true;
  Indices ordered;
  ordered.reserve(block.size());
  for (Eigen::Index i : epoch_order(sample_count, seed, epoch))
    if (member[static_cast<std::size_t>(i)]) ordered.push_back(i);
  return ordered;
}

std::vector<Indices> consecutive_batches(const Indices& samples, Eigen::Index batch_size) {
  if (batch_size < 1) throw std::invalid_argument("batch size must be at least 1");
  std::vector<Indices> batches;
  for (auto first = samples.begin(); first != samples.end();) {
    const auto last = first + std::min<std::ptrdiff_t>(batch_size, samples.end() - first);
    batches.emplace_back(first, last);
    first = last;
  }
  return batches;
}

}  // namespace ssim::data
