#include "sweep/runner.hpp"
#include "report/progress.hpp"
#include "run/output_dir.hpp"
#include "sweep/out_dir.hpp"
#include "run/run.hpp"
#include "run/children.hpp"
#include "scenario/units.hpp"
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
using run::Children;
using run::child_error;
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

// What the tables in a sweep's directory hold for the sweep as it is now.
struct KnownRows {
  std::map<std::string, CsvRow> current;  // by point key: rows run with the scenario the point has now
  std::set<std::string> changed;          // points with rows of another scenario only
  std::size_t elsewhere = 0;              // points with rows that the sweep no longer has
};

// Which rows were run with the scenario their point has now.
class CurrentScenarios {
 public:
  CurrentScenarios(const SweepPlan& plan, const CsvRow& header) : header_(header), axes_(plan.base.sweep->axes.size()) {
    for (const auto& planned : plan.points) hashes_.emplace(point_key(planned.columns), planned.columns.scenario_hash);
  }
  std::string key(const CsvRow& row) const { return row_key(row, axes_); }
  bool in_sweep(const CsvRow& row) const { return hashes_.count(key(row)) > 0; }
  bool current(const CsvRow& row) const {
    const auto hash = hashes_.find(key(row));
    return hash != hashes_.end() && hash->second == row_scenario_hash(row, header_);
  }

 private:
  const CsvRow& header_;
  const std::size_t axes_;
  std::map<std::string, std::string> hashes_;
};

// Every row any table in `out` holds, at most one per point: a finished row wins over a failed one.
KnownRows collect_rows(const fs::path& out, const CsvRow& header, const CurrentScenarios& scenarios) {
  KnownRows known;
  std::set<std::string> elsewhere;
  std::vector<fs::path> files = shard_files(out);
  files.insert(files.begin(), out / "sweep.csv");
  for (const auto& file : files)
    for (auto& row : read_rows(file.string(), header)) {
      const std::string key = scenarios.key(row);
      if (!scenarios.in_sweep(row)) {
        elsewhere.insert(key);
      } else if (!scenarios.current(row)) {
        known.changed.insert(key);
      } else if (auto [kept, fresh] = known.current.emplace(key, row); !fresh && row_failed(kept->second, header)) {
        kept->second = std::move(row);
      }
    }
  for (const auto& [key, row] : known.current) known.changed.erase(key);
  known.elsewhere = elsewhere.size();
  return known;
}

// The table in point order, numbered as in this sweep.
std::vector<CsvRow> in_point_order(const SweepPlan& plan, const std::map<std::string, CsvRow>& rows) {
  std::vector<CsvRow> ordered;
  for (const auto& planned : plan.points)
    if (const auto row = rows.find(point_key(planned.columns)); row != rows.end())
      ordered.push_back(renumbered(row->second, planned.columns.index));
  return ordered;
}

