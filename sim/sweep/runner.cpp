#include "sweep/runner.hpp"
#include "report/progress.hpp"
#include "run/run.hpp"
#include "sweep/children.hpp"
#include "sweep/plan.hpp"
#include "sweep/plots.hpp"
#include <fmt/format.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

namespace ssim::sweep {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(500);
constexpr std::string_view kShardPrefix = "sweep.shard-";

std::string shard_file_name(const Shard& shard) {
  return fmt::format("{}{}-of-{}.csv", kShardPrefix, shard.index, shard.count);
}

std::vector<fs::path> shard_files(const fs::path& out) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kShardPrefix) && name.ends_with(".csv")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Shard tables (and their locks) once their rows are in sweep.csv.
void remove_shard_tables(const fs::path& out) {
  for (const auto& file : shard_files(out)) {
    fs::remove(file);
    fs::remove(lock_path_of(file.string()));
  }
}

// Every row any table in `out` holds, one per point: a finished row wins over a failed one.
std::map<std::string, CsvRow> collect_rows(const fs::path& out, const CsvRow& header, std::size_t axes) {
  std::map<std::string, CsvRow> rows;
  std::vector<fs::path> files = shard_files(out);
  files.insert(files.begin(), out / "sweep.csv");
  for (const auto& file : files)
    for (auto& row : read_rows(file.string(), header)) {
      auto [known, fresh] = rows.emplace(row_key(row, axes), row);
      if (!fresh && row_failed(known->second, header)) known->second = std::move(row);
    }
  return rows;
}

// The table in point order, numbered as in this sweep; rows of points the sweep no longer has
// (its values were changed) are kept at the end.
std::vector<CsvRow> in_point_order(const SweepPlan& plan, std::map<std::string, CsvRow> rows) {
  std::vector<CsvRow> ordered;
  for (const auto& planned : plan.points) {
    const auto row = rows.find(point_key(planned.columns));
    if (row == rows.end()) continue;
    ordered.push_back(renumbered(std::move(row->second), planned.columns.index));
    rows.erase(row);
  }
  for (auto& [key, row] : rows) ordered.push_back(std::move(row));
  return ordered;
}

std::string last_error_line(const fs::path& log) {
  std::ifstream file(log);
  std::string line, error;
  while (std::getline(file, line))
    if (line.starts_with("error: ")) error = line.substr(7);
  return error;
}

// What `stragglesim run` would take to run this point alone.
std::string reproduce_command(const SweepPlan& plan, const PlannedPoint& planned, const fs::path& run_dir) {
  std::string command = "stragglesim run " + plan.path;
  for (const auto& o : plan.overrides) command += fmt::format(" --set '{}={}'", o.path, o.value);
  const auto& axes = plan.base.sweep->axes;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    command += fmt::format(" --set '{}={}'", axes[a].path, planned.columns.values[a]);
    for (const auto& [path, value] : axes[a].settings[planned.point.choice[a]])
      command += fmt::format(" --set '{}={}'", path, value);
  }
  return command + fmt::format(" --set seed={} --out {}", planned.columns.seed, run_dir.string());
}

int run_point(const SweepPlan& plan, const PlannedPoint& planned, const fs::path& run_dir) {
  std::cout << "point " << planned.columns.index << ": " << reproduce_command(plan, planned, run_dir) << "\n";
  const auto scenario = scenario::load_point(plan.path, plan.overrides, planned.point);
  std::cout << run::run_scenario(scenario, run_dir.string()).text << std::endl;
  return 0;
}

// Leftovers of runs killed before they finished (see run::run_scenario's staging directory).
void remove_staging_dirs(const fs::path& points, const std::set<std::string>& run_dirs) {
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(points)) {
    const std::string name = entry.path().filename().string();
    const auto partial = name.rfind(run::kStagingMarker);
    if (partial != std::string::npos && run_dirs.count(name.substr(0, partial))) stale.push_back(entry.path());
  }
  for (const auto& path : stale) fs::remove_all(path);
}

