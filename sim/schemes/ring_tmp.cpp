// RingTMP (seed 004, section 4.4): model parallelism around a ring. The network's layers are
// spread over N nodes, each holding consecutive layers; node w sends to node w+1 and errors go back
// to node w-1. The master (node 0) holds the data, the labels and the first layers. It runs each
// batch through its layers and sends the activations on; each node runs them through its own and
// sends them on, and the last node's output, the prediction, comes round to the master, which
// computes the loss and sends the output error back to the last node. Each node back-propagates
// through its layers, updates them with its own optimizer and passes the error of its input back,
// until the error reaches the master, which back-propagates through its first layers last.
// The master does not wait for a batch's error before it injects the next one: up to `in_flight`
// batches are in the ring at once. At the end of each epoch it lets the ring drain and evaluates
// the model assembled from every node's layers. A node that hears nothing for ten batch times
// presumes the ring broken and stops.
#include "models/ring_tmp.hpp"
#include "nn/loss.hpp"
#include "schemes/ring_links.hpp"
#include "schemes/ring_tmp_stage.hpp"
#include "schemes/ring_tmp_options.hpp"
#include "schemes/training.hpp"
#include <algorithm>
#include <deque>

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

struct Message {
  enum class Kind { forward, backward } kind;  // activations (to the master: the prediction), or errors
  long batch;
  nn::Matrix values;
  double wire_bytes;
};

// What the nodes and the run have in common. The stages live here, outside the actors, so the
// master can assemble the whole model, and a failed node's layers can still be read.
struct Shared {
  std::vector<int> placement;  // spec layers per node, master first
  std::vector<Stage> stages;
  nn::Network model;           // the whole network, assembled from the stages to be evaluated
  int in_flight;
  double bytes_per_value;
  long batches_per_epoch;
  long batches;
  long completed = 0;          // batches whose error has reached the master
  std::vector<long> values_sent;  // by epoch, of messages between nodes
  long activation_values = 0, error_values = 0;
  std::vector<double> stopped_at;
  long stopped_by_silence = 0;
  EpochLog log;

  const nn::Network& assembled() {
    for (const auto& stage : stages) stage.copy_weights_to(model.parameters());
    return model;
  }
};

// A node's place in the ring: its layers, its inbox and its two neighbours. A node alone is its
// own neighbour, and passes its messages to itself without the network.
class RingNode {
 public:
  RingNode(cluster::Cluster& cluster, const Actors& actors, Shared& shared, int node, double timeout)
      : cluster_(cluster),
        shared_(shared),
        node_(node),
        links_(cluster, actors, node, static_cast<int>(shared.stages.size()), timeout) {}

  // The next message in arrival order; nullptr when none came within the timeout.
  std::unique_ptr<Message> receive() {
    if (!to_self_.empty()) {
      auto message = std::move(to_self_.front());
      to_self_.pop_front();
      return message;
    }
    return links_.receive();
  }

  // Runs the batch through this node's layers and sends their output on.
  void forward(long batch, nn::Matrix input) {
    compute(stage().forward_flops(input.cols()), batch);
    send(links_.successor(), Message::Kind::forward, batch, stage().forward(batch, std::move(input)));
  }

  // Back-propagates the error of the batch's output through this node's layers, updates them, and
  // sends the error of their input back; the master's input is the data, which needs none.
  void backward(long batch, const nn::Matrix& output_error) {
    compute(stage().backward_flops(output_error.cols()), batch);
    nn::Matrix input_error = stage().backward(batch, output_error);
    if (node_ != 0) send(links_.predecessor(), Message::Kind::backward, batch, std::move(input_error));
  }

  // The master's turn between the two: the loss of the prediction, whose error goes back to the
  // last node. Returns the loss.
  float output_error(long batch, const nn::Matrix& prediction, const nn::Labels& labels, nn::OutputLoss& loss) {
    compute(loss.forward_flops(prediction.rows(), prediction.cols()) +
                loss.backward_flops(prediction.rows(), prediction.cols()),
            batch);
    nn::Matrix error;
    const float value = loss.value_and_gradient(prediction, labels, error);
    send(links_.predecessor(), Message::Kind::backward, batch, std::move(error));
    return value;
  }

  void leave() {
    links_.leave();
    shared_.stopped_at[node_] = sg4::Engine::get_clock();
    shared_.stopped_by_silence += links_.broken();
  }

 private:
  Stage& stage() { return shared_.stages[node_]; }

  void compute(double flops, long batch) { cluster_.compute(flops, cluster_.straggle_factor(node_, batch)); }

