#include "schemes/downpour_aggregation.hpp"
#include <numeric>
#include <stdexcept>

namespace ssim::schemes {

std::vector<double> aggregation_weights(DownpourOptions::Aggregation aggregation, const std::vector<float>& losses) {
  const auto n = static_cast<double>(losses.size());
  const double total = std::accumulate(losses.begin(), losses.end(), 0.0);
  if (aggregation == DownpourOptions::Aggregation::average || total <= 0)
    return std::vector<double>(losses.size(), 1.0 / n);
  std::vector<double> weights;
  for (float loss : losses) weights.push_back(loss / total);
  return weights;
}

nn::Vector combine(const std::vector<const nn::Vector*>& updates, const std::vector<double>& weights) {
  if (updates.empty() || updates.size() != weights.size())
    throw std::invalid_argument("combine: needs one weight per update, and at least one update");
  nn::Vector sum = nn::Vector::Zero(updates.front()->size());
  for (std::size_t i = 0; i < updates.size(); ++i) sum += static_cast<float>(weights[i]) * *updates[i];
  return sum;
}

double aggregation_flops(int updates, Eigen::Index parameter_count) {
  return (2.0 * updates + 1.0) * static_cast<double>(parameter_count);
}

}  // namespace ssim::schemes
