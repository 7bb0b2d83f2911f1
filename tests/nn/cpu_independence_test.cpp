// Results must be the same on every machine: a short training run's final parameters are held
// to a golden digest, which a machine-dependent summation order would change.
#include "common/splitmix.hpp"
#include "nn/cpu_independence.hpp"
#include "nn/network.hpp"
#include <Eigen/Core>
#include <cstring>
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

constexpr std::uint64_t kGoldenDigest = 15698702532302224110ULL;

}  // namespace

TEST(CpuIndependence, LayersPinEigensCacheSizes) {
  nn::Network network(nn::dense_network({4, 3}, nn::Activation::relu, nn::Loss::cross_entropy, {}, 0));
  EXPECT_EQ(Eigen::l1CacheSize(), nn::kPinnedL1Bytes);
  EXPECT_EQ(Eigen::l2CacheSize(), nn::kPinnedL2Bytes);
  EXPECT_EQ(Eigen::l3CacheSize(), nn::kPinnedL3Bytes);
}

TEST(CpuIndependence, ShortTrainingRunMatchesItsGoldenDigest) { EXPECT_EQ(trained_digest(), kGoldenDigest); }

// The digest would catch a machine-dependent blocking: other cache sizes give other bits.
TEST(CpuIndependence, OtherCacheSizesWouldGiveOtherBits) {
  nn::pin_cpu_dependent_settings();
  Eigen::setCpuCacheSizes(16 * 1024, 128 * 1024, 1024 * 1024);
  EXPECT_NE(trained_digest(), kGoldenDigest);
}
