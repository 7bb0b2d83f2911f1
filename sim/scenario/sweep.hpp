// A scenario's `sweep:` section: values to try at dotted paths of the scenario. The points of a
// sweep are the cartesian product of those values, each run once per seed.
//
//   sweep:
//     stragglers.0.probability: [0, 0.1, 0.2]
//     scheme.name:
//       - {value: single, set: {scheme.workers: 1}}   # a value with settings that go with it
//       - ps_sync
//     seeds: [1, 2, 3]                                # or repeats: 3 (seed, seed+1, seed+2)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ssim::scenario {

struct SweepAxis {
  std::string path;                  // dotted, as in --set
  std::vector<std::string> values;   // as written: scalars verbatim, lists and maps as flow YAML
  // For each value, the settings that go with it (path, value as written).
  std::vector<std::vector<std::pair<std::string, std::string>>> settings;
};

struct Sweep {
  std::vector<SweepAxis> axes;       // in the order written; the first varies slowest
  std::vector<std::uint64_t> seeds;  // never empty: the scenario's seed when none are listed
};

struct SweepPoint {
  std::size_t index = 0;             // position in the product, seeds varying fastest
  std::vector<std::size_t> choice;   // which value of each axis
  std::uint64_t seed = 0;
};

std::vector<SweepPoint> sweep_points(const Sweep& sweep);

// "stragglers.0.probability=0.1 scheme.name=ps_sync seed=2"
std::string describe_point(const Sweep& sweep, const SweepPoint& point);

}  // namespace ssim::scenario
