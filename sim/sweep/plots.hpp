// A sweep's pictures, drawn by scripts/plot-sweep (python3-matplotlib) from sweep.csv, and a
// run's, drawn by scripts/plot-run from its CSVs and trace.
#pragma once
#include <string>

namespace ssim::sweep {

// Runs the plotting script on `results_dir`, its output going to ours: scripts/plot-run for a
// run's directory (it holds summary.json), scripts/plot-sweep for a sweep's (sweep.csv), into
// `results_dir`/plots (run/plots_dir.hpp: never over a user's files). Returns its exit code: 0
// drawn, 1 matplotlib missing, 2 not a run's nor a sweep's directory, a plots directory that is
// not stragglesim's, or an input the script could not read; 127 if python3 cannot be started.
int draw_plots(const std::string& results_dir, bool quiet);

}  // namespace ssim::sweep
