#include "models/ring_tmp_schedule.hpp"
#include <algorithm>
#include <deque>
#include <stdexcept>

namespace ssim::models {

namespace {

class RingSchedule {
 public:
  explicit RingSchedule(const RingTmpScheduleInput& in)
      : in_(in),
        n_(static_cast<int>(in.node_speeds.size())),
        per_epoch_(static_cast<long>(in.epoch_batch_samples.size())),
        net_(in.routes),
        nodes_(n_),
        end_of_epoch_(per_epoch_) {}

  double run() {
    for (int w = 0; w < n_; ++w) next(w, 0.0);
    while (true) {
      double t = net_.next_event();
      for (const auto& node : nodes_)
        if (node.busy) t = std::min(t, node.free_at);
      if (t == FlowNetwork::kNever) break;
      const auto arrivals = net_.advance_to(t);
      for (int id : arrivals) arrival_[id] = t;
      for (int w = 0; w < n_; ++w)
        if (nodes_[w].busy && nodes_[w].free_at == t) computed(w, t);
      for (int w = 0; w < n_; ++w) next(w, t);
    }
    double end = 0;
    for (const auto& node : nodes_) {
      if (!node.done) throw std::logic_error("ring_tmp schedule: a node never finished");
      end = std::max(end, node.done_at);
    }
    return end;
  }

 private:
  enum class Work { forward, loss, backward };
  static constexpr double kNotYet = -1;
  struct Message {
    bool forward;
    long batch;
  };
  struct Node {
    // Message ids not yet taken, by connection: from the predecessor, from the successor (one
    // connection when they are one node).
    std::deque<int> connections[2];
    bool busy = false, done = false;
    double free_at = 0, done_at = 0;
    Work work = Work::forward;
    long batch = 0;
    long back_propagated = 0;
  };

  long samples(long batch) const { return in_.epoch_batch_samples[batch % per_epoch_]; }
  long batches() const { return per_epoch_ * in_.epochs; }

  void start(int w, Work work, long batch, double t) {
    auto& node = nodes_[w];
    const long s = samples(batch);
    const double flops = work == Work::forward ? in_.forward_flops(w, s)
                         : work == Work::loss  ? in_.loss_flops(s)
                                               : in_.backward_flops(w, s);
    const double factor = in_.straggle_factor ? in_.straggle_factor(w, batch) : 1.0;
    node.busy = true;
    node.work = work;
    node.batch = batch;
    node.free_at = in_.node_speeds[w].finish(t, flops * factor);
  }

  // Node w sends forward (to w+1) or back (to w-1); a node alone passes it to itself at once.
  void send(int w, bool forward, long batch, double t) {
    const int to = forward ? (w + 1) % n_ : (w + n_ - 1) % n_;
    const long width = in_.cut_widths[forward ? w : to];
    int id;
    if (n_ == 1) {
      id = static_cast<int>(messages_.size());
    } else {
      id = net_.send(forward ? w : n_ + w, static_cast<double>(width * samples(batch)) * in_.bytes_per_value, t);
    }
    if (id != static_cast<int>(messages_.size())) throw std::logic_error("ring_tmp schedule: message ids out of step");
    messages_.push_back({forward, batch});
    arrival_.push_back(n_ == 1 ? t : kNotYet);
    nodes_[to].connections[forward || n_ <= 2 ? 0 : 1].push_back(id);
  }

  void computed(int w, double t) {
    auto& node = nodes_[w];
    node.busy = false;
    switch (node.work) {
      case Work::forward: send(w, true, node.batch, t); break;
      case Work::loss: send(w, false, node.batch, t); break;
      case Work::backward:
        if (w != 0) send(w, false, node.batch, t);
        else ++completed_;
        if (++node.back_propagated == batches()) {
          node.done = true;
          node.done_at = t;
        }
        break;
    }
  }

  // The message that arrived first, the predecessor's of two arriving at one instant.
  bool take(int w, double t) {
    auto& node = nodes_[w];
    std::deque<int>* first = nullptr;
    for (auto& connection : node.connections)
      if (!connection.empty() && arrival_[connection.front()] != kNotYet &&
          (!first || arrival_[connection.front()] < arrival_[first->front()]))
        first = &connection;
    if (!first) return false;
    const auto message = messages_[first->front()];
    first->pop_front();
    if (message.forward) start(w, w == 0 ? Work::loss : Work::forward, message.batch, t);
    else start(w, Work::backward, message.batch, t);
    return true;
  }

  void next(int w, double t) {
    auto& node = nodes_[w];
    if (node.busy || node.done) return;
    if (w != 0) {
      take(w, t);
      return;
    }
    if (completed_ == end_of_epoch_ && injected_ == end_of_epoch_) end_of_epoch_ += per_epoch_;  // drained
    if (injected_ < end_of_epoch_ && injected_ < batches() && injected_ - completed_ < in_.in_flight) {
      start(0, Work::forward, injected_++, t);
      return;
    }
    take(0, t);
  }

  const RingTmpScheduleInput& in_;
  int n_;
  long per_epoch_;
  FlowNetwork net_;
  std::vector<Node> nodes_;
  std::vector<Message> messages_;  // by id
  std::vector<double> arrival_;  // by message id: when it arrived, or kNotYet
  long injected_ = 0, completed_ = 0, end_of_epoch_;
};

}  // namespace

double ring_tmp_schedule(const RingTmpScheduleInput& in) {
  const auto n = in.node_speeds.size();
  if (n == 0 || in.cut_widths.size() != n) throw std::invalid_argument("ring_tmp schedule: a speed and a cut per node");
  if (n > 1 && in.routes.routes.size() != 2 * n) throw std::invalid_argument("ring_tmp schedule: 2N routes");
  if (in.in_flight < 1) throw std::invalid_argument("ring_tmp schedule: at least one batch in flight");
  if (in.epoch_batch_samples.empty()) return 0;
  return RingSchedule(in).run();
}

}  // namespace ssim::models
