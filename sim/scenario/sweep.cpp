#include "scenario/sweep.hpp"
#include <fmt/format.h>

namespace ssim::scenario {

std::vector<SweepPoint> sweep_points(const Sweep& sweep) {
  std::size_t count = sweep.seeds.size();
  for (const auto& axis : sweep.axes) count *= axis.values.size();
  std::vector<SweepPoint> points(count);
  for (std::size_t index = 0; index < count; ++index) {
    SweepPoint& point = points[index];
    point.index = index;
    std::size_t rest = index;
    point.seed = sweep.seeds[rest % sweep.seeds.size()];
    rest /= sweep.seeds.size();
    point.choice.resize(sweep.axes.size());
    for (std::size_t a = sweep.axes.size(); a-- > 0;) {
      point.choice[a] = rest % sweep.axes[a].values.size();
      rest /= sweep.axes[a].values.size();
    }
  }
  return points;
}

std::string describe_point(const Sweep& sweep, const SweepPoint& point) {
  std::string text;
  for (std::size_t a = 0; a < sweep.axes.size(); ++a)
    text += fmt::format("{}={} ", sweep.axes[a].path, sweep.axes[a].values[point.choice[a]]);
  return text + fmt::format("seed={}", point.seed);
}

}  // namespace ssim::scenario
