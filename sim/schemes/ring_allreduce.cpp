// Ring all-reduce (seed 003, section 2.7). N workers form a logical ring w -> w+1, each with a
// replica of the model. Each iteration every worker computes a gradient on its own mini-batch; the
// gradients are summed by passing chunks around the ring (reduce-scatter, then all-gather), and
// every worker divides the sum by N and takes the same optimizer step, so the replicas stay
// identical. There is no server: worker 0's replica is the model that is evaluated. A neighbour
// silent for longer than the timeout has broken the ring, and the worker stops.
#include "cluster/outbox.hpp"
#include "common/scope_exit.hpp"
#include "models/ring_allreduce.hpp"
#include "schemes/ring_links.hpp"
#include "schemes/training.hpp"
#include <algorithm>
#include <optional>

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

struct Chunk {
  nn::Vector values;  // none in timing mode, which sends sizes only
  double wire_bytes;
};

// A worker's place in the ring: it sends chunks of its gradient to its successor and receives
// chunks from its predecessor. Chunk indices are taken modulo N. In timing mode there is no
// gradient: the chunks travel empty, at their sizes, and the additions are charged all the same.
class RingPosition {
 public:
  // `bytes_sent` counts what this worker sends, where it outlives a failed worker.
  RingPosition(cluster::Cluster& cluster, const Actors& actors, int worker, const models::RingChunks& chunks,
               double bytes_per_value, double timeout, double& bytes_sent)
      : cluster_(cluster),
        links_(cluster, actors, worker, chunks.count(), timeout),
        outbox_(cluster),
        chunks_(chunks),
        bytes_per_value_(bytes_per_value),
        bytes_sent_(bytes_sent) {}

  int worker() const { return links_.position(); }
  int workers() const { return links_.size(); }
  bool broken() const { return links_.broken(); }
  // Closes the inbox and waits for the chunks still on their way to the successor.
  void leave() {
    links_.leave();
    outbox_.flush();
  }

  // `gradient` is null in timing mode, here and below. One chunk at a time is on its way to the
  // successor, the next posted once the previous has arrived, as a connection delivers in order:
  // posted together, two chunks would share the link and the one awaited would arrive late.
  void send(const nn::Vector* gradient, int chunk) {
    outbox_.flush();
    const double bytes = chunks_.size(wrap(chunk)) * bytes_per_value_;
    bytes_sent_ += bytes;
    outbox_.post(links_.successor(),
                 std::make_unique<Chunk>(Chunk{gradient ? nn::Vector(slice(*gradient, chunk)) : nn::Vector(), bytes}));
  }
  // The predecessor's partial sum of `chunk`, added to ours (one flop per value).
  bool receive_and_add(nn::Vector* gradient, int chunk) {
    auto received = links_.receive();
    if (!received) return false;
    cluster_.compute(static_cast<double>(chunks_.size(wrap(chunk))));
    if (gradient) slice(*gradient, chunk) += received->values;
    return true;
  }
  // The predecessor's complete sum of `chunk`, replacing ours.
  bool receive_and_replace(nn::Vector* gradient, int chunk) {
    auto received = links_.receive();
    if (!received) return false;
    if (gradient) slice(*gradient, chunk) = received->values;
    return true;
  }

 private:
  int wrap(int chunk) const { return (chunk % workers() + workers()) % workers(); }
  template <class V>
  Eigen::VectorBlock<V> slice(V& gradient, int chunk) const {
    return gradient.segment(chunks_.start(wrap(chunk)), chunks_.size(wrap(chunk)));
  }

  cluster::Cluster& cluster_;
  RingLinks<Chunk> links_;
  cluster::Outbox<Chunk> outbox_;
  const models::RingChunks& chunks_;
  double bytes_per_value_;
  double& bytes_sent_;
};

// Sums the gradients of all workers in place; false when the ring broke on the way.
// Reduce-scatter: after step s, worker w holds the sum of s+2 gradients in chunk w-s-1, so after
// N-1 steps it holds the complete sum of chunk w+1. All-gather: the complete chunks go once
// around the ring, replacing the partial sums.
bool all_reduce(RingPosition& ring, nn::Vector* gradient) {
  const int n = ring.workers(), w = ring.worker();
  for (int s = 0; s < n - 1; ++s) {
    ring.send(gradient, w - s);
    if (!ring.receive_and_add(gradient, w - s - 1)) return false;
  }
  for (int s = 0; s < n - 1; ++s) {
    ring.send(gradient, w + 1 - s);
    if (!ring.receive_and_replace(gradient, w - s)) return false;
  }
  return true;
}

