#include "models/downpour.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace ssim::models {

namespace {

// One epoch of the recursion from M_e: when each update is sent and has arrived.
struct Epoch {
  std::vector<double> sent, gathered, dispatched;
};

Epoch epoch(const DownpourInput& in, const std::vector<DownpourJob>& jobs, double start, std::vector<long>& steps) {
  const std::size_t n = jobs.size();
  std::vector<Flow> flows = in.dispatch;
  flows.insert(flows.end(), in.gather.begin(), in.gather.end());
  std::vector<double> bytes, starts(2 * n, start);
  for (const auto& job : jobs) bytes.push_back(job.dispatch_bytes);
  bytes.insert(bytes.end(), n, in.update_bytes);
  // The updates' send times follow the jobs' arrivals, which the updates may share links with:
  // repeat until they settle (an update cannot affect a job that arrived before it was sent).
  Epoch e;
  std::vector<long> first_steps = steps;
  for (int iteration = 0;; ++iteration) {
    if (iteration > 1000) throw std::logic_error("downpour: the epoch's schedule does not settle");
    const auto arrivals = arrival_times(flows, starts, bytes);
    e.dispatched.assign(arrivals.begin(), arrivals.begin() + long(n));
    e.gathered.assign(arrivals.begin() + long(n), arrivals.end());
    steps = first_steps;
    std::vector<double> sent;
    for (std::size_t w = 0; w < n; ++w) {
      double t = e.dispatched[w];
      for (double flops : jobs[w].step_flops) {
        const double factor = in.straggle_factor ? in.straggle_factor(int(w), steps[w]) : 1.0;
        ++steps[w];
        t = in.worker_speeds[w].finish(t, flops * factor);
      }
      sent.push_back(in.worker_speeds[w].finish(t, in.update_flops));
    }
    if (iteration > 0 && sent == e.sent) return e;
    e.sent = sent;
    std::copy(sent.begin(), sent.end(), starts.begin() + long(n));
  }
}

// The paper's form, for the reader: every epoch the last dispatch, the slowest worker's pass and a
// gather of all updates at once, at the speeds the hosts keep.
double lock_step(const DownpourInput& in, double& dispatch, double& train, double& gather, double& aggregate) {
  const std::size_t n = in.worker_speeds.size();
  double total = 0;
  aggregate = in.manager_flops / in.manager_speed.final_speed();
  for (const auto& jobs : in.epochs) {
    std::vector<double> bytes;
    train = 0;
    for (std::size_t w = 0; w < n; ++w) {
      bytes.push_back(jobs[w].dispatch_bytes);
      double flops = in.update_flops;
      for (double step : jobs[w].step_flops) flops += step;
      train = std::max(train, flops / in.worker_speeds[w].final_speed());
    }
    const auto out = arrival_times(in.dispatch, std::vector<double>(n, 0.0), bytes);
    const auto back = arrival_times(in.gather, std::vector<double>(n, 0.0), in.update_bytes);
    dispatch = *std::max_element(out.begin(), out.end());
    gather = *std::max_element(back.begin(), back.end());
    total += dispatch + train + gather + aggregate;
  }
  return total;
}

}  // namespace

Prediction downpour(const DownpourInput& in) {
  const std::size_t n = in.worker_speeds.size();
  if (n == 0 || in.dispatch.size() != n || in.gather.size() != n)
    throw std::invalid_argument("downpour: needs workers, and one dispatch and one gather flow each");
  double manager = 0;  // M_e
  std::vector<long> steps(n, 0);
  for (const auto& jobs : in.epochs) {
    if (jobs.size() != n) throw std::invalid_argument("downpour: one job per worker each epoch");
    const Epoch e = epoch(in, jobs, manager, steps);
    const double gathered = std::max(manager, *std::max_element(e.gathered.begin(), e.gathered.end()));
    manager = in.manager_speed.finish(gathered, in.manager_flops);
  }
  double dispatch = 0, train = 0, gather = 0, aggregate = 0;
  const double paper = lock_step(in, dispatch, train, gather, aggregate);
  Prediction p;
  p.time_s = manager;
  p.formula =
      "recursion over epochs e: M_0 = 0; worker w starts when its job has arrived, trains step by step at its "
      "host's speed of the moment times each step's straggle factor, and sends its update; M_{e+1} = last update "
      "arrived + aggregate; T = M_E; jobs and updates in flight share links as SimGrid shares them. Paper's form "
      "(seed 001): T = E * (dispatch + max_w train_w + gather + aggregate)";
  p.values = fmt::format(
      "E = {}, N = {}, T = {:.6g} s; paper's form (last epoch): dispatch {:.6g} s, slowest train {:.6g} s, gather "
      "{:.6g} s, aggregate {:.6g} s, T = {:.6g} s",
      in.epochs.size(), n, p.time_s, dispatch, train, gather, aggregate, paper);
  return p;
}

}  // namespace ssim::models
