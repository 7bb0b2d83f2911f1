// Downpour SGD as Dean et al. (2012) describe it, the asynchronous scheme seed 001 builds on. Each
// worker owns a shard of the training set and loops over it at its own pace: every fetch_every
// steps it fetches the server's parameters, each step it trains its replica on a mini-batch and
// accumulates the gradient, and every push_every steps it pushes what it accumulated without
// waiting. The server applies each push as it arrives and answers fetches, in the order they
// arrive over the workers' connections; it never waits for a worker, so a slow or dead worker
// holds back only itself. The staleness of every push is recorded.
#include "cluster/outbox.hpp"
#include "data/batches.hpp"
#include "models/downpour_async.hpp"
#include "nn/flops.hpp"
#include "schemes/actors.hpp"
#include "schemes/connections.hpp"
#include "schemes/downpour_blocks.hpp"
#include "schemes/staleness.hpp"
#include "schemes/downpour_async_options.hpp"
#include "schemes/training.hpp"
#include <memory>
#include <utility>

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

struct ToServer {
  enum class Kind { fetch, push, done } kind;
  int worker;
  nn::Vector gradient;   // push: summed over the steps since the previous push
  long fetched_version;  // push: the server version its worker last fetched
  long samples;          // push: samples behind the gradient
  float loss;            // push: mean training loss of those steps
  double wire_bytes;
};

struct Parameters {  // the answer to a fetch
  long version;
  nn::Vector parameters;
  double wire_bytes;
};

struct Server {  // what the server and the run have in common
  nn::Network model;
  std::unique_ptr<nn::Optimizer> optimizer;
  EpochLog log;
  StalenessLog staleness;
  std::vector<long> epoch_ends;  // the push counts at which a pass over the data is complete
  long version = 0;              // pushes applied
  long fetches = 0;
  long samples = 0;
  double finished_at = 0;               // the last push applied, or the last worker done
  std::vector<double> worker_finished;  // < 0: never finished

  // Applies a push as it is, however stale, and evaluates when a pass over the data is complete.
  void apply(const ToServer& push) {
    staleness.record(push.worker, version - push.fetched_version);
    optimizer->step(model.parameters(), push.gradient);
    ++version;
    samples += push.samples;
    const int pass = log.epochs_ended() + 1;
    log.add_loss(pass, push.loss);
    finished_at = sg4::Engine::get_clock();
    if (pass <= static_cast<int>(epoch_ends.size()) && version == epoch_ends[pass - 1]) log.end_epoch(pass, model);
  }
};

// A fetch request or a "done" carries only its worker's id. Not 0 bytes: SimGrid delivers an empty
// message that is already waiting at a busy receiver without its latency.
constexpr double kRequestBytes = 4;

// A worker's own work in a step besides forward and backward: the local SGD step of its replica
// and adding the gradient to what it will push.
double local_flops(Eigen::Index parameters) {
  return nn::sgd_step_flops(parameters, false) + static_cast<double>(parameters);
}

cluster::RoleLayout downpour_async_layout(const scenario::Scenario& s) {
  return cluster::server_workers_layout(s.scheme.workers);
}

// The push counts after which a pass over the data is complete.
std::vector<long> pass_ends(long total_pushes, int passes) {
  std::vector<long> ends;
  for (int p = 1; p <= passes; ++p) ends.push_back((total_pushes * p + passes - 1) / passes);
  return ends;
}

// Worker w's connection to the server.
sg4::Mailbox* connection(const Actors& actors, int w) { return actors.connection(0, actors.worker_role(w)); }

// Takes the workers' messages in the order they arrive (schemes/connections.hpp).
void server(cluster::Cluster& cluster, const Actors& actors, Server& s, const RunInputs& in, double silence) {
  const double bytes = static_cast<double>(s.model.parameter_count()) * in.scenario.scheme.bytes_per_value;
  std::vector<sg4::Mailbox*> inboxes;
  for (int w = 0; w < in.scenario.scheme.workers; ++w) inboxes.push_back(connection(actors, w));
  Connections<ToServer> connections(cluster, inboxes);
  for (int working = in.scenario.scheme.workers; working > 0;) {
    auto received = connections.receive(sg4::Engine::get_clock() + silence);
    if (!received) break;  // silence: whoever has not said done is presumed dead
    const auto& message = received->body;
    switch (message->kind) {
      case ToServer::Kind::fetch:
        ++s.fetches;
        cluster.post(actors.worker_inbox(message->worker),
                     std::make_unique<Parameters>(Parameters{s.version, s.model.parameters(), bytes}));
        break;
      case ToServer::Kind::push:
        cluster.compute(s.optimizer->step_flops(s.model.parameter_count()));
        s.apply(*message);
        break;
      case ToServer::Kind::done:
        --working;
        s.finished_at = sg4::Engine::get_clock();
        break;
    }
  }
  connections.close();
}