struct Model {  // a worker's replica and its optimizer, when the run computes
  nn::Network network;
  std::unique_ptr<nn::Optimizer> optimizer;
};

struct Replica {  // outside the actor, so a failed worker's model can still be inspected
  std::optional<Model> model;  // none in timing mode
  long iterations = 0;
  double stopped_at = 0;
  double bytes_sent = 0;
  bool ring_broke = false;
};

// What the workers and the run have in common; the epoch bookkeeping is the observer's: the loss
// of every worker's batches, and worker 0's replica evaluated.
struct Shared {
  TrainingCosts costs;
  BatchSizes sizes;  // every worker's
  std::vector<Replica> replicas;
  Shards shards;     // none in timing mode
  models::RingChunks chunks;
  long iterations;
  EpochLog log;

  int epoch_of(long iteration) const { return static_cast<int>(iteration / sizes.per_epoch()) + 1; }
  void end_iteration(int w, long iteration) {
    replicas[w].iterations = iteration + 1;
    if (w != 0 || (iteration + 1) % sizes.per_epoch() != 0) return;
    if (const auto& model = replicas[0].model) log.end_epoch(epoch_of(iteration), model->network);
    else log.end_timed_epoch(epoch_of(iteration));
  }
};

void worker(cluster::Cluster& cluster, const Actors& actors, Shared& shared, const RunInputs& in, int w,
            double timeout) {
  const auto& scheme = in.scenario.scheme;
  auto& replica = shared.replicas[w];
  bool stopped = false;  // the stamp below is for a worker that fails; one that stops stamps itself
  const ScopeExit stamp([&] {
    if (!stopped) replica.stopped_at = sg4::Engine::get_clock();
  });
  const auto values = shared.costs.parameters();
  std::optional<BatchStream> batches;  // none in timing mode
  if (replica.model) batches.emplace(shared.shards, w, in.scenario);
  RingPosition ring(cluster, actors, w, shared.chunks, scheme.bytes_per_value, timeout, replica.bytes_sent);
  for (long iteration = 0; iteration < shared.iterations; ++iteration) {
    cluster.compute(shared.costs.train_step_flops(shared.sizes.of_round(iteration)), cluster.straggle_factor(w, iteration));
    nn::Vector* gradient = nullptr;  // summed in place: no copy per worker
    if (replica.model) {
      const auto& batch = batches->batch(iteration);
      const float loss = replica.model->network.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
      check_finite_loss(loss, shared.epoch_of(iteration), iteration + 1);
      shared.log.add_loss(shared.epoch_of(iteration), loss);
      gradient = &replica.model->network.gradients();
    }
    if (!all_reduce(ring, gradient)) break;
    cluster.compute(values + shared.costs.optimizer_step_flops());
    if (gradient) {
      *gradient *= static_cast<float>(1.0 / scheme.workers);
      replica.model->optimizer->step(replica.model->network.parameters(), *gradient);
    }
    shared.end_iteration(w, iteration);
  }
  replica.ring_broke = ring.broken();
  replica.stopped_at = sg4::Engine::get_clock();  // before its last chunks have arrived
  stopped = true;
  ring.leave();
}

cluster::RoleLayout ring_layout(const scenario::Scenario& s) { return cluster::workers_only_layout(s.scheme.workers); }

