// A deterministic share of a sweep's points, so that several machines (or MPI ranks) can split
// it: shard i of n holds the points whose index is i modulo n.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace ssim::sweep {

struct Shard {
  int index = 0;
  int count = 1;
  bool holds(std::size_t point) const { return static_cast<int>(point % static_cast<std::size_t>(count)) == index; }
  bool whole() const { return count == 1; }
};

// "I/N" with 0 <= I < N; throws SweepError otherwise.
Shard parse_shard(const std::string& text);

// The rank's shard when this process is one of several started by mpirun (OpenMPI, or any
// launcher that sets PMI_RANK and PMI_SIZE); nothing when it was started alone.
std::optional<Shard> launcher_shard();
// How many of those ranks share this machine (1 when started alone).
int ranks_on_this_machine();

}  // namespace ssim::sweep
