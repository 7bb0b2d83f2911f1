#include "schemes/serving.hpp"
#include "schemes/frontend_loop.hpp"
#include "common/splitmix.hpp"
#include "report/saved_model.hpp"
#include "models/serving.hpp"
#include "schemes/epoch_log.hpp"
#include "schemes/training.hpp"
#include <cmath>
#include <memory>
#include <set>

namespace ssim::schemes {

namespace sg4 = simgrid::s4u;

long request_count(const scenario::Serving& serving) { return (serving.queries + serving.batch - 1) / serving.batch; }

std::vector<double> request_arrivals(const scenario::Serving& serving, std::uint64_t seed) {
  const long requests = request_count(serving);
  std::vector<double> arrivals(static_cast<std::size_t>(requests), 0.0);
  double t = 0;
  for (long j = 0; j < requests; ++j) {
    using Arrivals = scenario::Serving::Arrivals;
    if (serving.arrivals == Arrivals::interval) {
      t = static_cast<double>(j) * serving.interval;
    } else if (serving.arrivals == Arrivals::poisson && j > 0) {  // the first at 0, as with intervals
      // Exponential gaps by inversion of a uniform in [0, 1) made of 53 hashed bits: the same
      // draws on every machine, unlike the standard library's distributions.
      const std::uint64_t bits = splitmix64(seed ^ splitmix64(0x5e7u + static_cast<std::uint64_t>(j)));
      const double uniform = static_cast<double>(bits >> 11) * 0x1.0p-53;
      t += -std::log1p(-uniform) / serving.rate;
    }
    arrivals[static_cast<std::size_t>(j)] = t;
  }
  return arrivals;
}

ServedModel served_model(const RunInputs& in, double frontend_speed) {
  const auto& scenario = in.scenario;
  ServedModel served{nn::Network(network_spec(scenario)), std::nullopt};
  nn::Network& network = served.network;
  if (!scenario.serving->model.empty()) {
    // Copied into the network's own buffer, which its layers are bound to (a moved-in vector
    // would replace that buffer).
    const nn::Vector saved = report::read_saved_model(scenario.serving->model, report::architecture(network.spec()));
    network.parameters() = saved;
    return served;
  }
  auto optimizer = make_optimizer(scenario, network.parameter_count());
  BatchStream batches(in.train, 1, 0, scenario);
  EpochLog log(in.test);
  const long rounds = batches.batches_per_epoch() * scenario.scheme.epochs;
  double time_s = 0;  // training's own clock: serving starts at 0
  for (long round = 0; round < rounds; ++round) {
    const int epoch = static_cast<int>(round / batches.batches_per_epoch()) + 1;
    const auto& batch = batches.batch(round);
    const auto size = static_cast<Eigen::Index>(batch.size());
    time_s += (network.train_step_flops(size) + optimizer->step_flops(network.parameter_count())) / frontend_speed;
    const float loss = network.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
    check_finite_loss(loss, epoch, round + 1);
    log.add_loss(epoch, loss);
    optimizer->step(network.parameters(), network.gradients());
    if ((round + 1) % batches.batches_per_epoch() == 0) log.end_epoch(epoch, network, time_s);
  }
  served.training = log.record(network, rounds, true, time_s);
  return served;
}

namespace {

// The frontend's view of one request.
struct RequestState {
  std::vector<int> waiting_on;  // workers sent the request that have not answered
  std::set<int> tried;
  double deadline = 0;
  bool done = false;
};

class Frontend {
 public:
  Frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, const nn::Network& model,
           const ServingPolicy& policy, double timeout, ServingOutcome& outcome)
      : cluster_(cluster),
        actors_(actors),
        serving_(*in.scenario.serving),
        policy_(policy),
        timeout_(timeout),
        outcome_(outcome),
        arrivals_(request_arrivals(serving_, in.scenario.seed)),
        states_(arrivals_.size()),
        outstanding_(static_cast<std::size_t>(in.scenario.scheme.workers), 0),
        alive_(static_cast<std::size_t>(in.scenario.scheme.workers), true),
        request_bytes_per_query_(static_cast<double>(in.train.feature_count()) * in.scenario.scheme.bytes_per_value),
        model_(model) {
    for (int w = 0; w < in.scenario.scheme.workers; ++w) to_worker_.push_back(actors.worker_inbox(w));
    outcome_.record.queries = query_records(in, arrivals_);
  }

  void run() {
    outcome_.finished_at = run_frontend(cluster_, actors_, arrivals_, deadlines_,
                                        {.arrive = [this](long request) { send(request); },
                                         .answer = [this](Answer&& answer) { return take(answer); },
                                         .expire = [this](long request) { return expire(request); }});
  }

