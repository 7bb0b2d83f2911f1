// The plots/ directory that `stragglesim plot` draws into, inside a run's or a sweep's results. It
// carries its own manifest listing the files drawn, so that drawing again replaces only those, a
// run replaced with its plots takes only those, and a user's own files there are never touched.
#pragma once
#include <filesystem>

namespace ssim::run {

// Throws OutputError unless `results_dir`/plots is absent, or a plots directory stragglesim drew
// holding only the files its manifest lists.
void check_plots_dir(const std::filesystem::path& results_dir);
// Makes `results_dir`/plots, with its manifest, unless it is there (check_plots_dir first); true
// when it made it.
bool make_plots_dir(const std::filesystem::path& results_dir);
// Lists every file now in `results_dir`/plots as drawn by stragglesim; a plots directory just
// `made` in which nothing was drawn is removed.
void record_plots(const std::filesystem::path& results_dir, bool made);

}  // namespace ssim::run
