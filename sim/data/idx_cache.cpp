#include "data/idx_cache.hpp"
#include "common/fnv1a.hpp"
#include "common/scope_exit.hpp"
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace ssim::data {
namespace {

namespace fs = std::filesystem;

// A copy's header, all integers little-endian: the magic (which names the format and its
// version), the source's size and modification time, the content's length and checksum, the
// length of the source's canonical path, then the path itself. The content follows.
constexpr std::array<unsigned char, 8> kMagic = {'S', 'S', 'I', 'M', 'D', 'E', 'C', '1'};
constexpr std::size_t kFixedHeader = kMagic.size() + 4 * 8 + 4;

constexpr std::uint64_t kFnvBasis = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

// FNV-1a taken a 64-bit word at a time in eight interleaved lanes (two vector registers' worth),
// so that checking a cached copy runs at memory speed rather than one multiplication per byte;
// a changed word changes its lane.
std::uint64_t content_checksum(std::span<const unsigned char> bytes) {
  constexpr std::size_t kLanes = 8;
  std::array<std::uint64_t, kLanes> lanes{};
  for (std::size_t lane = 0; lane < kLanes; ++lane) lanes[lane] = kFnvBasis + lane;
  std::size_t i = 0;
  for (; i + 8 * kLanes <= bytes.size(); i += 8 * kLanes)
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + i + 8 * lane, 8);  // x86-64: little-endian, unaligned loads
      lanes[lane] = (lanes[lane] ^ word) * kFnvPrime;
    }
  std::uint64_t hash = kFnvBasis;
  for (const std::uint64_t lane : lanes) hash = (hash ^ lane) * kFnvPrime;
  for (; i < bytes.size(); ++i) hash = (hash ^ bytes[i]) * kFnvPrime;
  return (hash ^ bytes.size()) * kFnvPrime;
}

void put(std::vector<unsigned char>& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

std::uint64_t get(std::span<const unsigned char> in, std::size_t offset, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= std::uint64_t{in[offset + static_cast<std::size_t>(i)]} << (8 * i);
  return value;
}

std::vector<unsigned char> header_of(const SourceKey& source, std::span<const unsigned char> content) {
  std::vector<unsigned char> header(kMagic.begin(), kMagic.end());
  put(header, source.size, 8);
  put(header, static_cast<std::uint64_t>(source.mtime_ns), 8);
  put(header, content.size(), 8);
  put(header, content_checksum(content), 8);
  put(header, source.canonical_path.size(), 4);
  header.insert(header.end(), source.canonical_path.begin(), source.canonical_path.end());
  return header;
}

bool has_magic(std::span<const unsigned char> bytes) {
  return bytes.size() >= kMagic.size() && std::equal(kMagic.begin(), kMagic.end(), bytes.begin());
}

// The content of a whole copy of `source`, or an empty optional.
std::optional<std::span<const unsigned char>> content_of(std::span<const unsigned char> file, const SourceKey& source) {
  if (file.size() < kFixedHeader || !has_magic(file)) return std::nullopt;
  const std::size_t path_size = get(file, kFixedHeader - 4, 4);
  if (file.size() < kFixedHeader + path_size) return std::nullopt;
  const std::string_view path(reinterpret_cast<const char*>(file.data()) + kFixedHeader, path_size);
  const auto content = file.subspan(kFixedHeader + path_size);
  const bool same_source = path == source.canonical_path && get(file, 8, 8) == source.size &&
                           get(file, 16, 8) == static_cast<std::uint64_t>(source.mtime_ns);
  if (!same_source || get(file, 24, 8) != content.size() || get(file, 32, 8) != content_checksum(content))
    return std::nullopt;
  return content;
}

// Whether `path` is a regular file that starts as a copy of ours does: only such files are replaced.
bool is_ours(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  const ScopeExit close_file([fd] { ::close(fd); });
  struct stat status {};
  std::array<unsigned char, kMagic.size()> start{};
  return ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) &&
         ::pread(fd, start.data(), start.size(), 0) == static_cast<ssize_t>(start.size()) && has_magic(start);
}