// The server's parameters and version, or nullptr when it does not answer in time.
std::unique_ptr<Parameters> fetch(cluster::Cluster& cluster, const Actors& actors, int w, double timeout) {
  cluster.post(connection(actors, w),
               std::make_unique<ToServer>(ToServer{ToServer::Kind::fetch, w, {}, 0, 0, 0, kRequestBytes}));
  return cluster.receive<Parameters>(actors.worker_inbox(w), sg4::Engine::get_clock() + timeout);
}

// The gradients summed since the last push, and what they were computed on.
struct Accumulated {
  nn::Vector gradient;
  long samples = 0;
  double loss_sum = 0;
  long steps = 0;
};

// Sends without waiting, except that a push followed by a fetch or by the worker's last word is
// delivered first: one ordered connection per worker, so nothing overtakes it. False when the
// server could not be reached.
bool push(cluster::Cluster& cluster, const Actors& actors, int w, Accumulated sum, long fetched_version, double bytes,
          bool followed, double timeout) {
  auto message = std::make_unique<ToServer>(ToServer{ToServer::Kind::push, w, std::move(sum.gradient), fetched_version,
                                                     sum.samples, static_cast<float>(sum.loss_sum / sum.steps), bytes});
  auto* server = connection(actors, w);
  if (!followed) {
    cluster.post(server, std::move(message));
    return true;
  }
  cluster::Outbox<ToServer> delivery(cluster);
  delivery.post(server, std::move(message));
  return delivery.deliver(sg4::Engine::get_clock() + timeout) == 1;
}

// Every step of every pass over the shard; false when the server stopped answering.
bool train_passes(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, int w, ShardBatches& batches,
                  double timeout) {
  const auto& scheme = in.scenario.scheme;
  const auto& options = scheme.options_as<DownpourAsyncOptions>();
  nn::Network replica(network_spec(in.scenario));
  replica.reseed_dropout(std::uint64_t(w));  // each worker its own dropout masks
  const Eigen::Index parameters = replica.parameter_count();
  const double bytes = static_cast<double>(parameters) * scheme.bytes_per_value;
  const auto learning_rate = static_cast<float>(scheme.optimizer.learning_rate);
  const long steps = scheme.epochs * batches.steps_per_pass();
  Accumulated sum{.gradient = nn::Vector::Zero(parameters)};
  long fetched_version = 0;
  for (long step = 0; step < steps; ++step) {
    if (step % options.fetch_every == 0) {
      auto reply = fetch(cluster, actors, w, timeout);
      if (!reply) return false;
      replica.parameters() = reply->parameters;
      fetched_version = reply->version;
    }
    const auto& batch = batches.batch(step);
    cluster.compute(replica.train_step_flops(static_cast<Eigen::Index>(batch.size())) + local_flops(parameters),
                    cluster.straggle_factor(w, step));
    const float loss = replica.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
    check_finite_loss(loss, static_cast<int>(step / batches.steps_per_pass()) + 1, step + 1);
    sum.loss_sum += loss;
    replica.parameters() -= learning_rate * replica.gradients();  // the local replica moves on meanwhile
    sum.gradient += replica.gradients();
    sum.samples += static_cast<long>(batch.size());
    ++sum.steps;
    if (!models::pushes_after(step, steps, options.push_every)) continue;
    const bool followed = step + 1 == steps || (step + 1) % options.fetch_every == 0;
    if (!push(cluster, actors, w, std::exchange(sum, Accumulated{.gradient = nn::Vector::Zero(parameters)}), fetched_version,
              bytes, followed, timeout))
      return false;
  }
  return true;
}

void worker(cluster::Cluster& cluster, const Actors& actors, Server& s, const RunInputs& in, int w,
            ShardBatches batches, double timeout) {
  auto* inbox = actors.open_inbox(actors.worker_role(w));
  if (train_passes(cluster, actors, in, w, batches, timeout)) {
    cluster.post(connection(actors, w),
                 std::make_unique<ToServer>(ToServer{ToServer::Kind::done, w, {}, 0, 0, 0, kRequestBytes}));
    s.worker_finished[w] = sg4::Engine::get_clock();
  }
  cluster.close(inbox);
}

