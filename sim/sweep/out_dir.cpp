#include "sweep/out_dir.hpp"
#include "common/write_file.hpp"
#include "run/output_dir.hpp"
#include "run/run.hpp"
#include <fmt/format.h>
#include <set>
#include <unistd.h>

namespace ssim::sweep {

namespace fs = std::filesystem;

namespace {

bool is_sweep_output(const fs::path& dir) {
  const auto manifest = run::read_manifest(dir);
  return !manifest.is_null() && manifest.contains("kind") && manifest["kind"] == "sweep";
}

// The files the points read: the results may not go where they are.
std::vector<std::string> inputs_of(const SweepPlan& plan) {
  std::set<std::string> inputs{plan.base.source};
  for (const auto& planned : plan.points) {
    inputs.insert(planned.scenario.data.path);
    if (planned.scenario.platform.topology == scenario::Platform::Topology::file)
      inputs.insert(planned.scenario.platform.file);
  }
  return {inputs.begin(), inputs.end()};
}

// Makes the directory with its manifest in one step, by renaming a staged one into its place:
// shards started together may race here, and none of them may see it without its manifest.
void create_marked(const fs::path& target) {
  fs::create_directories(target.parent_path());
  const fs::path staged = run::staging_path(target, getpid());
  fs::remove_all(staged);
  fs::create_directory(staged);
  write_file((staged / run::kManifestName).string(), R"({"written_by": "stragglesim", "kind": "sweep"})" "\n");
  std::error_code error;
  fs::rename(staged, target, error);  // replaces an empty directory, fails on any other
  if (error) fs::remove_all(staged);
  if (!is_sweep_output(target)) run::refuse_output(target, error ? error.message() : "could not be marked as a sweep's");
}

}  // namespace

fs::path prepare_sweep_out_dir(const std::string& requested, const SweepPlan& plan) {
  const fs::path given = requested.empty() ? run::default_out_dir(plan.base) : requested;
  const fs::path target = run::resolve_output(given.string());
  run::check_output_location(target, inputs_of(plan));
  std::error_code error;
  if (!is_sweep_output(target)) {
    if (fs::exists(target, error) && !fs::is_empty(target, error))
      run::refuse_output(target, fmt::format("holds files that a sweep did not write (no {} marks it as a "
                                             "sweep's); a sweep writes only into a new or empty directory or its own",
                                             run::kManifestName));
    create_marked(target);
  }
  fs::create_directories(target / "points");
  fs::create_directories(target / "logs");
  return given;
}

}  // namespace ssim::sweep
