#include "nn/lagrange.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace ssim::nn {

Eigen::MatrixXd lagrange_weights(const std::vector<double>& alphas, const std::vector<double>& betas) {
  if (alphas.empty()) throw std::invalid_argument("lagrange_weights: needs at least one point");
  const auto points = Eigen::Index(alphas.size());
  for (Eigen::Index n = 0; n < points; ++n)
    for (Eigen::Index m = n + 1; m < points; ++m)
      if (alphas[std::size_t(n)] == alphas[std::size_t(m)])
        throw std::invalid_argument("lagrange_weights: points " + std::to_string(n) + " and " + std::to_string(m) +
                                    " are equal (" + std::to_string(alphas[std::size_t(n)]) +
                                    "); interpolation needs distinct points");
  // Direct products rather than the barycentric form: a beta equal to an alpha then gets the exact
  // weights 1 and 0 instead of a division by zero.
  Eigen::MatrixXd weights(Eigen::Index(betas.size()), points);
  for (Eigen::Index j = 0; j < weights.rows(); ++j)
    for (Eigen::Index n = 0; n < points; ++n) {
      double weight = 1.0;
      for (Eigen::Index m = 0; m < points; ++m)
        if (m != n)
          weight *= (betas[std::size_t(j)] - alphas[std::size_t(m)]) / (alphas[std::size_t(n)] - alphas[std::size_t(m)]);
      weights(j, n) = weight;
    }
  return weights;
}

double amplification(const Eigen::MatrixXd& weights) {
  if (weights.size() == 0) throw std::invalid_argument("amplification: no weights");
  return weights.cwiseAbs().rowwise().sum().maxCoeff();
}

double worst_amplification(const std::vector<double>& alphas, int r, const std::vector<double>& betas,
                           double stop_above) {
  const int points = int(alphas.size());
  if (r < 1 || r > points)
    throw std::invalid_argument("worst_amplification: subsets of " + std::to_string(r) + " out of " +
                                std::to_string(points) + " points are not possible");
  // chosen[i] is the index of the subset's i-th point; the subsets come in lexicographic order.
  std::vector<int> chosen(static_cast<std::size_t>(r));
  for (int i = 0; i < r; ++i) chosen[std::size_t(i)] = i;
  std::vector<double> subset(static_cast<std::size_t>(r));
  double worst = 0.0;
  for (;;) {
    for (int i = 0; i < r; ++i) subset[std::size_t(i)] = alphas[std::size_t(chosen[std::size_t(i)])];
    worst = std::max(worst, amplification(lagrange_weights(subset, betas)));
    if (worst > stop_above) return worst;
    int i = r - 1;
    while (i >= 0 && chosen[std::size_t(i)] == points - r + i) --i;
    if (i < 0) return worst;
    ++chosen[std::size_t(i)];
    for (int j = i + 1; j < r; ++j) chosen[std::size_t(j)] = chosen[std::size_t(j - 1)] + 1;
  }
}

std::vector<double> worker_alphas(int workers) {
  if (workers < 1) throw std::invalid_argument("worker_alphas: needs at least one worker, got " + std::to_string(workers));
  std::vector<double> alphas;
  for (int n = 1; n <= workers; ++n) alphas.push_back(double(n) / double(workers + 1));
  return alphas;
}

}  // namespace ssim::nn