  void send(sg4::Mailbox* to, Message::Kind kind, long batch, nn::Matrix values) {
    const long count = values.size();
    auto message = std::make_unique<Message>(Message{kind, batch, std::move(values), count * shared_.bytes_per_value});
    if (links_.size() == 1) {
      to_self_.push_back(std::move(message));
      return;
    }
    shared_.values_sent.at(batch / shared_.batches_per_epoch) += count;
    (kind == Message::Kind::forward ? shared_.activation_values : shared_.error_values) += count;
    cluster_.post(to, std::move(message));
  }

  cluster::Cluster& cluster_;
  Shared& shared_;
  int node_;
  RingLinks<Message> links_;
  std::deque<std::unique_ptr<Message>> to_self_;
};

void master(cluster::Cluster& cluster, const Actors& actors, Shared& shared, const RunInputs& in, double timeout) {
  RingNode node(cluster, actors, shared, 0, timeout);
  BatchStream batches(in.train, 1, 0, in.scenario);  // the batches single trains on, in its order
  nn::OutputLoss loss(in.scenario.model.loss);
  for (int epoch = 0; epoch < in.scenario.scheme.epochs; ++epoch) {
    const long end = (epoch + 1) * shared.batches_per_epoch;
    long injected = epoch * shared.batches_per_epoch;
    while (shared.completed < end) {
      for (; injected < end && injected - shared.completed < shared.in_flight; ++injected)
        node.forward(injected, in.train.features(Eigen::all, batches.batch(injected)));
      auto message = node.receive();
      if (!message) break;
      if (message->kind == Message::Kind::forward) {  // the prediction
        const nn::Labels labels = in.train.labels(batches.batch(message->batch));
        const float value = node.output_error(message->batch, message->values, labels, loss);
        check_finite_loss(value, epoch + 1, message->batch + 1);
        shared.log.add_loss(epoch + 1, value);
      } else {
        node.backward(message->batch, message->values);
        ++shared.completed;
      }
    }
    if (shared.completed < end) break;
    shared.log.end_epoch(epoch + 1, shared.assembled());
  }
  node.leave();
}

void worker(cluster::Cluster& cluster, const Actors& actors, Shared& shared, int w, double timeout) {
  RingNode node(cluster, actors, shared, w, timeout);
  for (long back_propagated = 0; back_propagated < shared.batches;) {
    auto message = node.receive();
    if (!message) break;
    if (message->kind == Message::Kind::forward) {
      node.forward(message->batch, std::move(message->values));
    } else {
      node.backward(message->batch, message->values);
      ++back_propagated;
    }
  }
  node.leave();
}

cluster::RoleLayout ring_tmp_layout(const scenario::Scenario& s) {
  return cluster::workers_only_layout(s.scheme.workers);
}

std::vector<int> placement(const scenario::Scenario& scenario, const nn::Network& network) {
  const auto& chosen = scenario.scheme.options_as<RingTmpOptions>().placement;
  if (!chosen.empty()) return chosen;
  return models::balanced_placement(spec_layer_flops(network, scenario.scheme.batch_size), scenario.scheme.workers);
}

Shared initial_state(const RunInputs& in) {
  const auto& scenario = in.scenario;
  const int nodes = scenario.scheme.workers;
  const int in_flight = scenario.scheme.options_as<RingTmpOptions>().in_flight;
  nn::Network network(network_spec(scenario));
  Shared shared{.placement = placement(scenario, network),
                .stages = {},
                .model = network,
                .in_flight = in_flight > 0 ? in_flight : nodes,
                .bytes_per_value = scenario.scheme.bytes_per_value,
                .batches_per_epoch = BatchStream(in.train, 1, 0, scenario).batches_per_epoch(),
                .batches = 0,
                .values_sent = std::vector<long>(scenario.scheme.epochs, 0),
                .stopped_at = std::vector<double>(nodes, 0.0),
                .log = EpochLog(in.test)};
  shared.batches = shared.batches_per_epoch * scenario.scheme.epochs;
  for (const auto& range : layer_ranges(network, shared.placement)) {
    const auto size = network.parameter_offset(range.last) - network.parameter_offset(range.first);
    shared.stages.emplace_back(network, range, make_optimizer(scenario, size));
  }
  return shared;
}

