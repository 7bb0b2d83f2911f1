#include "models/ring_tmp.hpp"
#include "models/ring_tmp_schedule.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

namespace ssim::models {

namespace {

constexpr double kNone = std::numeric_limits<double>::infinity();

// Bytes of the 2N messages of a batch, in RingTmpInput's order: forward from node w carries its
// cut; backward from node w carries the error of its input, the cut of node w-1.
std::vector<double> message_bytes(const std::vector<long>& widths, long samples, double bytes_per_value) {
  const int nodes = static_cast<int>(widths.size());
  std::vector<double> bytes;
  if (nodes < 2) return bytes;
  for (int w = 0; w < nodes; ++w) bytes.push_back(static_cast<double>(widths[w]) * samples * bytes_per_value);
  for (int w = 0; w < nodes; ++w) bytes.push_back(bytes[(w + nodes - 1) % nodes]);
  return bytes;
}

// One step of a batch's way round the ring, unloaded.
struct Step {
  int resource;     // node w, or N + a shared link
  bool message;
  double duration;  // how long the batch spends on it
  double busy;      // how long it occupies its resource: a message's bytes, whose latencies overlap
};

// The batch's steps in order: forward through nodes 0..N-1 with a message after each (the last
// one is the prediction), the loss at the master, its error to node N-1, backward through nodes
// N-1..1 with a message after each, and backward through the master's layers.
std::vector<Step> batch_path(const RingTmpInput& in, const RingTmpBatches& batch, const std::vector<long>& widths) {
  const int nodes = static_cast<int>(in.node_speeds.size());
  const double slowdown = 1 + in.straggle_probability * (in.straggle_slowdown - 1);
  const auto bytes = message_bytes(widths, batch.samples, in.bytes_per_value);
  if (in.alone.size() != bytes.size() || in.together.size() != bytes.size())
    throw std::invalid_argument("ring_tmp: one flow per message, 2N of them");
  std::map<int, int> links;  // bottleneck id -> resource
  for (const auto& flow : in.together) links.emplace(flow.bottleneck, nodes + static_cast<int>(links.size()));
  auto compute = [&](int w, double flops) {
    const double t = flops / in.node_speeds[w] * slowdown;
    return Step{w, false, t, t};
  };
  auto message = [&](int m) {
    const double alone = in.alone[m].latency_s + bytes[m] / in.alone[m].bandwidth;
    return Step{links[in.together[m].bottleneck], true, alone, bytes[m] / in.together[m].bandwidth};
  };
  std::vector<Step> path;
  for (int w = 0; w < nodes; ++w) {
    path.push_back(compute(w, batch.forward_flops.at(w)));
    if (nodes > 1) path.push_back(message(w));
  }
  path.push_back(compute(0, batch.loss_flops));
  if (nodes > 1) path.push_back(message(nodes));
  for (int w = nodes - 1; w > 0; --w) {
    path.push_back(compute(w, batch.backward_flops.at(w)));
    path.push_back(message(nodes + w));
  }
  path.push_back(compute(0, batch.backward_flops.at(0)));
  return path;
}

// What one batch asks of the ring.
struct BatchTimes {
  double compute = 0;            // T_A
  double communication = 0;      // c
  std::vector<double> busy;      // per resource (node, then link): P_r
  std::vector<double> fill;      // per resource: from the batch's start until it first occupies it
  std::vector<double> drain;     // per resource: from when it last leaves it to the batch's end
  double longest_step = 0;       // the longest a single step occupies its resource
  int nodes = 0;

