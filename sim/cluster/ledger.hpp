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

class Ledger {
 public:
  // Hosts in role order; records are created for them up front so the report lists idle hosts too.
  void add_host(const std::string& name, const std::string& role);
  HostRecord& host(const std::string& name);
  const std::vector<HostRecord>& hosts() const { return records_; }
  double total_flops() const;
  double total_bytes_sent() const;

 private:
  std::vector<HostRecord> records_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace ssim::cluster
