// Synchronous parameter server (seeds 003 and 004). Each round every worker computes a gradient
// on its own mini-batch and sends it; the server averages the first `wait_for` gradients of the
// round (later ones are dropped and counted), updates, and sends the parameters back.
// A worker that misses the round timeout is presumed dead until it is heard from again.
#include "cluster/fan_in.hpp"
#include "cluster/fan_out.hpp"
#include "common/scope_exit.hpp"
#include "models/parameter_server.hpp"
#include "schemes/actors.hpp"
#include "schemes/gather.hpp"
#include "schemes/ps_sync_options.hpp"
#include "schemes/training.hpp"
#include <map>
#include <memory>
#include <optional>

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

struct Message {
  long round;  // gradient: the round it was computed for; parameters: the round they start
  int worker;
  std::shared_ptr<const nn::Vector> tensor;  // none in timing mode, which sends sizes only
  float loss;
  double wire_bytes;
};

struct Model {  // the server's model, and the weights every worker starts from, when the run computes
  nn::Network model;
  nn::Network initial;
  Shards shards;
  std::unique_ptr<nn::Optimizer> optimizer;
};

struct Shared {  // what the server, the workers and the run have in common
  TrainingCosts costs;
  BatchSizes sizes;          // every worker's
  std::optional<Model> real;  // none in timing mode
  EpochLog log;
  long rounds_done = 0;
  long stale_messages = 0;
  long timed_out_rounds = 0;
  double finished_at = 0;  // when the server stopped: the final parameters delivered, or it failed

  std::shared_ptr<const nn::Vector> parameters() const {
    return real ? std::make_shared<const nn::Vector>(real->model.parameters()) : nullptr;
  }
};

cluster::RoleLayout ps_layout(const scenario::Scenario& s) { return cluster::server_workers_layout(s.scheme.workers); }

// The server's channels: the gradients of every worker in, the parameters out to every worker.
struct ServerLinks {
  cluster::FanIn<Message> gradients;
  cluster::FanOut<Message> parameters;
};

void server(cluster::Cluster& cluster, const Actors& actors, Shared& shared, ServerLinks& links, const RunInputs& in,
            double timeout) {
  const auto& scheme = in.scenario.scheme;
  const int workers = scheme.workers;
  const long rounds_per_epoch = shared.sizes.per_epoch();
  const long rounds = rounds_per_epoch * scheme.epochs;
  const double bytes = shared.costs.parameter_bytes();
  const ScopeExit stamp([&shared] { shared.finished_at = sg4::Engine::get_clock(); });  // also when the server fails
  links.gradients.open();
  auto send_parameters = [&](int w, long round, const std::shared_ptr<const nn::Vector>& parameters) {
    cluster.post(actors.worker_inbox(w), std::make_unique<Message>(Message{round, w, parameters, 0, bytes}));
  };
  Gather<Message> gather([&links](double deadline) { return links.gradients.receive(deadline); }, workers,
                         {.wait_for = scheme.options_as<PsSyncOptions>().wait_for, .on_timeout = OnTimeout::keep_answered, .timeout_s = timeout});
  const ScopeExit count([&] {
    shared.stale_messages = gather.stale_messages();
    shared.timed_out_rounds = gather.timed_out_rounds();
  });
  const auto& alive = gather.alive();

  nn::Vector sum(shared.real ? shared.costs.parameters() : 0);
  for (long round = 0; round < rounds && !alive.empty(); ++round) {
    const int epoch = static_cast<int>(round / rounds_per_epoch) + 1;
    // A worker back from the dead is brought up to date.
    const auto answers = gather.collect(round, [&](int w) { send_parameters(w, round, shared.parameters()); });
    std::map<int, const nn::Vector*> heard;  // by worker: summed in worker order below
    for (const auto& answer : answers) {
      heard[answer->worker] = answer->tensor.get();
      if (shared.real) shared.log.add_loss(epoch, answer->loss);
    }
    if (heard.empty()) break;
    const auto count = static_cast<double>(heard.size());
    cluster.compute((count + 1) * shared.costs.parameters() + shared.costs.optimizer_step_flops());
    if (shared.real) {
      // Summing in worker order makes the average independent of arrival order, so the network
      // model changes the time of a run but not its numbers.
      sum.setZero();
      for (const auto& entry : heard) sum += *entry.second;
      sum *= static_cast<float>(1.0 / count);
      shared.real->optimizer->step(shared.real->model.parameters(), sum);
    }
    shared.rounds_done = round + 1;

    auto parameters = [parameters = shared.parameters(), next = round + 1, bytes](int w) {
      return std::make_unique<Message>(Message{next, w, parameters, 0, bytes});
    };
    if (round + 1 < rounds) links.parameters.send(alive, parameters);
    else  // training ends when the final parameters have reached the workers
      links.parameters.deliver(alive, parameters, sg4::Engine::get_clock() + timeout);
    if ((round + 1) % rounds_per_epoch != 0) continue;
    if (shared.real) shared.log.end_epoch(epoch, shared.real->model);
    else shared.log.end_timed_epoch(epoch);
  }
  links.parameters.stop();
  links.gradients.close();
}

// A worker's replica and its batches, when the run computes. The network is shared with the
// gradients it sent, which the server reads in place: the worker computes new ones only once it has
// the parameters the server made of them, and a worker that fails leaves them readable.
struct Replica {
  std::shared_ptr<nn::Network> network;
  BatchStream batches;
};

