// Runs a sweep: each point in its own process, up to `jobs` at once, each finished point's row
// appended to the table before the next starts. Points already in the table with the scenario
// they have now are skipped, so a sweep that was stopped (Ctrl-C, kill -9, a reboot) continues
// where it was, and one whose scenario was changed runs again the points it changes.
#pragma once
#include "scenario/overrides.hpp"
#include "sweep/shard.hpp"
#include <optional>
#include <string>
#include <vector>

namespace ssim::sweep {

struct SweepOptions {
  std::string scenario_path;
  std::vector<scenario::Override> overrides;
  std::string out_dir;                  // empty: results/<scenario name>
  int jobs = 1;
  // A point still running after this many seconds of wall-clock time is killed and fails.
  // None by default: points take from seconds to hours, and a limit too short would throw
  // finished work away.
  std::optional<double> point_timeout_s;
  std::optional<Shard> shard;           // given: run this share and write sweep.shard-I-of-N.csv
  bool from_launcher = false;           // the shard is an MPI rank's: rank 0 merges when all are done
  bool quiet = false;
  bool plots = true;
};

enum class SweepEnd {
  done,            // every point has its row, none failed
  points_failed,   // every point has its row, some failed
  interrupted      // stopped by a signal; completed rows are kept
};

struct SweepOutcome {
  SweepEnd end;
  int signal = 0;  // interrupted: SIGINT, SIGTERM or SIGHUP
};

SweepOutcome run_sweep(const SweepOptions& options);

// --point-timeout's value: seconds, as a number or with a unit ("90", "90s", "500ms"). Throws
// SweepError unless it is more than 0.
double parse_point_timeout(const std::string& text);

}  // namespace ssim::sweep
