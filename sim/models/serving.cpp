#include "models/serving.hpp"
#include "models/order_statistics.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

namespace ssim::models {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool straggles(const ServingWorker& w) { return w.straggle_probability > 0 && w.straggle_slowdown != 1; }

// A task's compute time S: c, or c s with probability p.
double mean_service(const ServingWorker& w) {
  const double p = straggles(w) ? w.straggle_probability : 0.0;
  return w.compute_s * (1 - p + p * w.straggle_slowdown);
}
double service_second_moment(const ServingWorker& w) {
  const double p = straggles(w) ? w.straggle_probability : 0.0;
  return w.compute_s * w.compute_s * (1 - p + p * w.straggle_slowdown * w.straggle_slowdown);
}
double slowest_task(const ServingWorker& w) {
  return w.compute_s * (straggles(w) ? std::max(1.0, w.straggle_slowdown) : 1.0);
}

// d + c S + u of one worker's answer, when it does not queue.
Discrete answer_time(const ServingWorker& w) {
  const double base = w.dispatch_s + w.compute_s + w.return_s;
  if (!straggles(w)) return Discrete::point(base);
  return Discrete::two_point(base, base + w.compute_s * (w.straggle_slowdown - 1), w.straggle_probability);
}

// Which workers serve which queries, and in which order each worker gets its tasks.
struct Plan {
  std::vector<std::vector<int>> workers_of;  // per query
  std::vector<std::vector<long>> tasks;      // per worker: its queries in arrival order
};

Plan plan(const ServingInput& in) {
  const int n = static_cast<int>(in.workers.size());
  Plan p;
  p.tasks.resize(n);
  for (long q = 0; q < in.queries; ++q) {
    p.workers_of.push_back(round_robin_workers(q, in.replicas, n));
    for (int w : p.workers_of.back()) p.tasks[w].push_back(q);
  }
  return p;
}

// The latency of a query on these workers without queueing: decode + the k-th answer.
Discrete unqueued_latency(const ServingInput& in, const std::vector<int>& workers) {
  std::vector<Discrete> answers;
  for (int w : workers) answers.push_back(answer_time(in.workers[w]));
  return kth_smallest(answers, in.answers_needed).shifted(in.decode_s);
}

// The sum of the k largest waits among these workers: a bound on the wait of the k-th answer,
// since the k answers that would come first without queueing each wait at most their worker's wait.
double kth_answer_wait(const std::vector<double>& waits, const std::vector<int>& workers, int k) {
  std::vector<double> w;
  for (int i : workers) w.push_back(waits[i]);
  std::sort(w.begin(), w.end(), std::greater<>());
  return std::accumulate(w.begin(), w.begin() + k, 0.0);
}

void fill_distribution(LatencyPrediction& l, const Discrete& d) {
  l.kind = LatencyPrediction::Kind::exact;
  l.mean_s = d.mean();
  l.p50_s = d.quantile(0.5);
  l.p95_s = d.quantile(0.95);
  l.p99_s = d.quantile(0.99);
  l.p99_9_s = d.quantile(0.999);
  l.max_s = d.max();
}

std::string distribution_values(const LatencyPrediction& l) {
  return fmt::format("mean {:.6g} s, p50 {:.6g} s, p95 {:.6g} s, p99 {:.6g} s, p99.9 {:.6g} s, max {:.6g} s", l.mean_s,
                     l.p50_s, l.p95_s, l.p99_s, l.p99_9_s, l.max_s);
}

void check(const ServingInput& in) {
  const int n = static_cast<int>(in.workers.size());
  if (n < 1) throw std::invalid_argument("serving: no workers");
  if (in.replicas < 1 || in.replicas > n)
    throw std::invalid_argument(fmt::format("serving: replicas = {}, expected 1..{} (the workers)", in.replicas, n));
  if (in.answers_needed < 1 || in.answers_needed > in.replicas)
    throw std::invalid_argument(
        fmt::format("serving: answers_needed = {}, expected 1..{} (the replicas)", in.answers_needed, in.replicas));
  if (in.queries < 1) throw std::invalid_argument("serving: queries must be >= 1");
  if (in.arrivals == ServingArrivals::interval && !(in.interval_s > 0))
    throw std::invalid_argument("serving: interval arrivals need interval_s > 0");
  if (in.arrivals == ServingArrivals::poisson && !(in.rate > 0))
    throw std::invalid_argument("serving: poisson arrivals need rate > 0");
  for (const auto& w : in.workers)
    if (w.straggle_probability < 0 || w.straggle_probability > 1 || w.straggle_slowdown < 1)
      throw std::invalid_argument("serving: a worker's straggle probability must be in [0, 1] and its slowdown >= 1");
}

// The time the busiest worker needs for all its tasks, from the first dispatch to the decoded answer.
double busiest_drain(const ServingInput& in, const Plan& p) {
  double drain = 0;
  for (std::size_t w = 0; w < in.workers.size(); ++w)
    if (!p.tasks[w].empty()) {
      const auto& worker = in.workers[w];
      drain = std::max(drain, worker.dispatch_s + static_cast<double>(p.tasks[w].size()) * mean_service(worker) +
                                  worker.return_s + in.decode_s);
    }
  return drain;
}

// Every task arrives at once; worker i does its j-th task after j tasks.
ServingPrediction all_at_once(const ServingInput& in, const Plan& p) {
  const auto n = in.workers.size();
  std::vector<std::map<long, long>> position(n);  // per worker: query -> 1-based place in its queue
  for (std::size_t w = 0; w < n; ++w)
    for (std::size_t j = 0; j < p.tasks[w].size(); ++j) position[w][p.tasks[w][j]] = static_cast<long>(j) + 1;
  const bool random = std::any_of(in.workers.begin(), in.workers.end(), straggles);
  std::vector<std::pair<double, double>> latencies;  // (latency, 1 / Q), or the mean latency under straggling
  for (long q = 0; q < in.queries; ++q) {
    std::vector<Discrete> answers;
    for (int w : p.workers_of[q]) {
      const auto& worker = in.workers[w];
      const long j = position[w][q];
      const double unslowed = worker.dispatch_s + static_cast<double>(j) * worker.compute_s + worker.return_s;
      answers.push_back(random ? Discrete::binomial(unslowed, worker.compute_s * (worker.straggle_slowdown - 1), j,
                                                    worker.straggle_probability)
                               : Discrete::point(unslowed));
    }
    latencies.emplace_back(in.decode_s + kth_smallest(answers, in.answers_needed).mean(),
                           1.0 / static_cast<double>(in.queries));
  }
  ServingPrediction out;
  auto& l = out.latency;
  const double drain = std::max_element(latencies.begin(), latencies.end())->first;
  l.formula =
      "all at once: L_q = decode + k-th smallest over q's workers i of (d_i + j_i(q) c_i + u_i), j_i(q) = q's place "
      "in worker i's queue";
  if (random) {
    l.kind = LatencyPrediction::Kind::mean_bound;
    double mean = 0;
    for (const auto& [latency, weight] : latencies) mean += latency * weight;
    l.mean_s = mean;
    l.formula += "; with straggling each of the j tasks takes c_i s_i with probability p_i, and only the mean is "
                 "given (it is exact)";
    l.values = fmt::format("Q = {}, mean {:.6g} s", in.queries, mean);
  } else {
    fill_distribution(l, Discrete::from_pairs(latencies));
    l.values = fmt::format("Q = {}, {}", in.queries, distribution_values(l));
  }
  out.run.time_s = drain;
  out.run.formula = "T = the last query's answer: max_q L_q" + std::string(random ? " (each at its mean)" : "");
  out.run.values = fmt::format("Q = {}, T = {:.6g} s", in.queries, drain);
  return out;
}

}  // namespace