void worker(cluster::Cluster& cluster, const Actors& actors, const Shared& shared, ServerLinks& links,
            const RunInputs& in, int w, double timeout) {
  const auto& scenario = in.scenario;
  std::optional<Replica> replica;  // none in timing mode
  if (shared.real) {
    replica.emplace(std::make_shared<nn::Network>(shared.real->initial), BatchStream(shared.real->shards, w, scenario));
    replica->network->reseed_dropout(std::uint64_t(w));  // its own dropout masks
  }
  auto* inbox = actors.open_inbox(actors.worker_role(w));
  cluster::Outbox<Message> outbox(cluster);
  const long rounds = shared.sizes.per_epoch() * scenario.scheme.epochs;
  long round = 0;
  while (round < rounds) {
    cluster.compute(shared.costs.train_step_flops(shared.sizes.of_round(round)), cluster.straggle_factor(w, round));
    std::shared_ptr<const nn::Vector> gradient;
    float loss = 0;
    if (replica) {
      const auto& batch = replica->batches.batch(round);
      loss = replica->network->compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
      check_finite_loss(loss, static_cast<int>(round / shared.sizes.per_epoch()) + 1, round + 1);
      gradient = std::shared_ptr<const nn::Vector>(replica->network, &replica->network->gradients());
    }
    links.gradients.post(outbox, w,
                         std::make_unique<Message>(Message{round, w, std::move(gradient), loss, shared.costs.parameter_bytes()}));
    // Wait for newer parameters; a lagging worker skips to the newest.
    auto message = cluster.receive_newest<Message>(inbox, sg4::Engine::get_clock() + 4 * timeout);
    if (!message) break;  // the server is gone, or has given up on this worker
    if (replica) replica->network->parameters() = *message->tensor;
    round = message->round;
  }
  cluster.close(inbox);
  outbox.flush();
}

models::Prediction predict(const RunInputs& in, cluster::Cluster& cluster, const Shared& shared) {
  const auto& scenario = in.scenario;
  const int workers = scenario.scheme.workers;
  std::vector<std::pair<sg4::Host*, sg4::Host*>> up, down;
  for (int w = 0; w < workers; ++w) {
    up.emplace_back(cluster.worker_host(w), cluster.host(0));
    down.emplace_back(cluster.host(0), cluster.worker_host(w));
  }
  models::ParameterServerInput model;
  const long rounds = shared.sizes.per_epoch() * scenario.scheme.epochs;
  for (long r = 0; r < rounds; ++r) model.round_flops.push_back(shared.costs.train_step_flops(shared.sizes.of_round(r)));
  for (int w = 0; w < workers; ++w) model.worker_speeds.push_back(cluster.speed_timeline(1 + w));
  model.straggle_factor = [&cluster](int w, long r) { return cluster.straggle_factor(w, r); };
  model.wait_for = scenario.scheme.options_as<PsSyncOptions>().wait_for;
  model.server_speed = cluster.speed_timeline(0);
  model.server_flops = [&shared](int gradients) {
    return (gradients + 1.0) * double(shared.costs.parameters()) + shared.costs.optimizer_step_flops();
  };
  model.message_bytes = shared.costs.parameter_bytes();
  model.gather = cluster.flows(up);
  model.broadcast = cluster.flows(down);
  return models::parameter_server(model);
}

RunResult run_ps_sync(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& scenario = in.scenario;
  const int workers = scenario.scheme.workers;
  Shared shared{.costs = TrainingCosts(scenario),
                .sizes = BatchSizes(in.train_samples, workers, scenario),
                .real = std::nullopt,
                .log = EpochLog(in.test)};
  if (computes(scenario)) {
    nn::Network network(network_spec(scenario));
    shared.real.emplace(network, std::move(network), worker_shards(in.train, workers, scenario),
                        make_optimizer(scenario, shared.costs.parameters()));
  }
  const long rounds = shared.sizes.per_epoch() * scenario.scheme.epochs;
  RunResult result;
  result.prediction = predict(in, cluster, shared);  // of a fault-free run: the default round timeout comes from it
  const double timeout = silence_timeout(scenario.scheme.options_as<PsSyncOptions>().round_timeout, result.prediction.time_s,
                                         rounds);

  const Actors actors(cluster, in.layout);
  std::vector<sg4::Mailbox*> worker_inboxes;
  for (int w = 0; w < workers; ++w) worker_inboxes.push_back(actors.worker_inbox(w));
  ServerLinks links{.gradients = cluster::FanIn<Message>(cluster, actors.name(0), workers),
                    .parameters = cluster::FanOut<Message>(cluster, cluster.host(0), actors.name(0), std::move(worker_inboxes))};
  actors.launch(0, [&] { server(cluster, actors, shared, links, in, timeout); });
  actors.launch_workers([&](int w) { worker(cluster, actors, shared, links, in, w, timeout); });
  cluster.run();
  result.simulated_time_s = shared.finished_at;
  const bool completed = shared.rounds_done == rounds;
  result.training = shared.real ? shared.log.record(shared.real->model, shared.rounds_done, completed, result.simulated_time_s)
                                : shared.log.timed_record(shared.rounds_done, completed, result.simulated_time_s);
  result.counters = {{"stale_messages", shared.stale_messages},
                     {"timed_out_rounds", shared.timed_out_rounds},
                     {"silence_timeout_s", timeout}};
  return result;
}

}  // namespace

extern const Scheme ps_sync_scheme{"ps_sync", ps_layout, run_ps_sync, training_only};

}  // namespace ssim::schemes
