#include "sweep/table.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <functional>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

namespace ssim::sweep {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kLeading = {"point", "run_dir"};
constexpr std::string_view kHashColumn = "scenario_hash";
const std::vector<std::string> kPointColumns = {"seed", "scheme", "topology", "workers", std::string(kHashColumn)};

// A column after the point's own: its name, and its value in a run's summary.json (null if absent).
struct ResultColumn {
  std::string name;
  nlohmann::json::json_pointer at;
};
using ResultColumns = std::vector<ResultColumn>;

const ResultColumns kStatus = {{"status", nlohmann::json::json_pointer("/status")}};
const ResultColumns kTrainingSteps = {{"epochs", nlohmann::json::json_pointer("/epochs")},
                                      {"iterations", nlohmann::json::json_pointer("/iterations")}};
const ResultColumns kTime = {
    {"simulated_time_s", nlohmann::json::json_pointer("/simulated_time_s")},
    {"predicted_time_s", nlohmann::json::json_pointer("/model/predicted_time_s")},
    {"simulated_over_predicted", nlohmann::json::json_pointer("/model/simulated_over_predicted")},
    {"model_kind", nlohmann::json::json_pointer("/model/kind")}};
const ResultColumns kTrainingModel = {{"final_test_accuracy", nlohmann::json::json_pointer("/final_test_accuracy")},
                                      {"final_test_loss", nlohmann::json::json_pointer("/final_test_loss")}};
const ResultColumns kBytes = {{"total_bytes_sent", nlohmann::json::json_pointer("/total_bytes_sent")}};
const ResultColumns kServing = {
    {"latency_mean_s", nlohmann::json::json_pointer("/serving/latency_s/mean")},
    {"latency_p50_s", nlohmann::json::json_pointer("/serving/latency_s/p50")},
    {"latency_p95_s", nlohmann::json::json_pointer("/serving/latency_s/p95")},
    {"latency_p99_s", nlohmann::json::json_pointer("/serving/latency_s/p99")},
    {"latency_p99_9_s", nlohmann::json::json_pointer("/serving/latency_s/p99_9")},
    {"latency_max_s", nlohmann::json::json_pointer("/serving/latency_s/max")},
    {"throughput_qps", nlohmann::json::json_pointer("/serving/throughput_qps")},
    {"serving_accuracy", nlohmann::json::json_pointer("/serving/accuracy")}};
constexpr std::string_view kErrorColumn = "error";

// The columns between the point's own and `error`, in their order.
ResultColumns result_columns(const schemes::RunParts& parts) {
  ResultColumns columns = kStatus;
  auto add = [&columns](const ResultColumns& more) { columns.insert(columns.end(), more.begin(), more.end()); };
  if (parts.training) add(kTrainingSteps);
  add(kTime);
  if (parts.training) add(kTrainingModel);
  add(kBytes);
  if (parts.serving) add(kServing);
  return columns;
}

// Every column a table can have after the point's own, by name.
const ResultColumn* result_column(std::string_view name) {
  for (const auto* group : {&kStatus, &kTrainingSteps, &kTime, &kTrainingModel, &kBytes, &kServing})
    for (const auto& column : *group)
      if (column.name == name) return &column;
  return nullptr;
}

CsvRow leading_columns(const PointColumns& point) {
  CsvRow row = {std::to_string(point.index), point.run_dir};
  row.insert(row.end(), point.values.begin(), point.values.end());
  row.insert(row.end(), {std::to_string(point.seed), point.scheme, point.topology, std::to_string(point.workers),
                         point.scenario_hash});
  return row;
}

// Numbers as summary.json holds them, so the table and the run directory agree to the last digit.
std::string number(const nlohmann::json& value) { return value.is_number() ? value.dump() : ""; }

// The cells after the point's own, as `header` has them: `value` of each result column, `error` last.
CsvRow result_cells(const CsvRow& header, const std::function<std::string(const ResultColumn&)>& value,
                    const std::string& error) {
  CsvRow cells;
  const auto first = std::find(header.begin(), header.end(), kHashColumn) + 1;
  for (auto name = first; name != header.end(); ++name) {
    if (*name == kErrorColumn) {
      cells.push_back(error);
    } else if (const auto* column = result_column(*name)) {
      cells.push_back(value(*column));
    } else {
      throw std::logic_error(fmt::format("sweep table: unknown column {}", *name));
    }
  }
  return cells;
}

std::string system_error(const std::string& what, const std::string& path) {
  return fmt::format("{}: {}: {}", path, what, strerror(errno));
}

void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(system_error("cannot write", path));
    written += static_cast<std::size_t>(n);
  }
}

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::size_t column_of(const CsvRow& header, std::string_view name) {
  return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
}

// `header` as tables were written before they had scenario_hash.
CsvRow without_hash(CsvRow header) {
  header.erase(header.begin() + static_cast<long>(column_of(header, kHashColumn)));
  return header;
}