// What `stragglesim run` would take to run this point alone.
std::string reproduce_command(const SweepPlan& plan, const PlannedPoint& planned, const fs::path& run_dir) {
  std::string command = "stragglesim run " + plan.base.source;
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
  const std::string command = reproduce_command(plan, planned, run_dir);
  std::cout << "point " << planned.columns.index << ": " << command << "\n";
  std::cout << run::run_scenario(planned.scenario, run_dir.string(), {}, command).text << std::endl;
  return 0;
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

// One sweep command, from the tables it finds to the table and plots it leaves.
class SweepRun {
 public:
  SweepRun(const SweepOptions& options, const SweepPlan& plan)
      : options_(options),
        plan_(plan),
        out_(prepare_sweep_out_dir(options.out_dir, plan)),
        header_(sweep_header(*plan.base.sweep, plan.parts)),
        scenarios_(plan, header_),
        shard_(options.shard.value_or(Shard{})),
        prefix_(shard_.whole() ? "" : fmt::format("[shard {}/{}] ", shard_.index, shard_.count)),
        own_table_(out_ / (shard_.whole() ? "sweep.csv" : shard_file_name(shard_))),
        table_(own_table_.string(), header_) {}

  SweepOutcome run() {
    const auto todo = resume();
    const std::size_t before = in_shard_ - todo.size();
    const bool completed = run_points(todo);
    if (!completed) {
      note(fmt::format("interrupted: {} finished point(s) are kept in {}; run the same command to go on",
                       before + finished_, own_table_.string()));
      return {SweepEnd::interrupted, children_.interrupting_signal()};
    }
    // A whole sweep has every row now; rank 0 of an MPI launch waits for the other ranks' shares.
    if (shard_.whole() || (options_.from_launcher && shard_.index == 0)) return merge();
    if (!options_.quiet)
      std::cout << fmt::format("{}{} of {} points done ({} run now{}), {} failed; rows in {}\n", prefix_, in_shard_,
                               plan_.points.size(), finished_, changed_text(), failed_, own_table_.string())
                << (options_.from_launcher ? ""
                                           : "When every shard is done, run the same command without --shard to "
                                             "merge the tables and draw the plots.\n");
    return ended(failed_, own_table_);
  }

 private:

  KnownRows rows_now() const { return collect_rows(out_, header_, scenarios_); }

  // Keeps the finished rows of earlier runs that were run with the scenario their point has now
  // (a whole sweep takes the shards' rows in, and leaves out the rows of points it no longer
  // has) and returns this shard's points without one: new, failed and changed points.
  std::vector<const PlannedPoint*> resume() {
    KnownRows known = rows_now();
    std::erase_if(known.current, [&](const auto& entry) { return row_failed(entry.second, header_); });
    if (shard_.whole()) {
      table_.rewrite(in_point_order(plan_, known.current));
      remove_shard_tables(out_);
      if (known.elsewhere > 0)
        note(fmt::format("{} row(s) of points this sweep no longer has are left out of {} (their run directories "
                         "are kept)", known.elsewhere, own_table_.string()));
    } else {
      std::vector<CsvRow> own;
      for (auto& row : read_rows(own_table_.string(), header_))
        if (!row_failed(row, header_) && scenarios_.current(row)) own.push_back(std::move(row));
      table_.rewrite(own);
    }
    std::vector<const PlannedPoint*> todo;
    for (const auto& planned : plan_.points) {
      if (!shard_.holds(planned.columns.index)) continue;
      ++in_shard_;
      const std::string key = point_key(planned.columns);
      if (known.current.count(key)) continue;
      changed_ += known.changed.count(key);
      todo.push_back(&planned);
    }
    if (changed_ > 0)
      note(fmt::format("{} point(s) changed since the last run (their scenario_hash differs): they run again", changed_));
    return todo;
  }

  struct Running {
    const PlannedPoint* planned;
    Clock::time_point started = Clock::now();
    bool timed_out = false;
  };

  // Runs `todo`, options_.jobs at a time, appending each point's row as it ends. False if interrupted.
  bool run_points(const std::vector<const PlannedPoint*>& todo) {
    SweepProgress progress(options_.quiet, in_shard_, in_shard_ - todo.size(), prefix_);
    std::map<pid_t, Running> running;
    std::size_t next = 0;
    while (true) {
      while (!children_.interrupted() && children_.running() < options_.jobs && next < todo.size()) {
        const PlannedPoint* planned = todo[next++];
        const fs::path run_dir = out_ / planned->columns.run_dir;
        running.emplace(children_.start([&] { return run_point(plan_, *planned, run_dir); }, log_of(*planned)),
                        Running{planned});
      }
      if (running.empty()) break;
      progress.show(finished_, failed_, children_.running());
      if (const auto ended = children_.wait(kPoll)) {
        const Running& point = running.at(ended->pid);
        record(*point.planned, *ended, point.timed_out, progress);
        running.erase(ended->pid);
      }
      stop_overdue(running);
      if (children_.interrupted()) {
        children_.stop_all();
        for (const auto& [pid, point] : running)
          fs::remove_all(run::staging_path(run::resolve_output((out_ / point.planned->columns.run_dir).string()), pid));
        break;
      }
    }
    progress.show(finished_, failed_, 0, true);
    progress.finish();
    return !children_.interrupted();
  }

  // Kills the points that have run longer than --point-timeout; each is recorded when it is reaped.
  void stop_overdue(std::map<pid_t, Running>& running) {
    if (!options_.point_timeout_s) return;
    const auto limit = std::chrono::duration<double>(*options_.point_timeout_s);
    for (auto& [pid, point] : running)
      if (!point.timed_out && Clock::now() - point.started > limit) {
        children_.kill(pid);
        point.timed_out = true;
      }
  }

  std::string log_of(const PlannedPoint& planned) const {
    return (out_ / "logs" / (fs::path(planned.columns.run_dir).filename().string() + ".log")).string();
  }

  // The row of a point whose process ended; none if the sweep's own interruption stopped it.
  void record(const PlannedPoint& planned, const Children::Ended& ended, bool timed_out, SweepProgress& progress) {
    const fs::path run_dir = out_ / planned.columns.run_dir;
    std::string error;
    if (ended.exit_code == 0) {
      try {
        std::ifstream summary(run_dir / "summary.json");
        table_.append(completed_row(header_, planned.columns, nlohmann::json::parse(summary)));
        ++finished_;
        return;
      } catch (const nlohmann::json::exception& e) {
        error = fmt::format("{}: unreadable: {}", (run_dir / "summary.json").string(), e.what());
      }
    }
    // A run killed by a signal had no chance to remove its staging directory.
    fs::remove_all(run::staging_path(run::resolve_output(run_dir.string()), ended.pid));
    if (children_.interrupted() && ended.signal == children_.interrupting_signal()) return;  // stopped with the sweep
    if (timed_out) error = fmt::format("timed out after {} s wall", *options_.point_timeout_s);
    if (error.empty()) error = child_error(log_of(planned));
    if (error.empty())
      error = ended.signal ? fmt::format("killed by signal {} ({})", ended.signal, strsignal(ended.signal))
                           : fmt::format("exited with status {}", ended.exit_code);
    table_.append(failed_row(header_, planned.columns, error));
    ++finished_;
    ++failed_;
    progress.note(fmt::format("point {} failed: {} (log: {})", planned.columns.index, error, log_of(planned)));
  }

  // Every point's row into sweep.csv, in point order, then the plots.
  SweepOutcome merge() {
    if (!shard_.whole()) {
      SweepProgress waiting(options_.quiet, plan_.points.size(), 0, "waiting for the other ranks: ");
      while (true) {
        const auto rows = rows_now().current;
        const auto done = std::count_if(plan_.points.begin(), plan_.points.end(),
                                        [&](const PlannedPoint& p) { return rows.count(point_key(p.columns)) > 0; });
        if (static_cast<std::size_t>(done) == plan_.points.size()) break;
        waiting.show(static_cast<std::size_t>(done), 0, 0);
        children_.wait(std::chrono::seconds(1));
        if (children_.interrupted()) return {SweepEnd::interrupted, children_.interrupting_signal()};
      }
      waiting.finish();
    }
    const auto merged = in_point_order(plan_, rows_now().current);
    if (shard_.whole()) {
      table_.rewrite(merged);
    } else {
      RowFile((out_ / "sweep.csv").string(), header_).rewrite(merged);
    }
    remove_shard_tables(out_);
    const auto failed_rows =
        std::count_if(merged.begin(), merged.end(), [&](const CsvRow& row) { return row_failed(row, header_); });
    if (!options_.quiet)
      std::cout << fmt::format("sweep {}: {} points ({} run now{}), {} failed\n  table: {}\n", plan_.base.name,
                               plan_.points.size(), finished_, changed_text(), failed_rows,
                               (out_ / "sweep.csv").string());
    if (options_.plots && draw_plots(out_.string(), options_.quiet) != 0)
      note(fmt::format("the plots were not drawn (see above); 'stragglesim plot {}' draws them later", out_.string()));
    return ended(static_cast<std::size_t>(failed_rows), out_ / "sweep.csv");
  }

  // Even --quiet says why a sweep exits with 1: the points' own errors are notes it silences.
  SweepOutcome ended(std::size_t failed, const fs::path& table) const {
    if (failed == 0) return {SweepEnd::done};
    if (options_.quiet)
      std::cerr << fmt::format("error: {}{} point(s) failed; their errors are in {}\n", prefix_, failed, table.string());
    return {SweepEnd::points_failed};
  }

  std::string changed_text() const {
    return changed_ ? fmt::format(", {} changed since the last run", changed_) : "";
  }

  void note(const std::string& line) const {
    if (!options_.quiet) std::cerr << prefix_ << line << std::endl;
  }

  const SweepOptions& options_;
  const SweepPlan& plan_;
  const fs::path out_;
  const CsvRow header_;
  const CurrentScenarios scenarios_;
  const Shard shard_;
  const std::string prefix_;
  const fs::path own_table_;
  RowFile table_;
  Children children_;
  std::size_t in_shard_ = 0, finished_ = 0, failed_ = 0, changed_ = 0;
};

}  // namespace

double parse_point_timeout(const std::string& text) {
  const auto seconds = scenario::parse_quantity(text, scenario::Unit::duration);
  if (!seconds || *seconds <= 0)
    throw SweepError(fmt::format("--point-timeout {}: expected a wall-clock time > 0, in seconds (90, 90s, 500ms)", text));
  return *seconds;
}

SweepOutcome run_sweep(const SweepOptions& options) {
  if (options.jobs < 1) throw SweepError(fmt::format("-j {}: expected at least 1 process", options.jobs));
  const SweepPlan plan =
      plan_sweep(scenario::load(options.scenario_path, options.overrides), options.overrides, options.jobs);
  return SweepRun(options, plan).run();
}

}  // namespace ssim::sweep