 private:
  // Workers for a request not yet sent to those in `tried`: the policy's pick among the workers
  // believed alive, or among all if none is.
  std::vector<int> pick(long request, const std::set<int>& tried) const {
    const int workers = static_cast<int>(alive_.size());
    const bool any_alive = std::find(alive_.begin(), alive_.end(), true) != alive_.end();
    auto eligible = [&](int w) { return !tried.count(w) && (alive_[static_cast<std::size_t>(w)] || !any_alive); };
    std::vector<int> chosen;
    if (policy_.least_loaded) {
      int best = -1;
      for (int w = 0; w < workers; ++w)
        if (eligible(w) && (best < 0 || outstanding_[static_cast<std::size_t>(w)] < outstanding_[static_cast<std::size_t>(best)]))
          best = w;
      if (best >= 0) chosen.push_back(best);
      return chosen;
    }
    // Round robin: request j starts at worker (j * replicas) mod workers, so every worker gets the
    // same share of the load.
    const long start = request * policy_.replicas % workers;
    for (int i = 0; i < workers && static_cast<int>(chosen.size()) < policy_.replicas; ++i) {
      const int w = static_cast<int>((start + i) % workers);
      if (eligible(w)) chosen.push_back(w);
    }
    return chosen;
  }

  void send(long request) {
    auto& state = states_[static_cast<std::size_t>(request)];
    const std::vector<int> targets = pick(request, state.tried);
    if (targets.empty()) {  // every worker has been tried: the request cannot be answered
      state.done = true;
      outcome_.unanswered_queries += queries_of(serving_, request).count;
      return;
    }
    const double bytes = queries_of(serving_, request).count * request_bytes_per_query_;
    int queued_before = 0;
    for (int w : targets) {
      queued_before = std::max(queued_before, outstanding_[static_cast<std::size_t>(w)]);
      ++outstanding_[static_cast<std::size_t>(w)];
      state.tried.insert(w);
      state.waiting_on.push_back(w);
      cluster_.post(to_worker_[static_cast<std::size_t>(w)],
                    std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::request, request, bytes}));
    }
    // A worker is given a timeout for each request ahead of this one in its queue, as well as this one.
    state.deadline = sg4::Engine::get_clock() + timeout_ * (queued_before + 1);
    deadlines_.insert({state.deadline, request});
  }

  // Returns 1 when the answer completes its request.
  long take(const Answer& answer) {
    alive_[static_cast<std::size_t>(answer.worker)] = true;  // heard from: alive, whatever it was believed
    auto& state = states_[static_cast<std::size_t>(answer.request)];
    auto waiting = std::find(state.waiting_on.begin(), state.waiting_on.end(), answer.worker);
    if (waiting != state.waiting_on.end()) {
      state.waiting_on.erase(waiting);
      --outstanding_[static_cast<std::size_t>(answer.worker)];
    }
    if (state.done) {  // another replica answered first, or the request was given up
      ++outcome_.wasted_answers;
      outcome_.wasted_flops += model_.infer_flops(queries_of(serving_, answer.request).count);
      return 0;
    }
    state.done = true;
    deadlines_.erase({state.deadline, answer.request});
    const Queries q = queries_of(serving_, answer.request);
    for (int i = 0; i < q.count; ++i) {
      auto& query = outcome_.record.queries[static_cast<std::size_t>(q.first + i)];
      query.completion_s = sg4::Engine::get_clock();
      query.answers_used = 1;
      answer.outputs.col(i).maxCoeff(&query.predicted);
    }
    if (policy_.cancel_losers) {
      for (int w : state.waiting_on) {
        --outstanding_[static_cast<std::size_t>(w)];
        cluster_.post(to_worker_[static_cast<std::size_t>(w)],
                      std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::cancel, answer.request, kControlBytes}));
        ++outcome_.cancelled_requests;
      }
      state.waiting_on.clear();
    }
    return 1;
  }

  // The request's deadline passed in silence: its workers are presumed dead and it goes to others.
  // Returns 1 when no worker is left to try.
  long expire(long request) {
    auto& state = states_[static_cast<std::size_t>(request)];
    ++outcome_.timed_out_requests;
    for (int w : state.waiting_on) {
      alive_[static_cast<std::size_t>(w)] = false;
      --outstanding_[static_cast<std::size_t>(w)];
    }
    state.waiting_on.clear();
    send(request);
    if (state.done) return 1;
    ++outcome_.resent_requests;
    return 0;
  }

  cluster::Cluster& cluster_;
  const Actors& actors_;
  const scenario::Serving& serving_;
  ServingPolicy policy_;
  double timeout_;
  ServingOutcome& outcome_;
  std::vector<double> arrivals_;
  std::vector<RequestState> states_;
  std::vector<int> outstanding_;  // per worker: requests sent and not answered
  std::vector<bool> alive_;
  std::vector<sg4::Mailbox*> to_worker_;
  Deadlines deadlines_;  // of requests waiting for a first answer
  double request_bytes_per_query_;
  const nn::Network& model_;
};

}  // namespace