// The complete rows of a table's text (none for a file missing, or killed before its header).
// A table written before scenario_hash existed is read with that column empty, so every one of its
// rows counts as run with another scenario; `older_header` is then set.
std::vector<CsvRow> rows_of(const std::string& text, const std::string& path, const CsvRow& header,
                            bool* older_header = nullptr) {
  CsvText parsed = parse_csv(text);
  if (parsed.rows.empty()) return {};
  const bool older = parsed.rows.front() == without_hash(header);
  if (older_header) *older_header = older;
  if (parsed.rows.front() != header && !older)
    throw SweepError(fmt::format(
        "{}: written by a sweep with other columns ({}); this sweep has ({}). Write to another --out "
        "directory, or remove it",
        path, fmt::join(parsed.rows.front(), ","), fmt::join(header, ",")));
  const std::size_t hash = column_of(header, kHashColumn);
  std::vector<CsvRow> rows;
  for (std::size_t i = 1; i < parsed.rows.size(); ++i) {
    CsvRow& row = parsed.rows[i];
    if (older && row.size() + 1 == header.size()) row.insert(row.begin() + static_cast<long>(hash), "");
    if (row.size() == header.size()) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

CsvRow sweep_header(const scenario::Sweep& sweep, const schemes::RunParts& parts) {
  CsvRow header = kLeading;
  for (const auto& axis : sweep.axes) header.push_back(axis.path);
  header.insert(header.end(), kPointColumns.begin(), kPointColumns.end());
  for (const auto& column : result_columns(parts)) header.push_back(column.name);
  header.emplace_back(kErrorColumn);
  return header;
}

CsvRow completed_row(const CsvRow& header, const PointColumns& point, const nlohmann::json& summary) {
  CsvRow row = leading_columns(point);
  const CsvRow cells = result_cells(
      header,
      [&](const ResultColumn& column) {
        if (!summary.contains(column.at)) return std::string();
        const auto& value = summary[column.at];
        return value.is_string() ? value.get<std::string>() : number(value);
      },
      summary.contains("diverged") ? summary["diverged"].value("what", "") : "");
  row.insert(row.end(), cells.begin(), cells.end());
  return row;
}

CsvRow failed_row(const CsvRow& header, const PointColumns& point, const std::string& error) {
  CsvRow row = leading_columns(point);
  const CsvRow cells = result_cells(
      header, [](const ResultColumn& column) { return column.name == "status" ? "failed" : ""; }, error);
  row.insert(row.end(), cells.begin(), cells.end());
  return row;
}

std::string row_key(const CsvRow& row, std::size_t axes) {
  // Values and seed: the fields after point and run_dir, up to the seed.
  return fmt::format("{}", fmt::join(row.begin() + 2, row.begin() + 3 + static_cast<long>(axes), "\x1f"));
}

std::string point_key(const PointColumns& point) { return row_key(leading_columns(point), point.values.size()); }

bool row_failed(const CsvRow& row, const CsvRow& header) { return row.at(column_of(header, "status")) == "failed"; }

const std::string& row_scenario_hash(const CsvRow& row, const CsvRow& header) {
  return row.at(column_of(header, kHashColumn));
}

CsvRow renumbered(CsvRow row, std::size_t index) {
  row.at(0) = std::to_string(index);
  return row;
}

std::string lock_path_of(const std::string& table_path) {
  const fs::path path(table_path);
  return (path.parent_path() / fmt::format(".{}.lock", path.filename().string())).string();
}

RowFile::RowFile(const std::string& path, const CsvRow& header) : path_(path), header_(header) {
  const std::string lock_path = lock_path_of(path);
  lock_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_ < 0) throw SweepError(system_error("cannot create", lock_path));
  if (flock(lock_, LOCK_EX | LOCK_NB) != 0) {
    close(lock_);
    throw SweepError(fmt::format("{}: another sweep is writing it (its lock {} is held)", path, lock_path));
  }
  const std::string text = read_text(path);
  std::vector<CsvRow> rows;
  bool older_header = false;
  try {
    rows = rows_of(text, path, header, &older_header);  // checks the header before anything changes
  } catch (...) {
    close(lock_);
    throw;
  }
  fd_ = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw SweepError(system_error("cannot open", path));
  // A new file gets its header; one whose writer died mid-row loses that row, so the next
  // append starts on a line of its own; an older table gets the scenario_hash column.
  if (text.empty() || text.back() != '\n' || older_header) rewrite(rows);
}

RowFile::~RowFile() {
  if (fd_ >= 0) close(fd_);
  if (lock_ >= 0) close(lock_);
}

void RowFile::append(const CsvRow& row) {
  write_all(fd_, csv_line(row), path_);
  fdatasync(fd_);
}

void RowFile::rewrite(const std::vector<CsvRow>& rows) {
  const std::string temporary = path_ + ".new";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(system_error("cannot create", temporary));
  std::string text = csv_line(header_);
  for (const auto& row : rows) text += csv_line(row);
  write_all(fd, text, temporary);
  fdatasync(fd);
  close(fd);
  if (std::rename(temporary.c_str(), path_.c_str()) != 0) throw std::runtime_error(system_error("cannot replace", path_));
  close(fd_);
  fd_ = open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(system_error("cannot open", path_));
}

std::vector<CsvRow> read_rows(const std::string& path, const CsvRow& header) {
  return rows_of(read_text(path), path, header);
}

}  // namespace ssim::sweep