Shared initial_state(const RunInputs& in) {
  const auto& scenario = in.scenario;
  const int workers = scenario.scheme.workers;
  TrainingCosts costs(scenario);
  std::vector<Replica> replicas(static_cast<std::size_t>(workers));
  Shards shards;
  if (computes(scenario)) {
    const nn::Network initial(network_spec(scenario));  // every replica starts from the same weights
    for (int w = 0; w < workers; ++w) {
      nn::Network model(initial);
      model.reseed_dropout(std::uint64_t(w));  // but each worker draws its own dropout masks
      replicas[std::size_t(w)].model.emplace(std::move(model), make_optimizer(scenario, costs.parameters()));
    }
    shards = worker_shards(in.train, workers, scenario);
  }
  BatchSizes sizes(in.train_samples, workers, scenario);
  models::RingChunks chunks(costs.parameters(), workers);
  const long iterations = sizes.per_epoch() * scenario.scheme.epochs;
  return {.costs = std::move(costs),
          .sizes = sizes,
          .replicas = std::move(replicas),
          .shards = std::move(shards),
          .chunks = std::move(chunks),
          .iterations = iterations,
          .log = EpochLog(in.test)};
}

models::Prediction predict(const RunInputs& in, cluster::Cluster& cluster, const Shared& shared) {
  const int workers = in.scenario.scheme.workers;
  models::RingAllreduceInput model;
  for (long i = 0; i < shared.iterations; ++i)
    model.iteration_flops.push_back(shared.costs.train_step_flops(shared.sizes.of_round(i)));
  std::vector<std::pair<sg4::Host*, sg4::Host*>> ring;  // one worker alone sends nothing
  for (int w = 0; w < workers; ++w) {
    model.worker_speeds.push_back(cluster.speed_timeline(w));  // role w is worker w
    if (workers > 1) ring.emplace_back(cluster.worker_host(w), cluster.worker_host((w + 1) % workers));
  }
  model.straggle_factor = [&cluster](int w, long i) { return cluster.straggle_factor(w, i); };
  model.values = shared.costs.parameters();
  model.bytes_per_value = in.scenario.scheme.bytes_per_value;
  model.optimizer_flops = shared.costs.optimizer_step_flops();
  model.neighbours = cluster.flows(ring);
  return models::ring_allreduce(model);
}

// Every replica that took as many steps as worker 0 holds exactly its parameters; unknown (null)
// in timing mode, which has none.
nlohmann::json replicas_identical(const std::vector<Replica>& replicas) {
  if (!replicas[0].model) return nullptr;
  return std::all_of(replicas.begin(), replicas.end(), [&](const Replica& r) {
    return r.iterations != replicas[0].iterations ||
           r.model->network.parameters() == replicas[0].model->network.parameters();
  });
}

nlohmann::json counters(const Shared& shared, double timeout) {
  std::vector<long> chunk_values;
  for (int c = 0; c < shared.chunks.count(); ++c) chunk_values.push_back(shared.chunks.size(c));
  std::vector<double> bytes_sent;
  long stopped_by_silence = 0;
  for (const auto& r : shared.replicas) {
    bytes_sent.push_back(r.bytes_sent);
    stopped_by_silence += r.ring_broke;
  }
  return {{"chunk_values", chunk_values},
          {"allreduce_bytes_sent", bytes_sent},
          {"stopped_by_silence", stopped_by_silence},
          {"replicas_identical", replicas_identical(shared.replicas)},
          {"silence_timeout_s", timeout}};
}

RunResult run_ring_allreduce(const RunInputs& in, cluster::Cluster& cluster) {
  Shared shared = initial_state(in);
  RunResult result;
  result.prediction = predict(in, cluster, shared);
  const double timeout = silence_timeout(std::nullopt, result.prediction.time_s, shared.iterations);

  const Actors actors(cluster, in.layout);
  actors.launch_workers([&](int w) { worker(cluster, actors, shared, in, w, timeout); });
  cluster.run();

  long fewest = shared.iterations;
  for (const auto& r : shared.replicas) {
    result.simulated_time_s = std::max(result.simulated_time_s, r.stopped_at);
    fewest = std::min(fewest, r.iterations);
  }
  const auto& first = shared.replicas[0];
  const bool completed = fewest == shared.iterations;
  result.training = first.model ? shared.log.record(first.model->network, first.iterations, completed, result.simulated_time_s)
                                : shared.log.timed_record(first.iterations, completed, result.simulated_time_s);
  result.counters = counters(shared, timeout);
  return result;
}

}  // namespace

extern const Scheme ring_allreduce_scheme{"ring_allreduce", ring_layout, run_ring_allreduce, training_only};

}  // namespace ssim::schemes
