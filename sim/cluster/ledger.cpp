#include "cluster/ledger.hpp"
#include <stdexcept>

namespace ssim::cluster {

void Ledger::add_host(const std::string& name, const std::string& role) {
  if (index_.count(name)) throw std::logic_error("host " + name + " has two roles");
  index_[name] = records_.size();
  records_.push_back(HostRecord{.name = name, .role = role});
}

std::size_t Ledger::host_index(const std::string& name) {
  auto it = index_.find(name);
  if (it == index_.end()) {  // a host the scheme uses without a role (e.g. a router's peer)
    add_host(name, "");
    it = index_.find(name);
  }
  return it->second;
}

std::size_t Ledger::link_index(const std::string& name, double bandwidth, double latency_s) {
  auto [it, added] = link_index_.emplace(name, links_.size());
  if (added) links_.push_back(LinkRecord{.name = name, .bandwidth = bandwidth, .latency_s = latency_s});
  return it->second;
}

double Ledger::total_flops() const {
  double total = 0;
  for (const auto& r : records_) total += r.flops;
  return total;
}

double Ledger::total_bytes_sent() const {
  double total = 0;
  for (const auto& r : records_) total += r.bytes_out;
  return total;
}

}  // namespace ssim::cluster
