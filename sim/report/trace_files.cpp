#include "report/trace_files.hpp"
#include "common/csv_field.hpp"
#include "report/number.hpp"
#include "run/provenance.hpp"
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace ssim::report {
namespace {

constexpr int kRunProcess = 0;  // the run's markers; hosts are 1, 2, ... in role order
constexpr int kComputeTrack = 1, kMessageTrack = 2;

std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

double micros(double seconds) { return seconds * 1e6; }

class TraceWriter {
 public:
  explicit TraceWriter(const std::string& path) : out_(path) { out_ << "{\"traceEvents\": [\n"; }

  void event(const std::string& fields) {
    out_ << (first_ ? "" : ",\n") << '{' << fields << '}';
    first_ = false;
  }
  void name(int pid, const std::string& process) {
    event(fmt::format(R"("ph": "M", "name": "process_name", "pid": {}, "args": {{"name": {}}})", pid, quoted(process)));
    event(fmt::format(R"("ph": "M", "name": "process_sort_index", "pid": {}, "args": {{"sort_index": {}}})", pid, pid));
  }
  void name(int pid, int tid, const std::string& thread) {
    event(fmt::format(R"("ph": "M", "name": "thread_name", "pid": {}, "tid": {}, "args": {{"name": {}}})", pid, tid,
                      quoted(thread)));
  }
  void span(int pid, int tid, const std::string& name, const std::string& category, double from_s, double to_s,
            const std::string& args = "{}") {
    event(fmt::format(R"("ph": "X", "name": {}, "cat": "{}", "pid": {}, "tid": {}, "ts": {}, "dur": {}, "args": {})",
                      quoted(name), category, pid, tid, micros(from_s), micros(to_s - from_s), args));
  }
  void close(const std::string& other_data) {
    out_ << "\n], \"displayTimeUnit\": \"ms\", \"otherData\": " << other_data << "}\n";
    if (!out_) throw std::runtime_error("could not write trace.json");
  }

 private:
  std::ofstream out_;
  bool first_ = true;
};

// The stretches of [from, to] that no span covers.
std::vector<std::pair<double, double>> gaps(std::vector<std::pair<double, double>> spans, double from, double to) {
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<double, double>> gaps;
  double covered = from;
  for (const auto& [start, end] : spans) {
    if (start > covered) gaps.emplace_back(covered, std::min(start, to));
    covered = std::max(covered, end);
    if (covered >= to) break;
  }
  if (covered < to) gaps.emplace_back(covered, to);
  return gaps;
}

}  // namespace

void write_trace(const std::string& directory, const cluster::Trace& trace, cluster::Cluster& cluster,
                 const schemes::RunResult& result) {
  const std::filesystem::path dir(directory);
  const auto& hosts = cluster.ledger().hosts();
  std::map<std::string, int> pid;  // by host name, in role order
  for (const auto& h : hosts) pid.emplace(h.name, static_cast<int>(pid.size()) + 1);
  std::vector<int> pid_of;  // by the trace's host index
  for (const auto& name : trace.hosts()) pid_of.push_back(pid.emplace(name, static_cast<int>(pid.size()) + 1).first->second);
  const auto host_name = [&](int index) { return index < 0 ? std::string() : trace.hosts()[index]; };
  const double end = cluster.end_time();

  TraceWriter json((dir / "trace.json").string());
  json.name(kRunProcess, "run");
  for (const auto& h : hosts) {
    const int p = pid.at(h.name);
    json.name(p, fmt::format("{} ({})", h.name, h.role));
    json.name(p, kComputeTrack, "compute");
    json.name(p, kMessageTrack, "messages sent");
  }
  std::map<int, std::vector<std::pair<double, double>>> busy;  // by pid
  for (const auto& c : trace.computations()) {
    const int p = pid_of[c.host];
    busy[p].emplace_back(c.start_s, c.end_s);
    const bool straggling = c.slowdown != 1;
    json.span(p, kComputeTrack, straggling ? fmt::format("compute (straggling x{})", number(c.slowdown)) : "compute",
              "compute", c.start_s, c.end_s,
              fmt::format(R"({{"flops": {}, "slowdown": {}}})", number(c.flops), number(c.slowdown)));
  }
  for (const auto& h : hosts) {
    const int p = pid.at(h.name);
    const double alive_until = h.failed_at_s >= 0 ? h.failed_at_s : end;
    for (const auto& [from, to] : gaps(busy[p], 0, alive_until)) json.span(p, kComputeTrack, "idle", "idle", from, to);
    if (h.failed_at_s >= 0) json.span(p, kComputeTrack, "failed", "failed", h.failed_at_s, std::max(end, h.failed_at_s));
  }
  std::ofstream csv(dir / "messages.csv");
  csv << "sent_s,received_s,from,to,kind,inbox,bytes\n";
  long id = 0;
  for (const auto& m : trace.messages()) {
    const bool read = m.received_s >= 0;
    const int from = pid_of[m.from];
    json.event(fmt::format(R"("ph": "b", "name": {}, "cat": "message", "id": {}, "pid": {}, "tid": {}, "ts": {}, )"
                           R"("args": {{"bytes": {}, "to": {}, "inbox": {}}})",
                           quoted(m.kind), id, from, kMessageTrack, micros(m.sent_s), number(m.bytes),
                           quoted(host_name(m.to)), quoted(m.inbox)));
    json.event(fmt::format(R"("ph": "e", "name": {}, "cat": "message", "id": {}, "pid": {}, "tid": {}, "ts": {}, )"
                           R"("args": {{"read": {}}})",
                           quoted(m.kind), id, from, kMessageTrack, micros(read ? m.received_s : end), read));
    if (read)
      json.event(fmt::format(R"("ph": "i", "s": "t", "name": {}, "cat": "taken", "pid": {}, "tid": {}, "ts": {}, )"
                             R"("args": {{"bytes": {}, "from": {}}})",
                             quoted("took " + m.kind), pid_of[m.to], kMessageTrack, micros(m.received_s),
                             number(m.bytes), quoted(host_name(m.from))));
    csv << number(m.sent_s) << ',' << (read ? number(m.received_s) : "") << ',' << csv_field(host_name(m.from)) << ','
        << csv_field(host_name(m.to)) << ',' << csv_field(m.kind) << ',' << csv_field(m.inbox) << ','
        << number(m.bytes) << '\n';
    ++id;
  }
  if (result.training)
    for (const auto& e : result.training->epochs)
      json.event(fmt::format(R"("ph": "i", "s": "g", "name": "epoch {}", "cat": "epoch", "pid": {}, "tid": 0, "ts": {})",
                             e.epoch, kRunProcess, micros(e.time_s)));
  if (result.serving)
    for (const auto& q : result.serving->queries)
      json.span(kRunProcess, 1, fmt::format("query {}", q.id), "query", q.arrival_s,
                q.answered() ? q.completion_s : end, fmt::format(R"({{"answered": {}}})", q.answered()));
  json.close(fmt::format(R"({{"stragglesim": {}, "time": "simulated microseconds", "events_left_out": {}}})",
                         quoted(run::version()), trace.left_out()));
  if (!csv) throw std::runtime_error("could not write messages.csv");
  if (trace.left_out() > 0)
    std::cerr << fmt::format(
        "warning: the trace holds the first {} computations and messages; {} more were left out (trace.json, "
        "messages.csv)\n",
        trace.max_events(), trace.left_out());
}

}  // namespace ssim::report
