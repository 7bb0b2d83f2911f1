// Results must be the same on every machine: a short training run's final parameters are held
// to a golden digest, which a machine-dependent summation order would change.
#include "common/splitmix.hpp"
#include "nn/cpu_check.hpp"
#include "nn/cpu_independence.hpp"
#include "nn/network.hpp"
#include <Eigen/Core>
#include <cstring>
#include <string>
#include <gtest/gtest.h>

using namespace ssim;

namespace {

std::uint64_t fnv1a(const nn::Vector& v) {
  std::uint64_t h = 1469598103934665603ULL;
  const auto* bytes = reinterpret_cast<const unsigned char*>(v.data());
  for (std::size_t i = 0; i < static_cast<std::size_t>(v.size()) * sizeof(float); ++i) {
    h ^= bytes[i];
    h *= 1099511628211ULL;
  }
  return h;
}

// A 784-128-10 network after 5 SGD steps on batches of 64 made-up images: big enough that Eigen
// blocks its products, so the cache sizes decide the summation order.
std::uint64_t trained_digest() {
  nn::Network network(nn::dense_network({784, 128, 10}, nn::Activation::relu, nn::Loss::cross_entropy, {}, 11));
  nn::Matrix images(784, 64);
  nn::Labels labels(64);
  std::uint64_t state = 5;
  for (int step = 0; step < 5; ++step) {
    for (Eigen::Index i = 0; i < images.size(); ++i)
      images.data()[i] = static_cast<float>(splitmix64(state++) >> 40) * 0x1.0p-24f;
    for (Eigen::Index i = 0; i < labels.size(); ++i) labels[i] = static_cast<int>(splitmix64(state++) % 10);
    network.compute_gradients(images, labels);
    network.parameters() -= 0.05f * network.gradients();
  }
  return fnv1a(network.parameters());
}

// One digest per instruction-set level: AVX2 and AVX-512 products sum in other orders (other
// packet widths), so each level has its own bits, the same on every machine that runs it. An
// unoptimised (Debug) build has its own too: without optimisation GCC fuses no multiply-adds in
// scalar code.
std::uint64_t golden_digest() {
  const std::string level = nn::build_instruction_set();
#ifdef __OPTIMIZE__
  if (level == "x86-64-v3") return 15698702532302224110ULL;
  if (level == "x86-64-v4") return 10521742795539818798ULL;
#else
  if (level == "x86-64-v3") return 11269368541356147453ULL;
  if (level == "x86-64-v4") return 4726207833059020990ULL;
#endif
  ADD_FAILURE() << "no golden digest for a " << level << " build";
  return 0;
}

}  // namespace

TEST(CpuIndependence, LayersPinEigensCacheSizes) {
  nn::Network network(nn::dense_network({4, 3}, nn::Activation::relu, nn::Loss::cross_entropy, {}, 0));
  EXPECT_EQ(Eigen::l1CacheSize(), nn::kPinnedL1Bytes);
  EXPECT_EQ(Eigen::l2CacheSize(), nn::kPinnedL2Bytes);
  EXPECT_EQ(Eigen::l3CacheSize(), nn::kPinnedL3Bytes);
}

TEST(CpuIndependence, ShortTrainingRunMatchesItsGoldenDigest) { EXPECT_EQ(trained_digest(), golden_digest()); }

// The digest would catch a machine-dependent blocking: other cache sizes give other bits.
TEST(CpuIndependence, OtherCacheSizesWouldGiveOtherBits) {
  nn::pin_cpu_dependent_settings();
  Eigen::setCpuCacheSizes(16 * 1024, 128 * 1024, 1024 * 1024);
  EXPECT_NE(trained_digest(), golden_digest());
}