models::RingTmpModel predict(const RunInputs& in, cluster::Cluster& cluster, const Shared& shared) {
  const auto& scenario = in.scenario;
  const int nodes = scenario.scheme.workers;
  const nn::OutputLoss loss(scenario.model.loss);
  const long classes = shared.model.output_size(), batch = scenario.scheme.batch_size;
  models::RingTmpInput model;
  model.cut_widths = cut_widths(shared.model, layer_ranges(shared.model, shared.placement));
  model.parameter_count = shared.model.parameter_count();
  model.epochs = scenario.scheme.epochs;
  auto batches_of = [&](long count, long samples) {
    models::RingTmpBatches group{.count = count, .samples = samples, .forward_flops = {}, .backward_flops = {},
                                 .loss_flops = loss.forward_flops(classes, samples) +
                                               loss.backward_flops(classes, samples)};
    for (const auto& stage : shared.stages) {
      group.forward_flops.push_back(stage.forward_flops(samples));
      group.backward_flops.push_back(stage.backward_flops(samples));
    }
    return group;
  };
  const long full = in.train.size() / batch, rest = in.train.size() % batch;
  if (full > 0) model.epoch.push_back(batches_of(full, batch));
  if (rest > 0) model.epoch.push_back(batches_of(1, rest));
  std::vector<std::pair<sg4::Host*, sg4::Host*>> messages;  // forward from each node, then backward
  if (nodes > 1)
    for (int step : {1, -1})
      for (int w = 0; w < nodes; ++w)
        messages.emplace_back(cluster.worker_host(w), cluster.worker_host((w + step + nodes) % nodes));
  for (const auto& pair : messages) model.alone.push_back(cluster.flows({pair}).front());
  model.together = cluster.flows(messages);
  model.routes = cluster.routes(messages);
  for (int w = 0; w < nodes; ++w) {  // role w is node w
    model.node_speeds.push_back(cluster.steady_speed(w));
    model.node_timelines.push_back(cluster.speed_timeline(w));
  }
  model.straggle_factor = [&cluster](int node, long batch) { return cluster.straggle_factor(node, batch); };
  model.bytes_per_value = scenario.scheme.bytes_per_value;
  model.in_flight = shared.in_flight;
  model.straggle_probability = cluster.random_straggling().uniform_probability();
  model.straggle_slowdown = cluster.random_straggling().uniform_slowdown();
  return models::ring_tmp(model);
}

nlohmann::json counters(const Shared& shared, const models::RingTmpModel& model, double timeout) {
  const double ring_tmp = static_cast<double>(model.ring_tmp_values_per_epoch);
  return {{"placement", shared.placement},
          {"in_flight", shared.in_flight},
          {"values_sent_per_epoch", shared.values_sent},
          {"activation_values_sent", shared.activation_values},
          {"error_values_sent", shared.error_values},
          {"ring_tmp_values_per_epoch_closed_form", model.ring_tmp_values_per_epoch},
          {"parameter_server_values_per_epoch_closed_form", model.parameter_server_values_per_epoch},
          {"parameter_server_over_ring_tmp", ring_tmp > 0 ? model.parameter_server_values_per_epoch / ring_tmp : 0.0},
          {"predicted_sequential_s", model.sequential_s},
          {"predicted_pipeline_bound_s", model.pipeline_bound_s},
          {"predicted_pipelined_s", model.pipelined_s},
          {"predicted_scheduled_s", model.scheduled_s},
          {"stopped_by_silence", shared.stopped_by_silence},
          {"silence_timeout_s", timeout}};
}

RunResult run_ring_tmp(const RunInputs& in, cluster::Cluster& cluster) {
  Shared shared = initial_state(in);
  const auto model = predict(in, cluster, shared);
  // A batch's whole unpipelined round is the unit: the pipeline never waits longer for a neighbour.
  const double timeout = silence_timeout(std::nullopt, model.sequential_s, model.batches);

  const Actors actors(cluster, in.layout);
  actors.launch_workers([&](int w) {
    if (w == 0) master(cluster, actors, shared, in, timeout);
    else worker(cluster, actors, shared, w, timeout);
  });
  cluster.run();

  RunResult result;
  const auto& final_model = shared.assembled();
  result.simulated_time_s = *std::max_element(shared.stopped_at.begin(), shared.stopped_at.end());
  result.training =
      shared.log.record(final_model, shared.completed, shared.completed == shared.batches, result.simulated_time_s);
  result.prediction = model.prediction;
  result.counters = counters(shared, model, timeout);
  return result;
}

}  // namespace

extern const Scheme ring_tmp_scheme{"ring_tmp", ring_tmp_layout, run_ring_tmp, training_only};

}  // namespace ssim::schemes
