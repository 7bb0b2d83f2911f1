// `stragglesim compare A B [C ...]`: the summaries of runs side by side (status, times and the
// model's ratio, accuracy, bytes and flops, serving latencies), then every other summary number
// that differs, then the keys of their recorded scenarios (scenario.yaml) that differ.
#pragma once
#include <string>
#include <vector>

namespace ssim::report {

// Throws InputError naming the directory or file when one is not a run's results directory.
std::string compare_runs(const std::vector<std::string>& run_dirs);

}  // namespace ssim::report
