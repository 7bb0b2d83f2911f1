// Downpour SGD as seed 001 runs it (Algorithms 1 and 2). Each epoch the manager splits the training
// set into one block per worker and sends every worker its block and the model; each worker trains
// its copy for one pass over its block and returns its parameter update and training loss; the
// manager aggregates the updates (average or loss-weighted) into its model. A worker that misses
// the epoch's timeout is left behind until it is heard from again.
#include "common/scope_exit.hpp"
#include "data/batches.hpp"
#include "models/downpour.hpp"
#include "schemes/actors.hpp"
#include "schemes/downpour_aggregation.hpp"
#include "schemes/downpour_blocks.hpp"
#include "schemes/gather.hpp"
#include "schemes/downpour_options.hpp"
#include "schemes/training.hpp"
#include <map>
#include <memory>

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

struct Job {  // manager -> worker: Algorithm 1, line 5
  int epoch;
  data::Indices block;  // shipped as data, the samples are charged on the wire and read here by index
  std::shared_ptr<const nn::Vector> model;
  double wire_bytes;
};

struct Update {  // worker -> manager: Algorithm 2, line 3
  long round;  // the epoch of its job
  int worker;
  nn::Vector update;
  float loss;
  double wire_bytes;
};

struct Manager {  // what the manager and the run have in common
  nn::Network model;
  EpochLog log;
  int epochs_done = 0;
  long stale_messages = 0;
  long timed_out_rounds = 0;  // epochs that ended at their deadline
  double finished_at = 0;  // when the manager stopped: done, given up on silent workers, or failed
  nlohmann::json weights = nlohmann::json::array();  // per epoch, the weight of each update
};

constexpr double kIndexBytes = 4, kLabelBytes = 4;

cluster::RoleLayout downpour_layout(const scenario::Scenario& s) {
  return cluster::server_workers_layout(s.scheme.workers);
}

// With the shared directory of seed 001 (section IV) a block travels as indices; otherwise as
// its samples, features and label. The model travels with it either way.
double job_bytes(const scenario::Scheme& scheme, std::size_t block, Eigen::Index features, Eigen::Index parameters) {
  const double per_sample = scheme.options_as<DownpourOptions>().ship == DownpourOptions::Ship::indices
                                ? kIndexBytes
                                : static_cast<double>(features) * scheme.bytes_per_value + kLabelBytes;
  return static_cast<double>(block) * per_sample + static_cast<double>(parameters) * scheme.bytes_per_value;
}

// By worker: aggregating in worker order makes the result independent of arrival order, so the
// network model changes the time of a run but not its numbers.
using Updates = std::map<int, std::unique_ptr<Update>>;

Updates by_worker(std::vector<std::unique_ptr<Update>> answers) {
  Updates updates;
  for (auto& u : answers) {
    const int w = u->worker;
    updates[w] = std::move(u);
  }
  return updates;
}

std::unique_ptr<Job> job_for(const RunInputs& in, int epoch, data::Indices block,
                             std::shared_ptr<const nn::Vector> model) {
  const double bytes = job_bytes(in.scenario.scheme, block.size(), in.train.feature_count(), model->size());
  return std::make_unique<Job>(Job{epoch, std::move(block), std::move(model), bytes});
}

nn::Vector aggregate(const Updates& updates, DownpourOptions::Aggregation aggregation, Manager& m) {
  std::vector<const nn::Vector*> tensors;
  std::vector<float> losses;
  for (const auto& [w, u] : updates) {
    tensors.push_back(&u->update);
    losses.push_back(u->loss);
  }
  const auto weights = aggregation_weights(aggregation, losses);
  m.weights.push_back(weights);
  return combine(tensors, weights);
}

// Algorithm 1: split (line 3), send each worker its block and the model (4-5), gather the updates (6),
// aggregate them into the model (7-9).
void manager(cluster::Cluster& cluster, const Actors& actors, Manager& m, const RunInputs& in, double timeout) {
  const auto& scheme = in.scenario.scheme;
  const ScopeExit stamp([&m] { m.finished_at = sg4::Engine::get_clock(); });  // also when the manager fails
  auto* inbox = actors.open_inbox(0);
  // Every worker alive is waited for; one that missed the timeout is left behind, and a late update
  // of an earlier epoch, dropped, brings its worker back for the next epoch.
  Gather<Update> gather(cluster, inbox, scheme.workers, {.on_timeout = OnTimeout::drop_silent, .timeout_s = timeout});
  const ScopeExit count([&] {
    m.stale_messages = gather.stale_messages();
    m.timed_out_rounds = gather.timed_out_rounds();
  });
  const auto& alive = gather.alive();
  for (int epoch = 0; epoch < scheme.epochs && !alive.empty(); ++epoch) {
    const auto blocks = split_for_epoch(in.scenario, in.train, epoch);
    const auto model = std::make_shared<const nn::Vector>(m.model.parameters());
    for (int w : alive) cluster.post(actors.worker_inbox(w), job_for(in, epoch, blocks[w], model));
    const auto updates = by_worker(gather.collect(epoch));
    if (updates.empty()) break;
    cluster.compute(aggregation_flops(static_cast<int>(updates.size()), model->size()));
    m.model.parameters() += aggregate(updates, scheme.options_as<DownpourOptions>().aggregation, m);
    m.epochs_done = epoch + 1;
    for (const auto& [w, u] : updates) m.log.add_loss(epoch + 1, u->loss);
    m.log.end_epoch(epoch + 1, m.model);
  }
  cluster.close(inbox);
}

