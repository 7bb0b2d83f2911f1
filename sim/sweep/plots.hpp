// A sweep's pictures, drawn by scripts/plot-sweep (python3-matplotlib) from sweep.csv, and a
// run's, drawn by scripts/plot-run from its CSVs and trace.
#pragma once
#include <string>

namespace ssim::sweep {

// Runs the plotting script on `results_dir`, its output going to ours: scripts/plot-run for a
// run's directory (it holds summary.json), scripts/plot-sweep otherwise. Returns its exit code:
// 0 drawn, 1 matplotlib missing, 2 not a run's directory nor a usable sweep.csv; 127 if python3
// cannot be started.
int draw_plots(const std::string& results_dir, bool quiet);

}  // namespace ssim::sweep