std::vector<int> round_robin_workers(long query, int replicas, int workers) {
  std::vector<int> chosen;
  for (int j = 0; j < replicas; ++j)
    chosen.push_back(static_cast<int>((query * replicas + j) % workers));
  return chosen;
}

ServingPrediction serving(const ServingInput& in) {
  check(in);
  const Plan p = plan(in);
  if (in.arrivals == ServingArrivals::all_at_once) return all_at_once(in, p);

  // Without queueing: the distribution of every query's latency, and of a query drawn at random.
  std::map<std::vector<int>, Discrete> by_workers;
  std::map<std::vector<int>, double> count;
  for (const auto& workers : p.workers_of) {
    if (!by_workers.contains(workers)) by_workers.emplace(workers, unqueued_latency(in, workers));
    count[workers] += 1;
  }
  std::vector<Discrete> groups;
  std::vector<double> weights;
  for (const auto& [workers, latency] : by_workers) {
    groups.push_back(latency);
    weights.push_back(count[workers]);
  }
  const Discrete unqueued = mixture(groups, weights);

  // Each worker's mean wait: 0 without queueing, else M/G/1 (Poisson) or Kingman's bound (interval).
  const int n = static_cast<int>(in.workers.size());
  const bool poisson = in.arrivals == ServingArrivals::poisson;
  std::vector<double> waits(n, 0.0);
  bool queues = poisson, unstable = false;
  double busiest_rho = 0;
  if (!poisson)
    for (int w = 0; w < n; ++w)
      for (std::size_t j = 1; j < p.tasks[w].size(); ++j)
        if (static_cast<double>(p.tasks[w][j] - p.tasks[w][j - 1]) * in.interval_s < slowest_task(in.workers[w]))
          queues = true;
  if (queues)
    for (int w = 0; w < n; ++w) {
      const auto& worker = in.workers[w];
      const double service = mean_service(worker), second = service_second_moment(worker);
      double rate = 0, arrival_variance = 0;
      if (poisson) {
        rate = in.rate * in.replicas / n;
      } else if (p.tasks[w].size() > 1) {  // the worker's inter-arrival times: their mean and variance
        std::vector<double> gaps;
        for (std::size_t j = 1; j < p.tasks[w].size(); ++j)
          gaps.push_back(static_cast<double>(p.tasks[w][j] - p.tasks[w][j - 1]) * in.interval_s);
        const double mean_gap = std::accumulate(gaps.begin(), gaps.end(), 0.0) / static_cast<double>(gaps.size());
        for (double g : gaps) arrival_variance += (g - mean_gap) * (g - mean_gap) / static_cast<double>(gaps.size());
        rate = 1 / mean_gap;
      }
      const double rho = rate * service;
      busiest_rho = std::max(busiest_rho, rho);
      if (rho >= 1) {
        unstable = true;
        continue;
      }
      waits[w] = poisson ? rate * second / (2 * (1 - rho))
                         : rate * (arrival_variance + second - service * service) / (2 * (1 - rho));
    }

  ServingPrediction out;
  auto& l = out.latency;
  const std::string setup = fmt::format("n = {}, r = {}, k = {}, Q = {}, ", n, in.replicas, in.answers_needed, in.queries);
  const std::string unqueued_formula =
      "L = decode + k-th smallest over the query's r workers of (d_i + c_i S_i + u_i), S_i = s_i with probability "
      "p_i, else 1";
  double last_latency = 0;  // the last query's mean latency
  if (!queues) {
    fill_distribution(l, unqueued);
    l.formula = unqueued_formula + "; no queueing (every worker's tasks are spaced by more than its slowest task)";
    l.values = setup + fmt::format("interval {:.6g} s, ", in.interval_s) + distribution_values(l);
    last_latency = by_workers.at(p.workers_of.back()).mean();
  } else {
    l.kind = LatencyPrediction::Kind::mean_bound;
    l.formula = unqueued_formula + (poisson ? "; E[L] <= E[L without queueing] + W, W = lambda_w E[S^2] / (2 (1 - rho)) "
                                              "per worker (M/G/1, Pollaczek-Khinchine), lambda_w = lambda r / n, "
                                              "rho = lambda_w E[S]"
                                            : "; E[L] <= E[L without queueing] + W, W <= lambda_w (var A + var S) / "
                                              "(2 (1 - rho)) per worker (Kingman), A the worker's inter-arrival time, "
                                              "rho = lambda_w E[S]") +
                  "; W: the sum of the k largest waits among the query's workers";
    const std::string arrivals =
        poisson ? fmt::format("rate {:.6g}/s, ", in.rate) : fmt::format("interval {:.6g} s, ", in.interval_s);
    if (unstable) {
      l.mean_s = kInfinity;
      l.values = setup + arrivals + fmt::format("rho = {:.6g} >= 1: the queue is unstable, the mean is infinite",
                                                busiest_rho);
      last_latency = by_workers.at(p.workers_of.back()).mean();
    } else {
      double mean = 0;
      for (const auto& [workers, latency] : by_workers)
        mean += count.at(workers) * (latency.mean() + kth_answer_wait(waits, workers, in.answers_needed));
      l.mean_s = mean / static_cast<double>(in.queries);
      const double largest_wait = *std::max_element(waits.begin(), waits.end());
      l.values = setup + arrivals +
                 fmt::format("busiest rho = {:.6g}, largest W = {:.6g} s, mean without queueing {:.6g} s, mean <= "
                             "{:.6g} s",
                             busiest_rho, largest_wait, unqueued.mean(), l.mean_s);
      last_latency = by_workers.at(p.workers_of.back()).mean() +
                     kth_answer_wait(waits, p.workers_of.back(), in.answers_needed);
    }
  }

  const double last_arrival = static_cast<double>(in.queries - 1) * (poisson ? 1 / in.rate : in.interval_s);
  const double drain = busiest_drain(in, p);
  out.run.time_s = std::max(last_arrival + last_latency, drain);
  out.run.formula = std::string("T = max(last arrival + its latency, the busiest worker's drain) = max((Q - 1) ") +
                    (poisson ? "/ lambda" : "* interval") +
                    " + E[L_last], max_i (d_i + tasks_i E[S_i] + u_i) + decode)";
  out.run.values = fmt::format("last arrival {:.6g} s, its latency {:.6g} s, drain {:.6g} s, T = {:.6g} s",
                               last_arrival, last_latency, drain, out.run.time_s);
  return out;
}

}  // namespace ssim::models
