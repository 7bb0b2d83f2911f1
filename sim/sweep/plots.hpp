// The sweep's pictures, drawn by scripts/plot-sweep (python3-matplotlib) from sweep.csv.
#pragma once
#include <string>

namespace ssim::sweep {

// Runs the plotting script on `results_dir`, its output going to ours. Returns its exit code:
// 0 drawn, 1 matplotlib missing, 2 no usable sweep.csv; 127 if python3 cannot be started.
int draw_plots(const std::string& results_dir, bool quiet);

}  // namespace ssim::sweep