class SweepProgress {
 public:
  SweepProgress(bool quiet, std::size_t total, std::size_t already_done, std::string prefix)
      : display_(report::ProgressDisplay::mode_for_stderr(quiet), std::cerr),
        total_(total),
        done_before_(already_done),
        prefix_(std::move(prefix)) {}

  void show(std::size_t finished_now, std::size_t failed, int running, bool now = false) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const std::size_t done = done_before_ + finished_now;
    std::string status = fmt::format("{}{}/{} points, {} failed, {} running, {} elapsed", prefix_, done, total_,
                                     failed, running, report::format_duration(elapsed));
    if (finished_now > 0 && done < total_)
      status += fmt::format(", ~{} left",
                            report::format_duration(elapsed / static_cast<double>(finished_now) *
                                                    static_cast<double>(total_ - done)));
    display_.update(total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0, status, now);
  }
  void note(const std::string& line) { display_.note(prefix_ + line); }
  void finish() { display_.finish(); }

 private:
  report::ProgressDisplay display_;
  std::size_t total_, done_before_;
  std::string prefix_;
  Clock::time_point start_ = Clock::now();
};

}  // namespace

SweepEnd run_sweep(const SweepOptions& options) {
  const SweepPlan plan = plan_sweep(options.scenario_path, options.overrides, options.jobs);
  const std::size_t axes = plan.base.sweep->axes.size();
  if (options.jobs < 1) throw SweepError(fmt::format("-j {}: expected at least 1 process", options.jobs));
  const fs::path out = options.out_dir.empty() ? fs::path(run::default_out_dir(plan.base)) : fs::path(options.out_dir);
  fs::create_directories(out / "points");
  fs::create_directories(out / "logs");
  const CsvRow header = sweep_header(*plan.base.sweep);
  const Shard shard = options.shard.value_or(Shard{});
  const std::string prefix = shard.whole() ? "" : fmt::format("[shard {}/{}] ", shard.index, shard.count);

  RowFile table((out / (shard.whole() ? "sweep.csv" : shard_file_name(shard))).string(), header);
  std::map<std::string, CsvRow> rows = collect_rows(out, header, axes);
  // Failed points run again; finished ones are kept. A whole sweep takes the shards' rows in.
  std::erase_if(rows, [&](const auto& entry) { return row_failed(entry.second, header); });
  if (shard.whole()) {
    table.rewrite(in_point_order(plan, rows));
    remove_shard_tables(out);
  } else {
    std::vector<CsvRow> own;
    for (auto& row : read_rows((out / shard_file_name(shard)).string(), header))
      if (!row_failed(row, header)) own.push_back(std::move(row));
    table.rewrite(own);
  }

  std::vector<const PlannedPoint*> todo;
  std::size_t in_shard = 0;
  std::set<std::string> todo_dirs;
  for (const auto& planned : plan.points) {
    if (!shard.holds(planned.columns.index)) continue;
    ++in_shard;
    if (rows.count(point_key(planned.columns))) continue;
    todo.push_back(&planned);
    todo_dirs.insert(fs::path(planned.columns.run_dir).filename().string());
  }
  remove_staging_dirs(out / "points", todo_dirs);

  SweepProgress progress(options.quiet, in_shard, in_shard - todo.size(), prefix);
  Children children;
  std::map<pid_t, const PlannedPoint*> running;
  std::size_t next = 0, finished = 0, failed = 0;
  while (true) {
    while (!children.interrupted() && children.running() < options.jobs && next < todo.size()) {
      const PlannedPoint* planned = todo[next++];
      const fs::path run_dir = out / planned->columns.run_dir;
      const fs::path log = out / "logs" / (run_dir.filename().string() + ".log");
      running.emplace(children.start([&] { return run_point(plan, *planned, run_dir); }, log.string()), planned);
    }
    if (running.empty()) break;
    progress.show(finished, failed, children.running());
    const auto ended = children.wait(kPoll);
    if (ended) {
      const PlannedPoint& planned = *running.at(ended->pid);
      running.erase(ended->pid);
      const fs::path run_dir = out / planned.columns.run_dir;
      const fs::path log = out / "logs" / (run_dir.filename().string() + ".log");
      const bool stopped = ended->signal == SIGINT || ended->signal == SIGTERM;
      // A run killed by a signal had no chance to remove its staging directory.
      if (ended->exit_code != 0) fs::remove_all(run::staging_dir(run_dir.string(), ended->pid));
      if (ended->exit_code == 0) {
        std::ifstream summary(run_dir / "summary.json");
        table.append(completed_row(planned.columns, nlohmann::json::parse(summary)));
        ++finished;
      } else if (!(stopped && children.interrupted())) {
        std::string error = last_error_line(log);
        if (error.empty())
          error = ended->signal ? fmt::format("killed by signal {} ({})", ended->signal, strsignal(ended->signal))
                                : fmt::format("exited with status {}", ended->exit_code);
        table.append(failed_row(planned.columns, error));
        ++finished;
        ++failed;
        progress.note(fmt::format("point {} failed: {} (log: {})", planned.columns.index, error, log.string()));
      }
    }
    if (children.interrupted()) {
      children.stop_all();
      for (const auto& [pid, planned] : running) fs::remove_all(run::staging_dir((out / planned->columns.run_dir).string(), pid));
      break;
    }
  }
  progress.show(finished, failed, 0, true);
  progress.finish();
  const fs::path own_table = out / (shard.whole() ? "sweep.csv" : shard_file_name(shard));
  if (children.interrupted()) {
    progress.note(fmt::format("interrupted: {} finished point(s) are kept in {}; run the same command to go on",
                              in_shard - todo.size() + finished, own_table.string()));
    return SweepEnd::interrupted;
  }

  // A whole sweep has every row now; rank 0 of an MPI launch waits for the other ranks' shares.
  const bool merges = shard.whole() || (options.from_launcher && shard.index == 0);
  if (!merges) {
    if (!options.quiet)
      std::cout << fmt::format("{}{} of {} points done, {} failed; rows in {}\n", prefix, in_shard, plan.points.size(),
                               failed, own_table.string())
                << (options.from_launcher ? ""
                                          : "When every shard is done, run the same command without --shard to "
                                            "merge the tables and draw the plots.\n");
    return failed ? SweepEnd::points_failed : SweepEnd::done;
  }
  auto rows_now = [&] { return collect_rows(out, header, plan.base.sweep->axes.size()); };
  if (!shard.whole()) {
    SweepProgress waiting(options.quiet, plan.points.size(), 0, "waiting for the other ranks: ");
    auto missing = [&] {
      const auto rows = rows_now();
      return std::count_if(plan.points.begin(), plan.points.end(),
                           [&](const PlannedPoint& p) { return !rows.count(point_key(p.columns)); });
    };
    while (missing() > 0) {
      waiting.show(0, 0, 0);
      children.wait(std::chrono::seconds(1));
      if (children.interrupted()) return SweepEnd::interrupted;
    }
    waiting.finish();
  }
  const auto merged = in_point_order(plan, rows_now());
  if (shard.whole()) {
    table.rewrite(merged);
  } else {
    RowFile((out / "sweep.csv").string(), header).rewrite(merged);
  }
  remove_shard_tables(out);
  const auto failed_rows = std::count_if(merged.begin(), merged.end(), [&](const CsvRow& row) { return row_failed(row, header); });
  if (!options.quiet)
    std::cout << fmt::format("sweep {}: {} points ({} run now), {} failed\n  table: {}\n", plan.base.name,
                             plan.points.size(), finished, failed_rows, (out / "sweep.csv").string());
  if (options.plots) {
    const int code = draw_plots(out.string(), options.quiet);
    if (code != 0)
      progress.note(fmt::format("the plots were not drawn (see above); 'stragglesim plot {}' draws them later",
                                out.string()));
  }
  return failed_rows ? SweepEnd::points_failed : SweepEnd::done;
}

}  // namespace ssim::sweep
