#include "data/erasures.hpp"
#include "common/splitmix.hpp"
#include <fmt/format.h>
#include <numeric>
#include <stdexcept>

namespace ssim::data {
namespace {

// Keep the training and test draws apart even when their other inputs coincide.
constexpr std::uint64_t kTrainingStream = 0x5452414954ULL;  // "TRAIT"
constexpr std::uint64_t kTestStream = 0x54455354ULL;        // "TEST"

// The SplitMix64 generator: outputs splitmix64(key + k * golden gamma), k = 0, 1, ...
class SplitMixStream {
 public:
  explicit SplitMixStream(std::uint64_t key) : state_(key) {}
  std::uint64_t next() {
    const std::uint64_t value = splitmix64(state_);
    state_ += 0x9e3779b97f4a7c15ULL;
    return value;
  }
  // Uniform in 0..bound-1 without bias (Lemire's multiply-and-reject), bound >= 1.
  std::uint64_t below(std::uint64_t bound) {
    unsigned __int128 product = static_cast<unsigned __int128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
      const std::uint64_t threshold = -bound % bound;
      while (low < threshold) {
        product = static_cast<unsigned __int128>(next()) * bound;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

 private:
  std::uint64_t state_;
};

std::uint64_t sample_key(std::uint64_t stream_key, Eigen::Index sample_id) {
  return splitmix64(stream_key ^ static_cast<std::uint64_t>(sample_id));
}

// Marks `count` distinct parts of the column, chosen by a partial Fisher-Yates shuffle.
void erase_distinct(SplitMixStream& stream, int count, std::vector<int>& order, ErasureMask::ColXpr erased) {
  std::iota(order.begin(), order.end(), 0);
  const auto parts = static_cast<int>(order.size());
  for (int i = 0; i < count; ++i) {
    const auto j = i + static_cast<int>(stream.below(static_cast<std::uint64_t>(parts - i)));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    erased(order[static_cast<std::size_t>(i)]) = true;
  }
}

void check_counts(const char* what, int parts, const char* count_name, int count) {
  if (parts < 1) throw std::invalid_argument(fmt::format("{}: parts must be at least 1, not {}", what, parts));
  if (count < 0 || count > parts)
    throw std::invalid_argument(fmt::format("{}: {} must be in 0..{} (the parts), not {}", what, count_name, parts, count));
}

}  // namespace

namespace {

// Each sample's erased parts, drawn from its own stream of `key` and its id: how many by
// `count_of(stream)`, then which.
template <class CountOf>
ErasureMask draw_mask(std::uint64_t key, const Indices& sample_ids, int parts, CountOf count_of) {
  ErasureMask mask = ErasureMask::Constant(parts, static_cast<Eigen::Index>(sample_ids.size()), false);
  std::vector<int> order(static_cast<std::size_t>(parts));
  for (Eigen::Index s = 0; s < mask.cols(); ++s) {
    SplitMixStream stream(sample_key(key, sample_ids[static_cast<std::size_t>(s)]));
    const int count = count_of(stream);
    erase_distinct(stream, count, order, mask.col(s));
  }
  return mask;
}

}  // namespace

ErasureMask training_erasures(std::uint64_t seed, long epoch, const Indices& sample_ids, int parts, int max_erased) {
  check_counts("training erasures", parts, "max_erased", max_erased);
  const std::uint64_t epoch_key = splitmix64(splitmix64(seed ^ kTrainingStream) ^ static_cast<std::uint64_t>(epoch));
  return draw_mask(epoch_key, sample_ids, parts, [max_erased](SplitMixStream& stream) {
    return static_cast<int>(stream.below(static_cast<std::uint64_t>(max_erased) + 1));
  });
}

ErasureMask test_erasures(std::uint64_t seed, int erased, const Indices& sample_ids, int parts) {
  check_counts("test erasures", parts, "erased", erased);
  const std::uint64_t count_key = splitmix64(splitmix64(seed ^ kTestStream) ^ static_cast<std::uint64_t>(erased));
  return draw_mask(count_key, sample_ids, parts, [erased](SplitMixStream&) { return erased; });
}

void erase(std::vector<nn::Matrix>& parts, const ErasureMask& mask) {
  if (mask.rows() != static_cast<Eigen::Index>(parts.size()))
    throw std::invalid_argument(
        fmt::format("erase: the mask has {} parts, the samples {}", mask.rows(), parts.size()));
  for (std::size_t part = 0; part < parts.size(); ++part) {
    nn::Matrix& values = parts[part];
    if (values.cols() != mask.cols())
      throw std::invalid_argument(fmt::format("erase: the mask has {} samples, part {} has {}", mask.cols(), part,
                                              values.cols()));
    for (Eigen::Index s = 0; s < mask.cols(); ++s)
      if (mask(static_cast<Eigen::Index>(part), s)) values.col(s).setConstant(kErasedValue);
  }
}

}  // namespace ssim::data