  double latency() const { return compute + communication; }
  double stage() const { return *std::max_element(busy.begin(), busy.end()); }
  double slowest_node() const { return *std::max_element(busy.begin(), busy.begin() + nodes); }
  double busiest_link() const {
    return static_cast<int>(busy.size()) > nodes ? *std::max_element(busy.begin() + nodes, busy.end()) : 0.0;
  }
};

BatchTimes batch_times(const RingTmpInput& in, const RingTmpBatches& batch, const std::vector<long>& widths) {
  const auto path = batch_path(in, batch, widths);
  BatchTimes t;
  t.nodes = static_cast<int>(in.node_speeds.size());
  int resources = t.nodes;
  for (const auto& step : path) resources = std::max(resources, step.resource + 1);
  t.busy.assign(resources, 0.0);
  t.fill.assign(resources, kNone);
  std::vector<double> left(resources, 0.0);  // when the batch last leaves each resource
  double elapsed = 0;
  for (const auto& step : path) {
    (step.message ? t.communication : t.compute) += step.duration;
    t.busy[step.resource] += step.busy;
    t.longest_step = std::max(t.longest_step, step.busy);
    t.fill[step.resource] = std::min(t.fill[step.resource], elapsed + step.duration - step.busy);
    elapsed += step.duration;
    left[step.resource] = elapsed;
  }
  for (int r = 0; r < resources; ++r) t.drain.push_back(elapsed - left[r]);
  return t;
}

// The schedule's input: the epoch's batches in order, each with its group's flops.
double scheduled_time(const RingTmpInput& in) {
  RingTmpScheduleInput s;
  s.epochs = in.epochs;
  s.in_flight = in.in_flight;
  std::map<long, const RingTmpBatches*> by_samples;
  for (const auto& group : in.epoch) {
    for (long i = 0; i < group.count; ++i) s.epoch_batch_samples.push_back(group.samples);
    by_samples.emplace(group.samples, &group);
  }
  s.forward_flops = [by_samples](int node, long samples) { return by_samples.at(samples)->forward_flops.at(node); };
  s.backward_flops = [by_samples](int node, long samples) { return by_samples.at(samples)->backward_flops.at(node); };
  s.loss_flops = [by_samples](long samples) { return by_samples.at(samples)->loss_flops; };
  s.cut_widths = in.cut_widths;
  s.bytes_per_value = in.bytes_per_value;
  s.node_speeds = in.node_timelines;
  if (s.node_speeds.empty())
    for (double speed : in.node_speeds) s.node_speeds.emplace_back(speed);
  s.straggle_factor = in.straggle_factor;
  s.routes = in.routes;
  if (s.routes.routes.empty() && in.node_speeds.size() > 1) {
    std::map<int, int> links;  // bottleneck id -> link
    for (const auto& flow : in.together) {
      const auto [it, added] = links.emplace(flow.bottleneck, static_cast<int>(links.size()));
      if (added) s.routes.bandwidths.push_back(flow.bandwidth);
      s.routes.routes.push_back({.latency_s = flow.latency_s, .penalty = flow.penalty, .links = {it->second}});
    }
  }
  return ring_tmp_schedule(s);
}

}  // namespace

std::vector<int> balanced_placement(const std::vector<double>& layer_flops, int nodes) {
  const int layers = static_cast<int>(layer_flops.size());
  if (nodes < 1 || nodes > layers) throw std::invalid_argument("balanced_placement: needs 1 <= nodes <= layers");
  std::vector<double> prefix(layers + 1, 0.0);
  std::partial_sum(layer_flops.begin(), layer_flops.end(), prefix.begin() + 1);
  auto stage = [&](int from, int to) { return prefix[to] - prefix[from]; };

  // largest[k][j]: the smallest largest stage of layers [0, j) on k nodes.
  std::vector<std::vector<double>> largest(nodes + 1, std::vector<double>(layers + 1, kNone));
  largest[0][0] = 0;
  for (int k = 1; k <= nodes; ++k)
    for (int j = k; j <= layers; ++j)
      for (int i = k - 1; i < j; ++i) largest[k][j] = std::min(largest[k][j], std::max(largest[k - 1][i], stage(i, j)));
  const double bound = largest[nodes][layers];

  // Within that bound, the least sum of squared stages; the first (smallest) start of the last
  // stage wins ties, so later nodes take more layers.
  std::vector<std::vector<double>> squares(nodes + 1, std::vector<double>(layers + 1, kNone));
  std::vector<std::vector<int>> start(nodes + 1, std::vector<int>(layers + 1, 0));
  squares[0][0] = 0;
  for (int k = 1; k <= nodes; ++k)
    for (int j = k; j <= layers; ++j)
      for (int i = k - 1; i < j; ++i) {
        const double s = stage(i, j);
        if (s > bound || squares[k - 1][i] == kNone) continue;
        if (squares[k - 1][i] + s * s < squares[k][j]) {
          squares[k][j] = squares[k - 1][i] + s * s;
          start[k][j] = i;
        }
      }
  std::vector<int> counts(nodes);
  for (int k = nodes, end = layers; k > 0; --k) {
    counts[k - 1] = end - start[k][end];
    end = start[k][end];
  }
  return counts;
}

long ring_tmp_values_per_sample(const std::vector<long>& widths) {
  if (widths.size() < 2) return 0;
  return 2L * std::accumulate(widths.begin(), widths.end(), 0L);
}

long parameter_server_values_per_round(long parameter_count) { return 2L * parameter_count; }

RingTmpModel ring_tmp(const RingTmpInput& in) {
  if (in.in_flight < 1) throw std::invalid_argument("ring_tmp: at least one batch in flight");
  const auto& widths = in.cut_widths;
  if (widths.empty()) throw std::invalid_argument("ring_tmp: no nodes");
  RingTmpModel m;
  long per_epoch = 0, samples_per_epoch = 0;
  double sequential = 0, bound = 0, compute = 0, communication = 0, node = 0, link = 0;
  std::vector<double> work, fill, drain;  // per resource, over an epoch
  // completed[i]: when batch i of an epoch is back, if only the batches in flight held it up: it
  // enters once batch i - K is back, and follows batch i - 1 by at least the longest step.
  std::vector<double> completed;
  for (const auto& group : in.epoch) {
    if (group.count == 0) continue;
    const auto t = batch_times(in, group, widths);
    for (long i = 0; i < group.count; ++i) {
      const auto n = static_cast<long>(completed.size());
      const double previous = n > 0 ? completed[n - 1] : 0.0;
      const double returned = n >= in.in_flight ? completed[n - in.in_flight] : 0.0;
      completed.push_back(std::max(previous + t.longest_step, returned + t.latency()));
    }
    if (work.empty()) {
      work.assign(t.busy.size(), 0.0);
      fill = t.fill;
    }
    for (std::size_t r = 0; r < work.size(); ++r) work[r] += group.count * t.busy[r];
    drain = t.drain;
    per_epoch += group.count;
    samples_per_epoch += group.count * group.samples;
    sequential += group.count * t.latency();
    bound += group.count * t.stage();
    compute += group.count * t.compute;
    communication += group.count * t.communication;
    node += group.count * t.slowest_node();
    link += group.count * t.busiest_link();
  }
  // Each stage does its work for every batch of the epoch, after the first batch has reached it
  // and before the last one has come back.
  double pipelined = completed.empty() ? 0.0 : completed.back();
  for (std::size_t r = 0; r < work.size(); ++r) pipelined = std::max(pipelined, fill[r] + work[r] + drain[r]);

  m.batches = in.epochs * per_epoch;
  m.sequential_s = in.epochs * sequential;
  m.pipeline_bound_s = in.epochs * bound;
  m.pipelined_s = in.epochs * pipelined;
  if (per_epoch > 0) {
    m.compute_s = compute / per_epoch;
    m.communication_s = communication / per_epoch;
    m.slowest_node_s = node / per_epoch;
    m.busiest_link_s = link / per_epoch;
  }
  m.ring_tmp_values_per_epoch = samples_per_epoch * ring_tmp_values_per_sample(in.cut_widths);
  m.parameter_server_values_per_epoch = per_epoch * parameter_server_values_per_round(in.parameter_count);

  m.scheduled_s = scheduled_time(in);

  auto& p = m.prediction;
  p.time_s = m.scheduled_s;
  p.formula =
      "each node takes the messages sent to it in the order they arrived (at one instant, the predecessor's first), once free, and computes "
      "forward, loss or backward at its host's speed of the moment x the batch's straggle factor; the master "
      "injects while fewer than K batches are in the ring and drains it each epoch; messages share their routes' "
      "links (max-min). Reference closed forms: no pipelining (eq. 2): T = I (c + T_A); pipelined (eq. 3): "
      "T = I max(c, T_A) with c and T_A of the slowest stage P (busiest link, slowest node), plus one fill and drain per epoch: an epoch of B batches takes the "
      "largest of fill_r + B P_r + drain_r over the stages r and, with K in flight, C_B where batch i is back at "
      "C_i = max(C_{i-1} + longest step, C_{i-K} + c + T_A); values per epoch: RingTMP g = 2m per cut per sample, "
      "parameter server f = m(n+1) per layer each way per batch";
  const double ratio = m.ring_tmp_values_per_epoch > 0 ? static_cast<double>(m.parameter_server_values_per_epoch) /
                                                             static_cast<double>(m.ring_tmp_values_per_epoch)
                                                       : 0.0;
  p.values = fmt::format(
      "N = {}, K = {}, I = {}, T_A = {:.6g} s, c = {:.6g} s, slowest node {:.6g} s, busiest link {:.6g} s per batch; "
      "I (c + T_A) = {:.6g} s, I max(c, T_A) = {:.6g} s, pipelined bound T = {:.6g} s; schedule T = {:.6g} s; "
      "values per epoch: RingTMP {}, "
      "parameter server {} ({:.4g} times RingTMP)",
      in.node_speeds.size(), in.in_flight, m.batches, m.compute_s, m.communication_s, m.slowest_node_s,
      m.busiest_link_s, m.sequential_s, m.pipeline_bound_s, m.pipelined_s, m.scheduled_s, m.ring_tmp_values_per_epoch,
      m.parameter_server_values_per_epoch, ratio);
  return m;
}

}  // namespace ssim::models
