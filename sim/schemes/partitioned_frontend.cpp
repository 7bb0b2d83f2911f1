#include "schemes/partitioned_frontend.hpp"
#include "schemes/partitioned_model.hpp"

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

// The frontend's view of one request.
struct RequestState {
  std::vector<int> sent_to;
  std::vector<nn::Matrix> outputs;  // by node; empty until its answer is in
  int received = 0;
  double deadline = 0;
  bool decoded = false;
};

class Frontend {
 public:
  Frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, const PartitionedServing& serving,
           ServingOutcome& outcome)
      : cluster_(cluster),
        actors_(actors),
        in_(in),
        stream_(*in.scenario.serving),
        serving_(serving),
        outcome_(outcome),
        parts_(serving.network.parts()),
        arrivals_(request_arrivals(stream_, in.scenario.seed)),
        states_(arrivals_.size()),
        alive_(static_cast<std::size_t>(parts_), true),
        part_bytes_per_query_(static_cast<double>(serving.network.node(0).input_shape().size()) *
                              in.scenario.scheme.bytes_per_value) {
    for (int w = 0; w < parts_; ++w) to_node_.push_back(actors.worker_inbox(w));
    outcome_.record.partitioned = true;
    outcome_.record.queries = query_records(in, arrivals_);
  }

  void run() {
    outcome_.finished_at = run_frontend(cluster_, actors_, arrivals_, deadlines_,
                                        {.arrive = [this](long request) { send(request); },
                                         .answer = [this](Answer&& answer) { return take(std::move(answer)); },
                                         .expire = [this](long request) { return expire(request); }});
  }

 private:
  std::size_t at(long request) const { return static_cast<std::size_t>(request); }

  // Splits the request's samples and sends every node believed alive its part (every node if none is).
  void send(long request) {
    auto& state = states_[at(request)];
    const Queries q = queries_of(stream_, request);
    cluster_.compute(partition_flops(in_.scenario, q.count));
    const bool any_alive = std::find(alive_.begin(), alive_.end(), true) != alive_.end();
    state.outputs.resize(static_cast<std::size_t>(parts_));
    for (int w = 0; w < parts_; ++w) {
      if (any_alive && !alive_[static_cast<std::size_t>(w)]) continue;
      state.sent_to.push_back(w);
      cluster_.post(to_node_[static_cast<std::size_t>(w)],
                    std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::request, request, q.count * part_bytes_per_query_}));
    }
    state.deadline = sg4::Engine::get_clock() + serving_.deadline_s;
    deadlines_.insert({state.deadline, request});
  }

  // Returns 1 when the answer lets its request be decoded.
  long take(Answer&& answer) {
    alive_[static_cast<std::size_t>(answer.worker)] = true;  // heard from: alive, whatever it was believed
    auto& state = states_[at(answer.request)];
    if (state.decoded) {  // decoded without it
      ++outcome_.wasted_answers;
      outcome_.wasted_flops += serving_.network.node_infer_flops(queries_of(stream_, answer.request).count);
      return 0;
    }
    state.outputs[static_cast<std::size_t>(answer.worker)] = std::move(answer.outputs);
    ++state.received;
    const int awaited = std::min<int>(serving_.awaited, static_cast<int>(state.sent_to.size()));
    if (state.received < awaited) return 0;
    decode(answer.request);
    return 1;
  }

  // The request's deadline passed: the nodes still silent are presumed dead, and it is decoded.
  long expire(long request) {
    ++outcome_.timed_out_requests;
    const auto& state = states_[at(request)];
    for (int w : state.sent_to)
      if (state.outputs[static_cast<std::size_t>(w)].size() == 0) alive_[static_cast<std::size_t>(w)] = false;
    decode(request);
    return 1;
  }

  // Joins the outputs in, the missing ones as erased, runs the decoder, and cancels what is still out.
  void decode(long request) {
    auto& state = states_[at(request)];
    deadlines_.erase({state.deadline, request});
    const Queries q = queries_of(stream_, request);
    const Eigen::Index m = serving_.network.node_outputs();
    nn::Matrix joined(parts_ * m, q.count);
    std::vector<int> missing;
    for (int w = 0; w < parts_; ++w) {
      const nn::Matrix& output = state.outputs[static_cast<std::size_t>(w)];
      if (output.size() > 0) {
        joined.middleRows(w * m, m) = output;
      } else {
        joined.middleRows(w * m, m) = serving_.erased_outputs.col(w).replicate(1, q.count);
        missing.push_back(w);
      }
    }
    cluster_.compute(serving_.network.decoder_infer_flops(q.count));
    const nn::Matrix outputs = serving_.network.decoder_outputs(joined);
    for (int i = 0; i < q.count; ++i) {
      auto& query = outcome_.record.queries[static_cast<std::size_t>(q.first + i)];
      query.completion_s = sg4::Engine::get_clock();
      query.answers_used = state.received;
      outputs.col(i).maxCoeff(&query.predicted);
      query.missing_nodes = missing;
    }
    for (int w : state.sent_to)
      if (state.outputs[static_cast<std::size_t>(w)].size() == 0) {
        cluster_.post(to_node_[static_cast<std::size_t>(w)],
                      std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::cancel, request, kControlBytes}));
        ++outcome_.cancelled_requests;
      }
    state.decoded = true;
    state.outputs.clear();
  }

  cluster::Cluster& cluster_;
  const Actors& actors_;
  const RunInputs& in_;
  const scenario::Serving& stream_;
  const PartitionedServing& serving_;
  ServingOutcome& outcome_;
  int parts_;
  std::vector<double> arrivals_;
  std::vector<RequestState> states_;
  std::vector<bool> alive_;
  std::vector<sg4::Mailbox*> to_node_;
  Deadlines deadlines_;  // of requests not yet decoded
  double part_bytes_per_query_;
};

}  // namespace

void run_partitioned_frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in,
                              const PartitionedServing& serving, ServingOutcome& outcome) {
  Frontend(cluster, actors, in, serving, outcome).run();
}

}  // namespace ssim::schemes
