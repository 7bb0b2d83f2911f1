#include "schemes/gather.hpp"
#include <algorithm>

namespace ssim::schemes {

GatherBook::GatherBook(int peers, const GatherPolicy& policy) : policy_(policy) {
  for (int p = 0; p < peers; ++p) alive_.insert(p);
}

void GatherBook::start(long round) {
  round_ = round;
  expected_ = alive_;
  heard_.clear();
  const int alive = static_cast<int>(alive_.size());
  needed_ = policy_.wait_for > 0 ? std::min(policy_.wait_for, alive) : alive;
}

GatherBook::Heard GatherBook::hear(int peer, long round) {
  Heard heard;
  heard.revived = alive_.insert(peer).second;
  if (round != round_ || heard_.count(peer)) {
    ++stale_messages_;
    return heard;
  }
  heard_.insert(peer);
  heard.counts = true;
  return heard;
}

void GatherBook::time_out() {
  ++timed_out_rounds_;
  if (policy_.on_timeout == OnTimeout::keep_answered) {
    alive_ = heard_;
    return;
  }
  for (int peer : expected_)
    if (!heard_.count(peer)) alive_.erase(peer);
}

}  // namespace ssim::schemes