ServingOutcome serve(const RunInputs& in, cluster::Cluster& cluster, const nn::Network& model,
                     const ServingPolicy& policy, double request_timeout_s) {
  ServingOutcome outcome;
  outcome.request_timeout_s = request_timeout_s;
  const Actors actors(cluster, in.layout);
  Frontend frontend(cluster, actors, in, model, policy, request_timeout_s, outcome);
  actors.launch(kFrontend, [&] { frontend.run(); });
  const WorkerTask task{
      .flops = [&](int queries) { return model.infer_flops(queries); },
      .outputs = [&](Queries q) { return model.predict(in.test.features(Eigen::all, samples_of(q, in.test.size()))); }};
  actors.launch_workers([&](int w) { serve_requests(cluster, actors, in, w, task, outcome); });
  cluster.run();
  return outcome;
}

}  // namespace ssim::schemes

namespace ssim::schemes {

namespace {

// What one request costs, the same on every worker: the bytes each way and the inference flops.
struct RequestCosts {
  double request_bytes, answer_bytes, flops;
};

RequestCosts request_costs(const RunInputs& in, const nn::Network& model) {
  const auto& scheme = in.scenario.scheme;
  const int batch = in.scenario.serving->batch;
  return {.request_bytes = batch * static_cast<double>(in.train.feature_count()) * scheme.bytes_per_value,
          .answer_bytes = batch * static_cast<double>(model.output_size()) * scheme.bytes_per_value,
          .flops = model.infer_flops(batch)};
}

// The routes between the frontend and worker `w`, as the models see them.
struct WorkerRoutes {
  models::Flow there, back;
};

WorkerRoutes routes_of(cluster::Cluster& cluster, int w) {
  return {cluster.flows({{cluster.host(kFrontend), cluster.worker_host(w)}}).front(),
          cluster.flows({{cluster.worker_host(w), cluster.host(kFrontend)}}).front()};
}

}  // namespace

double default_request_timeout(const RunInputs& in, cluster::Cluster& cluster, const nn::Network& model) {
  const RequestCosts costs = request_costs(in, model);
  const double slowdown = std::max(1.0, cluster.random_straggling().uniform_slowdown());
  double slowest = 0;
  for (int w = 0; w < in.scenario.scheme.workers; ++w) {
    const auto [there, back] = routes_of(cluster, w);
    const double time = there.latency_s + costs.request_bytes / there.bandwidth +
                        costs.flops * slowdown / cluster.steady_speed(1 + w) + back.latency_s +
                        costs.answer_bytes / back.bandwidth;
    slowest = std::max(slowest, time);
  }
  return 10 * slowest;
}

RunParts serving_parts(const scenario::Scenario& scenario) {
  return {.training = scenario.serving->model.empty(), .serving = true};
}

namespace {

// The closed form's view of this cluster: each worker's unqueued request time, send, compute and
// answer, for a full request (the model counts requests as its queries).
models::ServingPrediction latency_model(const RunInputs& in, cluster::Cluster& cluster, const ServingPolicy& policy,
                                        const nn::Network& model) {
  const RequestCosts costs = request_costs(in, model);
  models::ServingInput input;
  for (int w = 0; w < in.scenario.scheme.workers; ++w) {
    const auto [there, back] = routes_of(cluster, w);
    // The r copies of a request leave the frontend together and share its link.
    input.workers.push_back({.dispatch_s = there.latency_s + policy.replicas * costs.request_bytes / there.bandwidth,
                             .compute_s = costs.flops / cluster.steady_speed(1 + w),
                             .return_s = back.latency_s + costs.answer_bytes / back.bandwidth,
                             .straggle_probability = cluster.random_straggling().probability(w),
                             .straggle_slowdown = cluster.random_straggling().slowdown(w)});
  }
  input.replicas = policy.replicas;
  set_stream(input, *in.scenario.serving);
  return models::serving(input);
}

}  // namespace

RunResult serving_result(const RunInputs& in, cluster::Cluster& cluster, const ServingPolicy& policy,
                         ServedModel&& served, ServingOutcome&& outcome) {
  const long resent = outcome.resent_requests, unanswered = outcome.unanswered_queries;
  RunResult result = served_run_result(std::move(outcome), latency_model(in, cluster, policy, served.network),
                                       std::move(served.training));
  result.counters["resent_requests"] = resent;
  result.counters["unanswered_queries"] = unanswered;
  return result;
}

RunResult served_run_result(ServingOutcome&& outcome, const models::ServingPrediction& model,
                            std::optional<TrainingRecord>&& training) {
  RunResult result;
  result.simulated_time_s = outcome.finished_at;
  result.prediction = model.run;
  result.counters = {{"wasted_answers", outcome.wasted_answers},
                     {"wasted_flops", outcome.wasted_flops},
                     {"cancelled_requests", outcome.cancelled_requests},
                     {"timed_out_requests", outcome.timed_out_requests},
                     {"silence_timeout_s", outcome.request_timeout_s}};
  result.training = std::move(training);
  outcome.record.latency_model = model.latency;
  result.serving = std::move(outcome.record);
  return result;
}

}  // namespace ssim::schemes
