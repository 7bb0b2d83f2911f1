#include "cluster/roles.hpp"
#include <cctype>

namespace ssim::cluster {

RoleLayout single_host_layout() { return workers_only_layout(1); }

RoleLayout server_workers_layout(int workers) {
  RoleLayout layout{.roles = {"server"}, .first_worker = 1, .workers = workers};
  for (int w = 0; w < workers; ++w) layout.roles.push_back("worker-" + std::to_string(w));
  return layout;
}

RoleLayout workers_only_layout(int workers) {
  RoleLayout layout{.roles = {}, .first_worker = 0, .workers = workers};
  for (int w = 0; w < workers; ++w) layout.roles.push_back("worker-" + std::to_string(w));
  return layout;
}

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && std::isdigit(static_cast<unsigned char>(a[i_end]))) ++i_end;
      while (j_end < b.size() && std::isdigit(static_cast<unsigned char>(b[j_end]))) ++j_end;
      // Compare digit runs by value: a shorter run (without leading zeros) is smaller.
      std::string x = a.substr(i, i_end - i), y = b.substr(j, j_end - j);
      x.erase(0, x.find_first_not_of('0'));
      y.erase(0, y.find_first_not_of('0'));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i_end;
      j = j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace ssim::cluster