// Algorithm 2, lines 1-2: one pass over the block in mini-batches, with a fresh optimizer.
float train_one_pass(cluster::Cluster& cluster, const RunInputs& in, nn::Network& replica, const data::Indices& block,
                     int w, int epoch, long& step) {
  auto optimizer = make_optimizer(in.scenario, replica.parameter_count());
  const auto batches = data::consecutive_batches(block, in.scenario.scheme.batch_size);
  double loss_sum = 0;
  for (const auto& batch : batches) {
    cluster.compute(replica.train_step_flops(static_cast<Eigen::Index>(batch.size())) +
                        optimizer->step_flops(replica.parameter_count()),
                    cluster.straggle_factor(w, step++));
    const float loss = replica.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
    check_finite_loss(loss, epoch + 1, step);
    loss_sum += loss;
    optimizer->step(replica.parameters(), replica.gradients());
  }
  return batches.empty() ? 0.0f : static_cast<float>(loss_sum / static_cast<double>(batches.size()));
}

// Algorithm 2, once per job; a worker left without a job for `patience` is no longer needed.
void worker(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, int w, double patience) {
  const auto& scheme = in.scenario.scheme;
  nn::Network replica(network_spec(in.scenario));
  replica.reseed_dropout(std::uint64_t(w));  // each worker its own dropout masks
  auto* inbox = actors.open_inbox(actors.worker_role(w));
  auto* manager_inbox = actors.inbox(0);
  const double bytes = static_cast<double>(replica.parameter_count()) * scheme.bytes_per_value;
  long step = 0;
  while (auto job = cluster.receive<Job>(inbox, sg4::Engine::get_clock() + patience)) {
    replica.parameters() = *job->model;
    const float loss = train_one_pass(cluster, in, replica, job->block, w, job->epoch, step);
    cluster.compute(static_cast<double>(replica.parameter_count()));  // the update: trained - received
    cluster.post(manager_inbox,
                 std::make_unique<Update>(Update{job->epoch, w, replica.parameters() - *job->model, loss, bytes}));
    if (job->epoch + 1 == scheme.epochs) break;
  }
  cluster.close(inbox);
}

models::DownpourInput model_input(const RunInputs& in, cluster::Cluster& cluster, const nn::Network& network) {
  const auto& scheme = in.scenario.scheme;
  const Eigen::Index parameters = network.parameter_count();
  const double step_flops = make_optimizer(in.scenario, parameters)->step_flops(parameters);
  std::vector<std::pair<sg4::Host*, sg4::Host*>> out, back;
  models::DownpourInput model;
  for (int epoch = 0; epoch < scheme.epochs; ++epoch) {  // each epoch's blocks, as the manager splits them
    auto& jobs = model.epochs.emplace_back();
    for (const auto& block : split_for_epoch(in.scenario, in.train, epoch)) {
      auto& job = jobs.emplace_back();
      job.dispatch_bytes = job_bytes(scheme, block.size(), in.train.feature_count(), parameters);
      for (const auto& batch : data::consecutive_batches(block, scheme.batch_size))
        job.step_flops.push_back(network.train_step_flops(static_cast<Eigen::Index>(batch.size())) + step_flops);
    }
  }
  for (int w = 0; w < scheme.workers; ++w) {
    out.emplace_back(cluster.host(0), cluster.worker_host(w));
    back.emplace_back(cluster.worker_host(w), cluster.host(0));
    model.worker_speeds.push_back(cluster.speed_timeline(1 + w));
  }
  model.straggle_factor = [&cluster](int w, long step) { return cluster.straggle_factor(w, step); };
  model.update_flops = static_cast<double>(parameters);
  model.update_bytes = static_cast<double>(parameters) * scheme.bytes_per_value;
  model.dispatch = cluster.flows(out);
  model.gather = cluster.flows(back);
  model.manager_flops = aggregation_flops(scheme.workers, parameters);
  model.manager_speed = cluster.speed_timeline(0);
  return model;
}

// Each worker's job in bytes, the first epoch's (as the summary reports it).
std::vector<double> dispatch_bytes(const models::DownpourInput& model) {
  std::vector<double> bytes;
  for (const auto& job : model.epochs.front()) bytes.push_back(job.dispatch_bytes);
  return bytes;
}

RunResult run_downpour(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& scheme = in.scenario.scheme;
  Manager m{.model = nn::Network(network_spec(in.scenario)), .log = EpochLog(in.test)};
  RunResult result;
  const auto model = model_input(in, cluster, m.model);
  result.prediction = models::downpour(model);
  const double timeout = silence_timeout(scheme.options_as<DownpourOptions>().round_timeout, result.prediction.time_s,
                                         scheme.epochs);

  const Actors actors(cluster, in.layout);
  actors.launch(0, [&] { manager(cluster, actors, m, in, timeout); });
  actors.launch_workers([&](int w) { worker(cluster, actors, in, w, 4 * timeout); });
  cluster.run();

  result.simulated_time_s = m.finished_at;
  result.training = m.log.record(m.model, m.epochs_done, m.epochs_done == scheme.epochs, result.simulated_time_s);
  result.counters = {{"stale_messages", m.stale_messages},
                     {"timed_out_rounds", m.timed_out_rounds},
                     {"silence_timeout_s", timeout},
                     {"dispatch_bytes", dispatch_bytes(model)},
                     {"aggregation_weights", m.weights}};
  return result;
}

}  // namespace

extern const Scheme downpour_scheme{"downpour", downpour_layout, run_downpour, training_only};

}  // namespace ssim::schemes
