#include "sweep/shard.hpp"
#include "sweep/table.hpp"
#include <charconv>
#include <cstdlib>
#include <fmt/format.h>

namespace ssim::sweep {
namespace {

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> environment_int(const char* name) {
  const char* text = std::getenv(name);
  return text ? parse_int(text) : std::nullopt;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  const auto index = slash == std::string::npos ? std::nullopt : parse_int(std::string_view(text).substr(0, slash));
  const auto count = slash == std::string::npos ? std::nullopt : parse_int(std::string_view(text).substr(slash + 1));
  if (!index || !count || *count < 1 || *index < 0 || *index >= *count)
    throw SweepError(fmt::format("--shard {}: expected I/N with 0 <= I < N, e.g. 0/4 for the first of four", text));
  return {*index, *count};
}

std::optional<Shard> launcher_shard() {
  for (const auto& [rank_name, size_name] : {std::pair{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"},
                                             std::pair{"PMI_RANK", "PMI_SIZE"}}) {
    const auto rank = environment_int(rank_name);
    const auto size = environment_int(size_name);
    if (rank && size && *size > 1 && *rank >= 0 && *rank < *size) return Shard{*rank, *size};
  }
  return std::nullopt;
}

int ranks_on_this_machine() {
  const auto local = environment_int("OMPI_COMM_WORLD_LOCAL_SIZE");
  return local && *local > 0 ? *local : 1;
}

}  // namespace ssim::sweep
