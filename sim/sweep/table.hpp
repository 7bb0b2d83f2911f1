// sweep.csv: one row per point of a sweep, written as each point finishes. Columns:
//   point, run_dir, one column per swept path, seed, scheme, topology, workers, scenario_hash,
//   status, [epochs, iterations,] simulated_time_s, predicted_time_s, simulated_over_predicted,
//   [final_test_accuracy, final_test_loss,] total_bytes_sent,
//   [latency_mean_s, latency_p50_s, latency_p95_s, latency_p99_s, latency_p99_9_s, latency_max_s,
//   throughput_qps, serving_accuracy,] error
// The training columns are there when a point trains, the serving ones when a point serves; a row
// leaves empty what its run does not record (a run in timing mode, the final accuracy and loss).
// status is completed, timed, stopped_by_failures or diverged (from the run's summary.json), or
// failed: the run did not finish, and `error` says why.
// scenario_hash (scenario/canonical.hpp) tells whether a row was run with the scenario its point
// has now.
#pragma once
#include "common/input_error.hpp"
#include "scenario/sweep.hpp"
#include "schemes/scheme.hpp"
#include "sweep/csv.hpp"
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace ssim::sweep {

// Bad input to a sweep that no single scenario shows: an output directory another sweep wrote.
class SweepError : public InputError {
 public:
  using InputError::InputError;
};

// `parts`: what the points' runs record, together.
CsvRow sweep_header(const scenario::Sweep& sweep, const schemes::RunParts& parts);

// What a row says about its point before the point runs.
struct PointColumns {
  std::size_t index = 0;
  std::string run_dir;               // relative to the sweep's directory
  std::vector<std::string> values;   // one per swept path
  std::uint64_t seed = 0;
  std::string scheme, topology;
  int workers = 0;
  std::string scenario_hash;
};

// Rows with the columns of `header` (sweep_header's).
CsvRow completed_row(const CsvRow& header, const PointColumns& point, const nlohmann::json& summary);
CsvRow failed_row(const CsvRow& header, const PointColumns& point, const std::string& error);

// A point's identity in the table: its swept values and seed (not its index, which changes when
// values are added to the sweep).
std::string row_key(const CsvRow& row, std::size_t axes);
std::string point_key(const PointColumns& point);
bool row_failed(const CsvRow& row, const CsvRow& header);
// The scenario_hash a row was run with (empty in a table written before the column existed).
const std::string& row_scenario_hash(const CsvRow& row, const CsvRow& header);
// The row with its point number (and nothing else) changed.
CsvRow renumbered(CsvRow row, std::size_t index);

// The advisory lock beside a table: .NAME.lock in the same directory.
std::string lock_path_of(const std::string& table_path);

// One table file with one writer at a time (an advisory lock beside it keeps others out).
class RowFile {
 public:
  // Opens `path`, creating it with `header` if missing, and adding the scenario_hash column
  // (empty) to a table written without it. Throws SweepError if it holds another header or
  // another process is writing it.
  RowFile(const std::string& path, const CsvRow& header);
  ~RowFile();
  RowFile(const RowFile&) = delete;
  RowFile& operator=(const RowFile&) = delete;

  // Each row is one write, flushed to disk before the next point is started.
  void append(const CsvRow& row);
  // Replaces the whole file at once (write beside, then rename): a reader sees old or new, never half.
  void rewrite(const std::vector<CsvRow>& rows);

 private:
  std::string path_;
  CsvRow header_;
  int lock_ = -1;
  int fd_ = -1;
};

// The complete rows of a table file (none if it does not exist), with scenario_hash empty in a
// table written without it. Throws SweepError if its header differs from `header` otherwise.
std::vector<CsvRow> read_rows(const std::string& path, const CsvRow& header);

}  // namespace ssim::sweep
