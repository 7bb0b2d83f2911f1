#include "run/run.hpp"
#include "report/results.hpp"
#include "run/datasets.hpp"
#include "run/platform_probe.hpp"
#include "schemes/training.hpp"
#include <simgrid/s4u/Engine.hpp>
#include <filesystem>
#include <unistd.h>

namespace ssim::run {

namespace fs = std::filesystem;

namespace {

// A directory beside the target that is removed unless the run completes and it is moved in place.
class StagingDirectory {
 public:
  explicit StagingDirectory(const fs::path& target)
      : target_(target), path_(staging_dir(target.string(), getpid())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~StagingDirectory() {
    std::error_code ignored;
    if (!committed_) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  void commit() {
    fs::remove_all(target_);
    fs::rename(path_, target_);
    committed_ = true;
  }

 private:
  fs::path target_, path_;
  bool committed_ = false;
};

}  // namespace

std::string default_out_dir(const scenario::Scenario& scenario) { return "results/" + scenario.name; }

std::string staging_dir(const std::string& out_dir, long pid) {
  return out_dir + std::string(kStagingMarker) + std::to_string(pid);
}

Outcome run_scenario(const scenario::Scenario& scenario, const std::string& out_dir, const RunListener& listener) {
  check_platform(scenario);
  const auto datasets = load_datasets(scenario);
  const auto& scheme = schemes::find_scheme(scenario.scheme.name);
  const fs::path target = fs::absolute(out_dir);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  StagingDirectory staging(target);
  cluster::Cluster cluster(scenario, scheme.layout(scenario), staging.path().string());
  schemes::set_epoch_listener(listener.epoch_done);
  if (listener.time_advanced)
    simgrid::s4u::Engine::on_time_advance_cb([&](double) { listener.time_advanced(simgrid::s4u::Engine::get_clock()); });
  Outcome outcome{scheme.run({scenario, datasets.train, datasets.test}, cluster), {}};
  report::write_results(staging.path().string(), scenario, outcome.result, cluster);
  outcome.text = report::text_summary(report::summary_json(scenario, outcome.result, cluster), outcome.result);
  staging.commit();
  return outcome;
}

void check_platform(const scenario::Scenario& scenario) {
  probe_platform(scenario, schemes::find_scheme(scenario.scheme.name).layout(scenario));
}

}  // namespace ssim::run
