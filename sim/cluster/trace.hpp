// What each host did when, recorded for a run with `trace: true`: its computations (with flops and
// straggle factor) and the messages it sent (bytes, peer, kind), with when each was sent and when
// its receiver took it. report/trace_files.hpp writes them as trace.json and messages.csv. A run
// without a trace records nothing (Cluster holds no Trace).
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace ssim::cluster {

class Trace {
 public:
  struct Computation {
    int host;  // an index into hosts()
    double start_s, end_s, flops, slowdown;
  };
  struct Message {
    int from, to;  // indices into hosts(); to < 0 until read when its inbox had no owner
    std::string kind;   // the message's type, as the scheme names it
    std::string inbox;  // the mailbox it was posted to
    double bytes, sent_s;
    double received_s = -1;  // when its receiver took it; < 0: never read
  };

  // At most `max_events` computations and messages are kept: a run of billions would not fit in a
  // file anyone could open. The rest are counted, not kept.
  explicit Trace(std::size_t max_events) : max_events_(max_events) {}

  void computed(const std::string& host, double start_s, double end_s, double flops, double slowdown);
  // `message`: its address, by which received() finds it, or null for one that will never be read
  // (sent to a failed host).
  void sent(const void* message, const std::string& kind, const std::string& from, const std::string& to,
            const std::string& inbox, double bytes, double at_s);
  void received(const void* message, const std::string& host, double at_s);

  const std::vector<std::string>& hosts() const { return hosts_; }
  const std::vector<Computation>& computations() const { return computations_; }
  const std::vector<Message>& messages() const { return messages_; }
  std::size_t left_out() const { return left_out_; }
  std::size_t max_events() const { return max_events_; }

 private:
  int host_index(const std::string& host);
  bool keep();

  std::size_t max_events_, left_out_ = 0;
  std::vector<std::string> hosts_;
  std::unordered_map<std::string, int> host_indices_;
  std::vector<Computation> computations_;
  std::vector<Message> messages_;
  std::unordered_map<const void*, std::size_t> unread_;  // message address -> index in messages_
};

// The last name of a type, as its scheme spells it ("Parameters", not "ssim::schemes::Parameters").
std::string type_name(const char* mangled);

}  // namespace ssim::cluster
