// IDX files as published for MNIST: a big-endian header (magic, counts, dimensions) followed
// by unsigned bytes. zlib's gz* functions read gzipped and plain files alike.
#include "data/loaders.hpp"
#include <fmt/format.h>
#include <zlib.h>
#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ssim::data {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr int kMnistClasses = 10;

class GzFile {
 public:
  explicit GzFile(std::string path) : path_(std::move(path)), file_(gzopen(path_.c_str(), "rb")) {
    if (file_ == nullptr) throw std::runtime_error(path_ + ": cannot open");
    gzbuffer(file_, 1 << 17);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;
  ~GzFile() { gzclose(file_); }

  const std::string& path() const { return path_; }

  // Reads up to `bytes` bytes; fewer only at the end of the data.
  std::vector<unsigned char> read(std::uint64_t bytes) {
    // Grows in steps so a header announcing absurd counts fails as truncated, not as bad_alloc.
    constexpr std::uint64_t kStep = std::uint64_t{1} << 26;
    std::vector<unsigned char> data;
    while (data.size() < bytes) {
      const auto want = static_cast<unsigned>(std::min<std::uint64_t>({bytes - data.size(), kStep, INT_MAX}));
      const std::size_t offset = data.size();
      data.resize(offset + want);
      const int got = gzread(file_, data.data() + offset, want);
      if (got < 0) {
        int code = Z_OK;
        std::string message = gzerror(file_, &code);
        if (message.starts_with(path_ + ": ")) message.erase(0, path_.size() + 2);  // zlib names the file too
        throw std::runtime_error(path_ + ": read error: " + message);
      }
      data.resize(offset + static_cast<std::size_t>(got));
      if (got == 0) break;
    }
    return data;
  }

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

 private:
  std::uint32_t read_field(const char* what) {
    const auto b = read(4);
    if (b.size() < 4) throw std::runtime_error(path_ + ": not an IDX " + what + " file (header too short)");
    return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
  }

  std::string path_;
  gzFile file_;
};

void check_complete(const GzFile& file, std::size_t bytes_read, std::uint64_t record_bytes,
                    std::uint64_t records, const char* what) {
  if (bytes_read < record_bytes * records)
    throw std::runtime_error(fmt::format("{}: truncated after {} of {} {}", file.path(),
                                         bytes_read / record_bytes, records, what));
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
  GzFile images(images_path);
  const auto [image_count, rows, cols] = images.read_header<3>(kImagesMagic, "image");
  if (rows == 0 || cols == 0)
    throw std::runtime_error(fmt::format("{}: empty images ({}x{} pixels)", images_path, rows, cols));

  GzFile labels(labels_path);
  const auto [label_count] = labels.read_header<1>(kLabelsMagic, "label");
  if (image_count != label_count)
    throw std::runtime_error(fmt::format("{} holds {} images but {} holds {} labels", images_path,
                                         image_count, labels_path, label_count));

  const std::uint64_t count =
      limit > 0 ? std::min<std::uint64_t>(image_count, static_cast<std::uint64_t>(limit)) : image_count;
  const std::uint64_t pixels = std::uint64_t{rows} * cols;
  if (pixels > std::uint64_t{INT32_MAX})
    throw std::runtime_error(fmt::format("{}: images of {}x{} pixels are too large", images_path, rows, cols));

  const auto pixel_bytes = images.read(pixels * count);
  check_complete(images, pixel_bytes.size(), pixels, count, "images");
  const auto label_bytes = labels.read(count);
  check_complete(labels, label_bytes.size(), 1, count, "labels");

  using ByteMatrix = Eigen::Matrix<unsigned char, Eigen::Dynamic, Eigen::Dynamic>;
  const auto n = static_cast<Eigen::Index>(count);
  Dataset dataset;
  dataset.name = images_path;
  // Each image is stored row by row, which becomes one column of `features`.
  dataset.features = Eigen::Map<const ByteMatrix>(pixel_bytes.data(), static_cast<Eigen::Index>(pixels), n)
                         .cast<float>() / 255.0f;
  dataset.labels = Eigen::Map<const Eigen::Matrix<unsigned char, Eigen::Dynamic, 1>>(label_bytes.data(), n)
                       .cast<int>();
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
