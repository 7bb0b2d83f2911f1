// IDX files as published for MNIST: a big-endian header (magic, counts, dimensions) followed
// by unsigned bytes, gzipped or not (data/decoded_file.hpp decompresses them).
#include "data/decoded_file.hpp"
#include "data/loaders.hpp"
#include <fmt/format.h>
#include <sys/mman.h>
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

namespace ssim::data {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr int kMnistClasses = 10;

// An IDX file's header fields, then its records.
class IdxFile {
 public:
  explicit IdxFile(std::string path) : path_(std::move(path)), file_(path_), rest_(file_.bytes()) {}

  // The header's 32-bit big-endian fields after the magic number, which is checked first.
  template <std::size_t N>
  std::array<std::uint32_t, N> read_header(std::uint32_t expected_magic, const char* what) {
    const std::uint32_t magic = read_field(what);
    if (magic != expected_magic)
      throw std::runtime_error(fmt::format("{}: not an IDX {} file (magic 0x{:08x}, expected 0x{:08x})", path_,
                                           what, magic, expected_magic));
    std::array<std::uint32_t, N> fields{};
    for (auto& field : fields) field = read_field(what);
    return fields;
  }

  // The first `records` records of `record_bytes` bytes after the header.
  std::span<const unsigned char> records(std::uint64_t record_bytes, std::uint64_t records, const char* what) const {
    if (rest_.size() < record_bytes * records)
      throw std::runtime_error(fmt::format("{}: truncated after {} of {} {}", path_, rest_.size() / record_bytes,
                                           records, what));
    return rest_.first(record_bytes * records);
  }

 private:
  std::uint32_t read_field(const char* what) {
    if (rest_.size() < 4) throw std::runtime_error(path_ + ": not an IDX " + what + " file (header too short)");
    const auto b = rest_;
    rest_ = rest_.subspan(4);
    return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
  }

  std::string path_;
  DecodedFile file_;
  std::span<const unsigned char> rest_;  // of file_, after what has been read
};

// Asks for the fresh memory at `data` to be mapped 2 MB at a time rather than 4 kB: on a virtual
// machine a page fault can cost more than converting the page's pixels, and a training set takes
// tens of thousands of them.
void advise_huge_pages(void* data, std::size_t bytes) {
  constexpr std::uintptr_t kHugePage = 2 << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHugePage - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice only
}

// Pixels scaled to [0, 1] by a loop the compiler vectorises; a division (not a product with 1/255),
// which gives the same bits scalar or vectorised.
void scale_pixels(std::span<const unsigned char> pixels, float* out) {
  advise_huge_pages(out, pixels.size() * sizeof(float));
  for (std::size_t i = 0; i < pixels.size(); ++i) out[i] = static_cast<float>(pixels[i]) / 255.0f;
}

std::string find_in(const std::filesystem::path& directory, const std::string& stem) {
  for (const char* suffix : {".gz", ""}) {  // the gzipped copy is what distributions ship
    const auto candidate = directory / (stem + suffix);
    if (std::filesystem::is_regular_file(candidate)) return candidate.string();
  }
  throw std::runtime_error(fmt::format("{}: no {} or {}.gz", directory.string(), stem, stem));
}

}  // namespace

Dataset load_idx(const std::string& images_path, const std::string& labels_path, Eigen::Index limit) {
  IdxFile images(images_path);
  const auto [image_count, rows, cols] = images.read_header<3>(kImagesMagic, "image");
  if (rows == 0 || cols == 0)
    throw std::runtime_error(fmt::format("{}: empty images ({}x{} pixels)", images_path, rows, cols));

  IdxFile labels(labels_path);
  const auto [label_count] = labels.read_header<1>(kLabelsMagic, "label");
  if (image_count != label_count)
    throw std::runtime_error(fmt::format("{} holds {} images but {} holds {} labels", images_path,
                                         image_count, labels_path, label_count));

  const std::uint64_t count =
      limit > 0 ? std::min<std::uint64_t>(image_count, static_cast<std::uint64_t>(limit)) : image_count;
  const std::uint64_t pixels = std::uint64_t{rows} * cols;
  if (pixels > std::uint64_t{INT32_MAX})
    throw std::runtime_error(fmt::format("{}: images of {}x{} pixels are too large", images_path, rows, cols));

  const auto pixel_bytes = images.records(pixels, count, "images");
  const auto label_bytes = labels.records(1, count, "labels");

  const auto n = static_cast<Eigen::Index>(count);
  Dataset dataset;
  dataset.name = images_path;
  // Each image is stored row by row, which becomes one column of `features`.
  dataset.features.resize(static_cast<Eigen::Index>(pixels), n);
  scale_pixels(pixel_bytes, dataset.features.data());
  dataset.labels.resize(n);
  std::copy(label_bytes.begin(), label_bytes.end(), dataset.labels.data());
  dataset.shape = {1, static_cast<int>(rows), static_cast<int>(cols)};
  dataset.num_classes = std::max(kMnistClasses, n > 0 ? dataset.labels.maxCoeff() + 1 : 0);
  return dataset;
}

MnistFiles find_mnist_files(const std::string& directory, bool train) {
  const std::filesystem::path dir(directory);
  const std::string prefix = train ? "train" : "t10k";
  return {find_in(dir, prefix + "-images-idx3-ubyte"), find_in(dir, prefix + "-labels-idx1-ubyte")};
}

Dataset load_mnist_dir(const std::string& directory, bool train, Eigen::Index limit) {
  const auto files = find_mnist_files(directory, train);
  Dataset dataset = load_idx(files.images, files.labels, limit);
  auto folder = std::filesystem::path(directory).lexically_normal();
  if (!folder.has_filename()) folder = folder.parent_path();  // "dir/" has an empty filename
  dataset.name = folder.filename().string() + (train ? "/train" : "/test");
  return dataset;
}

}  // namespace ssim::data