// One line per directory and reason a process could not use, however many files it loads.
void warn_once(const std::string& what) {
  static std::mutex mutex;
  static std::set<std::string> warned;
  const std::lock_guard lock(mutex);
  if (warned.insert(what).second) std::cerr << "warning: " << what << "; reading data without the cache\n";
}

bool write_all(int fd, std::span<const unsigned char> bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
  return true;
}

// A new file beside `target`, named by the process and a random suffix: writers never share one.
std::pair<int, fs::path> create_temporary(const fs::path& target) {
  std::random_device random;
  for (int attempt = 0;; ++attempt) {
    const fs::path path = fmt::format("{}.{}-{:08x}{:08x}.tmp", target.string(), ::getpid(), random(), random());
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST || attempt == 8) return {fd, path};
  }
}

}  // namespace

fs::path cache_directory() {
  auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
  };
  if (const char* dir = set("STRAGGLESIM_CACHE_DIR")) return dir;
  // The XDG base directory specification ignores a relative XDG_CACHE_HOME.
  if (const char* xdg = set("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') return fs::path(xdg) / "stragglesim";
  if (const char* home = set("HOME")) return fs::path(home) / ".cache" / "stragglesim";
  return {};
}

SourceKey source_key(int fd, const std::string& path) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
  std::error_code error;
  fs::path canonical = fs::canonical(path, error);
  if (error) canonical = fs::absolute(path).lexically_normal();
  return {canonical.string(), static_cast<std::uint64_t>(status.st_size),
          std::int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec};
}

fs::path DecodedCache::file_for(const SourceKey& source) const {
  const std::string key = fmt::format("{}\n{}\n{}", source.canonical_path, source.size, source.mtime_ns);
  return directory_ / fmt::format("idx-{:016x}.decoded", fnv1a(key));
}

std::optional<DecodedCache::Copy> DecodedCache::find(const SourceKey& source) const {
  if (directory_.empty()) return std::nullopt;
  const fs::path path = file_for(source);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  const ScopeExit close_file([fd] { ::close(fd); });
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
  try {
    MappedFile file(fd, path.string(), MappedFile::Reading::whole);  // checked whole
    const auto content = content_of(file.bytes(), source);
    if (!content) return std::nullopt;
    return Copy{std::move(file), *content};  // the mapping stays where it is
  } catch (const std::runtime_error&) {  // unmappable: as if there were no copy
    return std::nullopt;
  }
}

void DecodedCache::store(const SourceKey& source, std::span<const unsigned char> decoded) const {
  if (directory_.empty()) {
    warn_once("no cache directory: none of STRAGGLESIM_CACHE_DIR, XDG_CACHE_HOME and HOME is set");
    return;
  }
  std::error_code error;
  fs::create_directories(directory_, error);
  if (error) {
    warn_once(fmt::format("cannot create the cache directory {}: {}", directory_.string(), error.message()));
    return;
  }
  const fs::path target = file_for(source);
  if (fs::symlink_status(target, error).type() != fs::file_type::not_found && !is_ours(target)) {
    warn_once(fmt::format("{} is not a stragglesim cache file, so it is left as it is", target.string()));
    return;
  }
  const auto [fd, temporary] = create_temporary(target);
  if (fd < 0) {
    warn_once(fmt::format("cannot write in the cache directory {}: {}", directory_.string(), std::strerror(errno)));
    return;
  }
  const bool written = write_all(fd, header_of(source, decoded)) && write_all(fd, decoded);
  const int write_error = errno;
  if (::close(fd) != 0 || !written || ::rename(temporary.c_str(), target.c_str()) != 0) {
    const int failure = written ? errno : write_error;
    ::unlink(temporary.c_str());
    warn_once(fmt::format("cannot write in the cache directory {}: {}", directory_.string(), std::strerror(failure)));
  }
}

}  // namespace ssim::data
