#include "cluster/trace.hpp"
#include <cxxabi.h>
#include <cstdlib>
#include <memory>

namespace ssim::cluster {

int Trace::host_index(const std::string& host) {
  const auto [found, added] = host_indices_.try_emplace(host, static_cast<int>(hosts_.size()));
  if (added) hosts_.push_back(host);
  return found->second;
}

bool Trace::keep() {
  if (computations_.size() + messages_.size() < max_events_) return true;
  ++left_out_;
  return false;
}

void Trace::computed(const std::string& host, double start_s, double end_s, double flops, double slowdown) {
  if (keep()) computations_.push_back({host_index(host), start_s, end_s, flops, slowdown});
}

void Trace::sent(const void* message, const std::string& kind, const std::string& from, const std::string& to,
                 const std::string& inbox, double bytes, double at_s) {
  if (!keep()) return;
  if (message) unread_[message] = messages_.size();
  messages_.push_back({host_index(from), to.empty() ? -1 : host_index(to), kind, inbox, bytes, at_s});
}

void Trace::received(const void* message, const std::string& host, double at_s) {
  const auto found = unread_.find(message);
  if (found == unread_.end()) return;  // sent after the cap
  auto& m = messages_[found->second];
  m.received_s = at_s;
  m.to = host_index(host);
  unread_.erase(found);
}

std::string type_name(const char* mangled) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> demangled(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                                          std::free);
  std::string name = status == 0 ? demangled.get() : mangled;
  const auto last = name.rfind("::");
  return last == std::string::npos ? name : name.substr(last + 2);
}

}  // namespace ssim::cluster
