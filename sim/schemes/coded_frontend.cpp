#include "schemes/coded_frontend.hpp"

namespace ssim::schemes {

namespace {
bool encodes_at_frontend(const CodedServing& serving) {
  return serving.placement == InferCodedOptions::Placement::frontend;
}
}  // namespace

double coded_frontend_flops(const CodedServing& serving, int groups, int workers) {
  if (!encodes_at_frontend(serving)) return 0;
  const nn::CodedNetwork& network = serving.network;
  return network.encoder_flops(groups) + network.data_flops(groups) + workers * network.coded_input_flops(groups);
}

double coded_worker_flops(const CodedServing& serving, int groups) {
  const nn::CodedNetwork& network = serving.network;
  const double encoding = encodes_at_frontend(serving) ? 0
                                                        : network.encoder_flops(groups) + network.data_flops(groups) +
                                                              network.coded_input_flops(groups);
  return encoding + network.worker_flops(groups);
}

double coded_request_bytes(const CodedServing& serving, int groups) {
  const nn::CodedSpec& spec = serving.network.spec();
  if (!encodes_at_frontend(serving)) return 8.0 * groups * spec.inputs;
  // E(alpha_n), and the V_p every worker needs for a data computation.
  const double images = 1 + serving.network.data_networks();
  return images * static_cast<double>(spec.image.size()) * groups * serving.bytes_per_value;
}

double coded_answer_bytes(const CodedServing& serving, int groups) {
  return static_cast<double>(serving.network.spec().classes) * groups * serving.bytes_per_value;
}

namespace {

namespace sg4 = simgrid::s4u;

// The frontend's view of one request.
struct RequestState {
  std::vector<int> sent_to;
  std::vector<int> answered;        // workers in the order their answers came
  std::vector<nn::Matrix> outputs;  // in that order
  double deadline = 0;
  bool closed = false;              // decoded or given up
};

class Frontend {
 public:
  Frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, const CodedServing& serving,
           ServingOutcome& outcome)
      : cluster_(cluster),
        actors_(actors),
        stream_(*in.scenario.serving),
        serving_(serving),
        outcome_(outcome),
        workers_(static_cast<int>(serving.alphas.size())),
        inputs_(serving.network.spec().inputs),
        needed_(serving.network.spec().recovery_threshold()),
        arrivals_(request_arrivals(stream_, in.scenario.seed)),
        states_(arrivals_.size()),
        alive_(static_cast<std::size_t>(workers_), true) {
    for (int w = 0; w < workers_; ++w) to_worker_.push_back(actors.worker_inbox(w));
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
  int groups_of(long request) const { return queries_of(stream_, request).count / inputs_; }

  // Sends the request to every worker believed alive (to all when fewer than R are), encoding here
  // first when the placement says so.
  void send(long request) {
    auto& state = states_[at(request)];
    const Queries q = queries_of(stream_, request);
    const int groups = q.count / inputs_;
    const auto believed_alive = std::count(alive_.begin(), alive_.end(), true);
    for (int w = 0; w < workers_; ++w)
      if (believed_alive < needed_ || alive_[static_cast<std::size_t>(w)]) state.sent_to.push_back(w);
    if (encodes_at_frontend(serving_)) {
      serving_.requests.coefficients(request);  // the real encoding, once
      cluster_.compute(coded_frontend_flops(serving_, groups, static_cast<int>(state.sent_to.size())));
    }
    const double bytes = coded_request_bytes(serving_, groups);
    for (int w : state.sent_to)
      cluster_.post(to_worker_[static_cast<std::size_t>(w)],
                    std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::request, request, bytes}));
    state.deadline = sg4::Engine::get_clock() + serving_.deadline_s;
    deadlines_.insert({state.deadline, request});
  }

  // Returns 1 when the answer is the R-th of its request, which is then decoded.
  long take(Answer&& answer) {
    alive_[static_cast<std::size_t>(answer.worker)] = true;  // heard from: alive, whatever it was believed
    auto& state = states_[at(answer.request)];
    if (state.closed) {
      ++outcome_.wasted_answers;
      outcome_.wasted_flops += coded_worker_flops(serving_, groups_of(answer.request));
      return 0;
    }
    state.answered.push_back(answer.worker);
    state.outputs.push_back(std::move(answer.outputs));
    if (static_cast<int>(state.answered.size()) < needed_) return 0;
    decode(answer.request);
    return 1;
  }

  // The deadline passed with fewer than R answers: the request is given up and its silent workers
  // presumed dead.
  long expire(long request) {
    ++outcome_.timed_out_requests;
    auto& state = states_[at(request)];
    for (int w : state.sent_to)
      if (!answered(state, w)) alive_[static_cast<std::size_t>(w)] = false;
    const Queries q = queries_of(stream_, request);
    for (int i = 0; i < q.count; ++i) {
      auto& query = outcome_.record.queries[static_cast<std::size_t>(q.first + i)];
      query.answers_used = static_cast<int>(state.answered.size());
    }
    close(request);
    return 1;
  }

  static bool answered(const RequestState& state, int w) {
    return std::find(state.answered.begin(), state.answered.end(), w) != state.answered.end();
  }

  // Interpolates D from the R answers and reads each query at its beta.
  void decode(long request) {
    auto& state = states_[at(request)];
    deadlines_.erase({state.deadline, request});
    const Queries q = queries_of(stream_, request);
    std::vector<double> alphas;
    for (int w : state.answered) alphas.push_back(serving_.alphas[static_cast<std::size_t>(w)]);
    cluster_.compute(serving_.network.decode_flops(q.count / inputs_));
    const nn::Matrix logits = serving_.network.decode(alphas, state.outputs);  // column = query in the request
    for (int i = 0; i < q.count; ++i) {
      auto& query = outcome_.record.queries[static_cast<std::size_t>(q.first + i)];
      query.completion_s = sg4::Engine::get_clock();
      query.answers_used = needed_;
      logits.col(i).maxCoeff(&query.predicted);
    }
    close(request);
  }

  // Cancels what is still out and lets the request's coefficients go.
  void close(long request) {
    auto& state = states_[at(request)];
    for (int w : state.sent_to)
      if (!answered(state, w)) {
        cluster_.post(to_worker_[static_cast<std::size_t>(w)],
                      std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::cancel, request, kControlBytes}));
        ++outcome_.cancelled_requests;
      }
    state.closed = true;
    state.outputs.clear();
    serving_.requests.forget(request);
  }

  cluster::Cluster& cluster_;
  const Actors& actors_;
  const scenario::Serving& stream_;
  const CodedServing& serving_;
  ServingOutcome& outcome_;
  int workers_, inputs_, needed_;
  std::vector<double> arrivals_;
  std::vector<RequestState> states_;
  std::vector<bool> alive_;
  std::vector<sg4::Mailbox*> to_worker_;
  Deadlines deadlines_;  // of requests not yet closed
};

}  // namespace

void run_coded_frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in,
                        const CodedServing& serving, ServingOutcome& outcome) {
  Frontend(cluster, actors, in, serving, outcome).run();
}

}  // namespace ssim::schemes
