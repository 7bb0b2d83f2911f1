#include "schemes/parity_frontend.hpp"
#include <algorithm>
#include <memory>

namespace ssim::schemes {
namespace {

namespace sg4 = simgrid::s4u;

// The frontend's view of one request.
struct RequestState {
  std::vector<bool> waiting;  // by worker (the parity worker last): sent and not answered
  nn::Matrix outputs;         // one column per query, filled by the data workers' answers
  nn::Matrix parity_outputs;  // empty until the parity worker answers
  int shares = 0;             // data workers sent a share: the answers that close the request
  int answers = 0;
  int data_answers = 0;
  double deadline = 0;        // or, once it can be rebuilt, the instant of its rebuilding
  bool closed = false;
};

class Frontend {
 public:
  Frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, const ParityServing& serving,
           ServingOutcome& outcome)
      : cluster_(cluster),
        actors_(actors),
        stream_(*in.scenario.serving),
        serving_(serving),
        outcome_(outcome),
        parity_worker_(serving.code.group),
        arrivals_(request_arrivals(stream_, in.scenario.seed)),
        states_(arrivals_.size()),
        features_(in.test.feature_count()),
        value_bytes_(in.scenario.scheme.bytes_per_value) {
    for (int w = 0; w <= parity_worker_; ++w) to_worker_.push_back(actors.worker_inbox(w));
    outcome_.record.parity = true;
    outcome_.record.queries = query_records(in, arrivals_);
  }

  void run() {
    outcome_.finished_at = run_frontend(cluster_, actors_, arrivals_, deadlines_,
                                        {.arrive = [this](long request) { send(request); },
                                         .answer = [this](Answer&& answer) { return take(std::move(answer)); },
                                         .expire = [this](long request) { return expire(request); }});
  }

 private:
  RequestState& state_of(long request) { return states_[static_cast<std::size_t>(request)]; }

  void post(int worker, ToWorker::Kind kind, long request, double bytes) {
    cluster_.post(to_worker_[static_cast<std::size_t>(worker)], std::make_unique<ToWorker>(ToWorker{kind, request, bytes}));
  }

  // Sums the groups, then sends every share and the parity input together.
  void send(long request) {
    auto& state = state_of(request);
    const Queries q = queries_of(stream_, request);
    const nn::ParityCode& code = serving_.code;
    cluster_.compute(nn::encode_flops(code, q.count, features_));
    state.shares = code.shares(q.count);
    state.waiting.assign(static_cast<std::size_t>(parity_worker_ + 1), false);
    state.outputs.resize(serving_.model.output_size(), q.count);
    const double bytes_per_query = static_cast<double>(features_) * value_bytes_;
    for (int i = 0; i < state.shares; ++i) {
      state.waiting[static_cast<std::size_t>(i)] = true;
      post(i, ToWorker::Kind::request, request, static_cast<double>(code.share_size(q.count, i)) * bytes_per_query);
    }
    state.waiting.back() = true;
    post(parity_worker_, ToWorker::Kind::request, request,
         static_cast<double>(code.parity_columns(q.count)) * bytes_per_query);
    state.deadline = sg4::Engine::get_clock() + serving_.deadline_s;
    deadlines_.insert({state.deadline, request});
  }

  // Returns 1 when the answer closes its request.
  long take(Answer&& answer) {
    auto& state = state_of(answer.request);
    if (state.closed) {  // answered or rebuilt without it, or given up
      ++outcome_.wasted_answers;
      outcome_.wasted_flops += serving_.model.infer_flops(answer.outputs.cols());
      return 0;
    }
    state.waiting[static_cast<std::size_t>(answer.worker)] = false;
    ++state.answers;
    if (answer.worker == parity_worker_) {
      state.parity_outputs = std::move(answer.outputs);
    } else {
      const Queries q = queries_of(stream_, answer.request);
      const Eigen::Index first = serving_.code.first_of_share(answer.worker);
      state.outputs.middleCols(first, answer.outputs.cols()) = answer.outputs;
      complete(q.first + first, answer.outputs, 1, false);
      if (++state.data_answers == state.shares) {
        close(answer.request);
        return 1;
      }
    }
    if (state.answers == state.shares) rebuild_now(answer.request);
    return 0;
  }

  // All but one data share are in with the parity: the missing share is rebuilt at this instant,
  // after any answer that arrives at it too.
  void rebuild_now(long request) {
    auto& state = state_of(request);
    deadlines_.erase({state.deadline, request});
    state.deadline = sg4::Engine::get_clock();
    deadlines_.insert({state.deadline, request});
  }

  // The request's rebuilding instant, or its deadline, came. Returns 1: it closes.
  long expire(long request) {
    auto& state = state_of(request);
    const Queries q = queries_of(stream_, request);
    if (state.answers == state.shares) {
      const int missing = static_cast<int>(std::find(state.waiting.begin(), state.waiting.end(), true) -
                                           state.waiting.begin());
      const nn::ParityCode& code = serving_.code;
      const Eigen::Index first = code.first_of_share(missing), count = code.share_size(q.count, missing);
      cluster_.compute(nn::reconstruct_flops(code, q.count, state.outputs.rows(), first, count));
      complete(q.first + first,
               nn::reconstruct(code, state.parity_outputs, state.outputs, first, count, serving_.zero_output),
               state.answers, true);
    } else {
      ++outcome_.timed_out_requests;
      for (long id = q.first; id < q.first + q.count; ++id)
        outcome_.unanswered_queries += !outcome_.record.queries[static_cast<std::size_t>(id)].answered();
    }
    close(request);
    return 1;
  }

  // Queries from `first` on are answered now by these outputs, one column each.
  void complete(long first, const nn::Matrix& outputs, int answers_used, bool reconstructed) {
    for (Eigen::Index c = 0; c < outputs.cols(); ++c) {
      auto& query = outcome_.record.queries[static_cast<std::size_t>(first + c)];
      query.completion_s = sg4::Engine::get_clock();
      query.answers_used = answers_used;
      query.reconstructed = reconstructed;
      outputs.col(c).maxCoeff(&query.predicted);
    }
  }

  // Cancels the tasks still out and forgets the request's outputs.
  void close(long request) {
    auto& state = state_of(request);
    deadlines_.erase({state.deadline, request});
    for (int w = 0; w <= parity_worker_; ++w)
      if (state.waiting[static_cast<std::size_t>(w)]) {
        post(w, ToWorker::Kind::cancel, request, kControlBytes);
        ++outcome_.cancelled_requests;
      }
    state.closed = true;
    state.outputs = {};
    state.parity_outputs = {};
  }

  cluster::Cluster& cluster_;
  const Actors& actors_;
  const scenario::Serving& stream_;
  const ParityServing& serving_;
  ServingOutcome& outcome_;
  int parity_worker_;
  std::vector<double> arrivals_;
  std::vector<RequestState> states_;
  std::vector<sg4::Mailbox*> to_worker_;
  Deadlines deadlines_;  // of requests not yet closed
  Eigen::Index features_;
  double value_bytes_;
};

}  // namespace

void run_parity_frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in,
                         const ParityServing& serving, ServingOutcome& outcome) {
  Frontend(cluster, actors, in, serving, outcome).run();
}

}  // namespace ssim::schemes
