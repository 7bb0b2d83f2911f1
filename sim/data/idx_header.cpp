// The headers of an IDX pair, read without their samples: gzread inflates a gzipped file only as far
// as the bytes asked for, so this costs a few kilobytes whatever the size of the set.
#include "data/loaders.hpp"
#include <fmt/format.h>
#include <zlib.h>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace ssim::data {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions (as load_idx reads)
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension

// The 32-bit big-endian fields of a header, magic number first, which is checked.
template <std::size_t N>
std::array<std::uint32_t, N> header_fields(const std::string& path, std::uint32_t expected_magic, const char* what) {
  const gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error(path + ": cannot open");
  std::array<unsigned char, 4 * (N + 1)> bytes{};
  const int got = gzread(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
  if (got < 0) throw std::runtime_error(path + ": read error");
  if (static_cast<std::size_t>(got) < bytes.size())
    throw std::runtime_error(fmt::format("{}: not an IDX {} file (header too short)", path, what));
  auto field = [&bytes](std::size_t i) {
    return std::uint32_t{bytes[4 * i]} << 24 | std::uint32_t{bytes[4 * i + 1]} << 16 |
           std::uint32_t{bytes[4 * i + 2]} << 8 | bytes[4 * i + 3];
  };
  if (field(0) != expected_magic)
    throw std::runtime_error(fmt::format("{}: not an IDX {} file (magic 0x{:08x}, expected 0x{:08x})", path, what,
                                         field(0), expected_magic));
  std::array<std::uint32_t, N> fields{};
  for (std::size_t i = 0; i < N; ++i) fields[i] = field(i + 1);
  return fields;
}

}  // namespace

IdxHeader read_idx_header(const std::string& images_path, const std::string& labels_path) {
  const auto [image_count, rows, cols] = header_fields<3>(images_path, kImagesMagic, "image");
  if (rows == 0 || cols == 0)
    throw std::runtime_error(fmt::format("{}: empty images ({}x{} pixels)", images_path, rows, cols));
  if (std::uint64_t{rows} * cols > std::uint64_t{INT32_MAX})
    throw std::runtime_error(fmt::format("{}: images of {}x{} pixels are too large", images_path, rows, cols));
  const auto [label_count] = header_fields<1>(labels_path, kLabelsMagic, "label");
  if (image_count != label_count)
    throw std::runtime_error(fmt::format("{} holds {} images but {} holds {} labels", images_path, image_count,
                                         labels_path, label_count));
  return {static_cast<Eigen::Index>(image_count), {1, static_cast<int>(rows), static_cast<int>(cols)}};
}

IdxHeader read_mnist_header(const std::string& directory, bool train) {
  const auto files = find_mnist_files(directory, train);
  return read_idx_header(files.images, files.labels);
}

}  // namespace ssim::data
