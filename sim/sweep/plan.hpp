// A sweep made ready to run: every point's scenario read and its platform checked first, so that
// no point starts unless all of them can.
#pragma once
#include "scenario/load.hpp"
#include "sweep/table.hpp"
#include <string>
#include <vector>

namespace ssim::sweep {

struct PlannedPoint {
  scenario::SweepPoint point;
  scenario::Scenario scenario;   // read once here; a point's process (a fork) runs it as it is
  PointColumns columns;
};

struct SweepPlan {
  std::vector<scenario::Override> overrides;    // from the command line, under every point
  scenario::Scenario base;                      // the file as written, with its sweep section (source: its path)
  std::vector<PlannedPoint> points;
  schemes::RunParts parts{.training = false, .serving = false};  // what the points record, together
};

// Every invalid point of a sweep, each problem once with the points it affects.
class SweepInvalid : public SweepError {
 public:
  using SweepError::SweepError;
};

// `base` is the scenario file loaded with `overrides`. Throws ScenarioError if it has no sweep
// section, SweepInvalid if any point is invalid. Platforms are checked in child processes, up to
// `jobs` at once, one per distinct platform.
SweepPlan plan_sweep(const scenario::Scenario& base, const std::vector<scenario::Override>& overrides, int jobs);

// points/<swept values and seed>: a name that stays with the point when values are added.
std::string run_dir_name(const scenario::Sweep& sweep, const scenario::SweepPoint& point);

}  // namespace ssim::sweep
