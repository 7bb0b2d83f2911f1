// What each host did during a run: flops computed, time busy, bytes and messages sent and received.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace ssim::cluster {

struct HostRecord {
  std::string name;
  std::string role;
  double flops = 0;
  double busy_s = 0;
  double bytes_out = 0, bytes_in = 0;
  long messages_out = 0, messages_in = 0;
  double failed_at_s = -1;  // < 0: never failed
};

struct LinkRecord {
  std::string name;       // a full-duplex link's directions are separate links (NAME_UP, NAME_DOWN)
  double bandwidth = 0;   // bytes/s
  double latency_s = 0;
  double bytes = 0;       // payload bytes of the messages that crossed it
  long messages = 0;
  double transmit_s() const { return bytes / bandwidth; }  // time to send those bytes at full rate
};

class Ledger {
 public:
  // Hosts in role order; records are created for them up front so the report lists idle hosts too.
  void add_host(const std::string& name, const std::string& role);
  HostRecord& host(const std::string& name) { return records_[host_index(name)]; }
  // Where a host's record stays while records are added: callers on every message keep it.
  std::size_t host_index(const std::string& name);
  HostRecord& host_at(std::size_t index) { return records_[index]; }
  const std::vector<HostRecord>& hosts() const { return records_; }
  LinkRecord& link(const std::string& name, double bandwidth, double latency_s) {
    return links_[link_index(name, bandwidth, latency_s)];
  }
  std::size_t link_index(const std::string& name, double bandwidth, double latency_s);
  LinkRecord& link_at(std::size_t index) { return links_[index]; }
  // Links in the order they were first crossed.
  const std::vector<LinkRecord>& links() const { return links_; }
  double total_flops() const;
  double total_bytes_sent() const;

 private:
  std::vector<HostRecord> records_;
  std::map<std::string, std::size_t> index_;
  std::vector<LinkRecord> links_;
  std::map<std::string, std::size_t> link_index_;
};

}  // namespace ssim::cluster