models::DownpourAsyncInput model_input(const RunInputs& in, cluster::Cluster& cluster, const nn::Network& network,
                                       const nn::Optimizer& optimizer, const std::vector<data::Indices>& shards) {
  const auto& scheme = in.scenario.scheme;
  const Eigen::Index parameters = network.parameter_count();
  std::vector<std::pair<sg4::Host*, sg4::Host*>> routes;  // worker w -> server, server -> worker w
  models::DownpourAsyncInput model;
  for (int w = 0; w < scheme.workers; ++w) {
    const auto samples = static_cast<Eigen::Index>(shards[w].size());
    const Eigen::Index per_pass = data::batches_per_epoch(samples, scheme.batch_size);
    model.steps.push_back(scheme.epochs * per_pass);
    std::vector<double> pass;
    for (Eigen::Index b = 0; b < per_pass; ++b)
      pass.push_back(network.train_step_flops(data::batch_size_at(samples, scheme.batch_size, b)) +
                     local_flops(parameters));
    model.pass_flops.push_back(std::move(pass));
    model.samples.push_back(static_cast<double>(scheme.epochs * samples));
    model.worker_speeds.push_back(cluster.speed_timeline(1 + w));
    routes.emplace_back(cluster.worker_host(w), cluster.host(0));
    routes.emplace_back(cluster.host(0), cluster.worker_host(w));
  }
  model.straggle_factor = [&cluster](int w, long step) { return cluster.straggle_factor(w, step); };
  model.fetch_every = scheme.options_as<DownpourAsyncOptions>().fetch_every;
  model.push_every = scheme.options_as<DownpourAsyncOptions>().push_every;
  model.parameter_bytes = static_cast<double>(parameters) * scheme.bytes_per_value;
  model.request_bytes = kRequestBytes;
  model.routes = cluster.routes(routes);
  model.server_speed = cluster.speed_timeline(0);
  model.push_flops = optimizer.step_flops(parameters);
  return model;
}

// Long enough that a healthy worker always speaks within it: ten times the longest stretch between
// two of its messages, with every step slowed as much as random straggling can.
double silence_timeout(const cluster::Cluster& cluster, const models::DownpourAsyncInput& model,
                       const models::DownpourAsyncPrediction& predicted) {
  double longest_step = 0, slowdown = 1;
  for (std::size_t w = 0; w < model.steps.size(); ++w) {
    if (model.steps[w] > 0)
      longest_step = std::max(longest_step, predicted.worker_time[w] / static_cast<double>(model.steps[w]));
    slowdown = std::max(slowdown, cluster.random_straggling().slowdown(static_cast<int>(w)));
  }
  // In double: ten times a fetch_every or push_every above 2^31 / 10 overflows an int.
  return 10.0 * std::max(model.fetch_every, model.push_every) * longest_step * slowdown;
}

RunResult run_downpour_async(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& scheme = in.scenario.scheme;
  nn::Network network(network_spec(in.scenario));
  auto optimizer = make_optimizer(in.scenario, network.parameter_count());
  const auto shards = split_for_epoch(in.scenario, in.train, 0);
  const auto model = model_input(in, cluster, network, *optimizer, shards);
  const auto predicted = models::downpour_async(model);
  const double timeout = silence_timeout(cluster, model, predicted);
  long total_pushes = 0;
  for (long steps : model.steps) total_pushes += (steps + model.push_every - 1) / model.push_every;
  Server s{.model = std::move(network),
           .optimizer = std::move(optimizer),
           .log = EpochLog(in.test),
           .staleness = StalenessLog(scheme.workers),
           .epoch_ends = pass_ends(total_pushes, scheme.epochs),
           .worker_finished = std::vector<double>(scheme.workers, -1.0)};

  const Actors actors(cluster, in.layout);
  actors.launch(0, [&] { server(cluster, actors, s, in, timeout); });
  actors.launch_workers([&](int w) {
    worker(cluster, actors, s, in, w, ShardBatches(shards[w], in.train.size(), in.scenario), timeout);
  });
  cluster.run();

  RunResult result;
  result.prediction = predicted.prediction;
  result.simulated_time_s = s.finished_at;
  result.training = s.log.record(s.model, s.version, s.version == total_pushes, result.simulated_time_s);
  result.counters = {
      {"pushes", s.version},
      {"fetches", s.fetches},
      {"silence_timeout_s", timeout},
      {"worker_finish_s", s.worker_finished},
      {"predicted_worker_finish_s", predicted.worker_time},
      {"throughput_samples_per_s", s.finished_at > 0 ? static_cast<double>(s.samples) / s.finished_at : 0.0},
      {"predicted_throughput_samples_per_s", predicted.throughput},
      {"staleness", s.staleness.summary()},
      {"predicted_staleness", {{"mean", predicted.mean_staleness}, {"per_worker_mean", predicted.staleness}}},
      {"paper_predicted_time_s", predicted.paper_time}};
  return result;
}

}  // namespace

extern const Scheme downpour_async_scheme{"downpour_async", downpour_async_layout, run_downpour_async,
                                          training_only};

}  // namespace ssim::schemes
