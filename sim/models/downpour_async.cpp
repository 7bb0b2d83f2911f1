#include "models/downpour_async.hpp"
#include "models/order_statistics.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <numeric>

namespace ssim::models {
namespace {

double transfer(const Flow& flow, double bytes) { return flow.latency_s + bytes / flow.bandwidth; }

// Time a link needs to carry `messages[i]` messages of `bytes` for each flow i over its bottleneck.
double busiest_link_time(const std::vector<Flow>& flows, const std::vector<long>& messages, double bytes) {
  std::map<int, double> seconds;
  for (std::size_t i = 0; i < flows.size(); ++i)
    seconds[flows[i].bottleneck] += static_cast<double>(messages[i]) * bytes / flows[i].bandwidth;
  double busiest = 0;
  for (const auto& [link, s] : seconds) busiest = std::max(busiest, s);
  return busiest;
}

// Workers at the same pace stay in step: their pushes, and the replies to their fetches, cross the
// server's links together. Members are listed longest run first, so the first n are those still
// running while n are.
struct Cohort {
  std::vector<std::size_t> members;
  std::map<std::size_t, std::pair<double, double>> together;  // n -> (push, reply) when n cross at once

  std::size_t running_at(long step, const std::vector<long>& steps) const {
    return static_cast<std::size_t>(
        std::count_if(members.begin(), members.end(), [&](std::size_t j) { return steps[j] > step; }));
  }
  std::pair<double, double> crossing(std::size_t n, const DownpourAsyncInput& in) {
    auto [it, added] = together.try_emplace(n);
    if (added) {
      std::vector<Flow> up, down;
      for (std::size_t i = 0; i < n; ++i) {
        up.push_back(in.up[members[i]]);
        down.push_back(in.down[members[i]]);
      }
      const auto last = [](const std::vector<double>& t) { return *std::max_element(t.begin(), t.end()); };
      it->second = {last(arrival_times(up, std::vector<double>(n, 0.0), in.parameter_bytes)),
                    last(arrival_times(down, std::vector<double>(n, 0.0), in.parameter_bytes))};
    }
    return it->second;
  }
};

// Random straggling shuffles workers out of step: then each is a cohort of its own.
std::vector<Cohort> cohorts_by_pace(const std::vector<double>& pace, const std::vector<long>& steps, bool in_step) {
  std::vector<Cohort> cohorts;
  for (std::size_t w = 0; w < pace.size(); ++w) {
    auto same = std::find_if(cohorts.begin(), cohorts.end(), [&](const Cohort& c) {
      return in_step && std::abs(pace[c.members.front()] - pace[w]) <= 1e-9 * pace[w];
    });
    if (same == cohorts.end()) same = cohorts.insert(cohorts.end(), Cohort{});
    same->members.push_back(w);
  }
  for (auto& c : cohorts)
    std::stable_sort(c.members.begin(), c.members.end(),
                     [&](std::size_t a, std::size_t b) { return steps[a] > steps[b]; });
  return cohorts;
}

}  // namespace

bool pushes_after(long step, long steps, int push_every) { return (step + 1) % push_every == 0 || step + 1 == steps; }

namespace {

struct Timeline {          // one worker's run, unslowed by random straggling
  double delivered = 0;    // its last push has arrived
  double server_done = 0;  // the server has applied it and heard "done"
  long pushes = 0, fetches = 0;
};

Timeline timeline(std::size_t w, Cohort& cohort, const DownpourAsyncInput& in, double pace, double apply) {
  const long steps = in.steps[w];
  const double request = transfer(in.up[w], in.request_bytes);
  Timeline t;
  if (steps == 0) return t;
  for (long s = 0; s < steps; ++s) {
    if (s % in.fetch_every == 0) {
      const std::size_t n = cohort.running_at(s, in.steps);
      const auto [push, reply] = cohort.crossing(n, in);
      const bool after_push = s > 0 && pushes_after(s - 1, steps, in.push_every);
      t.delivered += after_push ? push + std::max(request, static_cast<double>(n) * apply) + reply : request + reply;
      ++t.fetches;
    }
    t.delivered += pace;
    if (pushes_after(s, steps, in.push_every)) ++t.pushes;
  }
  const std::size_t last = cohort.running_at(steps - 1, in.steps);
  t.delivered += cohort.crossing(last, in).first;
  t.server_done = t.delivered + std::max(static_cast<double>(last) * apply, request);
  return t;
}

// Mean staleness of w's pushes. `outside_rate`: pushes per second of the workers at other paces
// while w runs; `step`: w's mean step time.
double expected_staleness(std::size_t w, const Cohort& cohort, const DownpourAsyncInput& in, double step,
                          double outside_rate) {
  const long steps = in.steps[w];
  const double reply = transfer(in.down[w], in.parameter_bytes), push = transfer(in.up[w], in.parameter_bytes);
  double sum = 0;
  long pushes = 0, fetched_at = 0, own = 0;
  for (long s = 0; s < steps; ++s) {
    if (s % in.fetch_every == 0) {
      fetched_at = s;
      own = 0;
    }
    if (!pushes_after(s, steps, in.push_every)) continue;
    // Each cohort mate pushed as often as w since the fetch, and half of them go first now.
    const auto mates = static_cast<double>(cohort.running_at(s, in.steps) - 1);
    const double since_fetch = reply + static_cast<double>(s - fetched_at + 1) * step + push;
    sum += static_cast<double>(own) * (1 + mates) + mates / 2 + outside_rate * since_fetch;
    ++own;
    ++pushes;
  }
  return pushes ? sum / static_cast<double>(pushes) : 0.0;
}

}  // namespace

DownpourAsyncPrediction downpour_async(const DownpourAsyncInput& in) {
  const std::size_t workers = in.steps.size();
  const double apply = in.push_flops / in.server_speed;
  const double p = in.straggle_probability;
  std::vector<double> pace(workers), slowed_step(workers);  // compute time of a step; what straggling adds
  for (std::size_t w = 0; w < workers; ++w) {
    pace[w] = in.steps[w] ? in.compute_flops[w] / in.worker_speeds[w] / static_cast<double>(in.steps[w]) : 0.0;
    slowed_step[w] = pace[w] * (in.straggle_slowdown - 1);
  }
  auto cohorts = cohorts_by_pace(pace, in.steps, p <= 0 || in.straggle_slowdown <= 1);
  std::vector<std::size_t> cohort_of(workers);
  std::vector<Timeline> runs(workers);
  for (std::size_t c = 0; c < cohorts.size(); ++c)
    for (std::size_t w : cohorts[c].members) {
      cohort_of[w] = c;
      runs[w] = timeline(w, cohorts[c], in, pace[w], apply);
    }

  DownpourAsyncPrediction out;
  std::vector<double> server_done;
  std::vector<long> pushes, fetches;
  for (std::size_t w = 0; w < workers; ++w) {
    out.worker_time.push_back(runs[w].delivered + static_cast<double>(in.steps[w]) * p * slowed_step[w]);
    server_done.push_back(runs[w].server_done);
    pushes.push_back(runs[w].pushes);
    fetches.push_back(runs[w].fetches);
  }
  const double workers_done = expected_last_finish(server_done, slowed_step, in.steps, p);
  const long total_pushes = std::accumulate(pushes.begin(), pushes.end(), 0L);
  const double server_busy = static_cast<double>(total_pushes) * apply;
  const double links_busy = std::max(busiest_link_time(in.up, pushes, in.parameter_bytes),
                                     busiest_link_time(in.down, fetches, in.parameter_bytes));
  const double time = std::max({workers_done, server_busy, links_busy});

  for (std::size_t w = 0; w < workers; ++w) {
    double outside_rate = 0;
    for (std::size_t j = 0; j < workers; ++j)
      if (cohort_of[j] != cohort_of[w] && out.worker_time[j] > 0)
        outside_rate += static_cast<double>(pushes[j]) / out.worker_time[j] *
                        std::min(1.0, out.worker_time[j] / out.worker_time[w]);
    out.staleness.push_back(
        expected_staleness(w, cohorts[cohort_of[w]], in, pace[w] + p * slowed_step[w], outside_rate));
    out.mean_staleness += out.staleness[w] * static_cast<double>(pushes[w]);
  }
  if (total_pushes) out.mean_staleness /= static_cast<double>(total_pushes);

  const double samples = std::accumulate(in.samples.begin(), in.samples.end(), 0.0);
  out.throughput = time > 0 ? samples / time : 0.0;
  auto& prediction = out.prediction;
  prediction.time_s = time;
  prediction.formula =
      "T = max(max_w T_w + apply, pushes * apply, busiest server link), T_w = S_w * T_A,w + fetches * round trip "
      "+ last push; a fetch after a push waits for it: push + max(request, n * apply) + reply, where the n workers "
      "at w's pace cross the server's links together; random straggling: the expected last of the workers";
  const auto slowest = std::max_element(out.worker_time.begin(), out.worker_time.end());
  prediction.values = fmt::format(
      "N = {}, fetch every {}, push every {}, {} pace(s), slowest worker T_w = {:.6g} s, apply {:.6g} s x {} pushes "
      "= {:.6g} s, busiest link {:.6g} s, T = {:.6g} s, throughput {:.6g} samples/s, mean staleness {:.3g}",
      workers, in.fetch_every, in.push_every, cohorts.size(), slowest == out.worker_time.end() ? 0.0 : *slowest, apply,
      total_pushes, server_busy, links_busy, time, out.throughput, out.mean_staleness);
  return out;
}

}  // namespace ssim::models
