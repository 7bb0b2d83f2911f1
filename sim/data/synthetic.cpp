// Gaussian blobs whose noise is tied to how far apart the centres landed, so the classes stay
// separable (about 3 standard deviations from each centre to the midpoint of any pair).
#include "data/loaders.hpp"
#include <algorithm>
#include <limits>
#include <random>
#include <stdexcept>

namespace ssim::data {
namespace {

// Centres stay away from the borders so clamping to [0, 1] rarely bites.
constexpr double kCentreLow = 0.2, kCentreHigh = 0.8;
constexpr double kMaxSpread = 0.15;       // standard deviation per feature when centres are far apart
constexpr double kSeparation = 6.0;       // closest centres are this many standard deviations apart
constexpr int kCandidatesPerCentre = 32;  // best-candidate sampling spreads the centres out

double distance_to_nearest(const Eigen::VectorXd& point, const Eigen::MatrixXd& centres, Eigen::Index placed) {
  double nearest = std::numeric_limits<double>::infinity();
  for (Eigen::Index c = 0; c < placed; ++c) nearest = std::min(nearest, (centres.col(c) - point).norm());
  return nearest;
}

Eigen::MatrixXd spread_centres(int features, int classes, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> coordinate(kCentreLow, kCentreHigh);
  Eigen::MatrixXd centres(features, classes);
  Eigen::VectorXd candidate(features);
  for (Eigen::Index c = 0; c < classes; ++c) {
    double best = -1;
    for (int k = 0; k < kCandidatesPerCentre; ++k) {
      for (auto& x : candidate) x = coordinate(rng);
      const double distance = distance_to_nearest(candidate, centres, c);
      if (distance > best) {
        best = distance;
        centres.col(c) = candidate;
      }
    }
  }
  return centres;
}

double closest_pair(const Eigen::MatrixXd& centres) {
  double closest = std::numeric_limits<double>::infinity();
  for (Eigen::Index c = 1; c < centres.cols(); ++c)
    closest = std::min(closest, distance_to_nearest(centres.col(c), centres, c));
  return closest;
}

}  // namespace

Dataset make_synthetic(Eigen::Index samples, nn::Shape shape, int classes, std::uint64_t seed) {
  if (samples < 0 || shape.channels < 1 || shape.height < 1 || shape.width < 1 || classes < 1)
    throw std::invalid_argument("make_synthetic: need samples >= 0, a sample shape of positive sizes and classes >= 1");
  if (shape.size() > std::numeric_limits<int>::max())
    throw std::invalid_argument("make_synthetic: samples of more than 2^31 - 1 values");
  const int features = static_cast<int>(shape.size());
  std::mt19937_64 rng(seed);
  const Eigen::MatrixXd centres = spread_centres(features, classes, rng);
  const double spread = std::min(kMaxSpread, closest_pair(centres) / kSeparation);

  Dataset dataset;
  dataset.name = "synthetic";
  dataset.num_classes = classes;
  dataset.shape = shape;
  dataset.features.resize(features, samples);
  dataset.labels.resize(samples);
  std::normal_distribution<double> noise(0.0, spread);
  for (Eigen::Index i = 0; i < samples; ++i) {
    const int label = static_cast<int>(i % classes);
    dataset.labels(i) = label;
    for (Eigen::Index f = 0; f < features; ++f)
      dataset.features(f, i) = static_cast<float>(std::clamp(centres(f, label) + noise(rng), 0.0, 1.0));
  }
  return dataset;
}

Dataset make_synthetic(Eigen::Index samples, int features, int classes, std::uint64_t seed) {
  return make_synthetic(samples, nn::Shape{features, 1, 1}, classes, seed);
}

}  // namespace ssim::data
