// A sweep's results directory. Unlike a run's it is never replaced, since it gathers points over
// several commands; so it is taken only if it is new, empty, or marked as a sweep's by its
// manifest, and never where it would write over the user's files (the working directory, a
// folder of theirs, the scenario's folder).
#pragma once
#include "sweep/plan.hpp"
#include <filesystem>

namespace ssim::sweep {

// Checks and prepares `requested` (empty: results/<name>), marked as a sweep's, and returns it as
// given; throws run::OutputError when it may not be used.
std::filesystem::path prepare_sweep_out_dir(const std::string& requested, const SweepPlan& plan);

}  // namespace ssim::sweep
