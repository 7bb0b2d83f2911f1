#include "data/partition.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ssim::data {
namespace {

long ceil_div(long a, long b) { return (a + b - 1) / b; }

void check_shape(nn::Shape sample, const char* what) {
  if (sample.channels < 1 || sample.height < 1 || sample.width < 1)
    throw std::invalid_argument(fmt::format("{}: sample shape {}x{}x{} (channels x height x width) has a dimension below 1",
                                            what, sample.channels, sample.height, sample.width));
}

void check_samples(const nn::Matrix& samples, nn::Shape sample, const char* what) {
  check_shape(sample, what);
  if (samples.rows() != sample.size())
    throw std::invalid_argument(fmt::format("{}: samples have {} values each, their shape {}x{}x{} needs {}", what,
                                            samples.rows(), sample.channels, sample.height, sample.width,
                                            sample.size()));
}

// Keys' cubic convolution kernel with a = -0.5.
double keys_cubic(double x) {
  x = std::abs(x);
  if (x <= 1) return (1.5 * x - 2.5) * x * x + 1;
  if (x < 2) return ((-0.5 * x + 2.5) * x - 4) * x + 2;
  return 0;
}

// Row d holds the weights of the input rows that make output row d.
nn::Matrix bicubic_resize_matrix(int height, int new_height) {
  const double ratio = double(height) / new_height;
  const double scale = std::min(1.0, 1.0 / ratio);  // below 1 when shrinking: the kernel widens
  const double support = 2.0 / scale;
  Eigen::MatrixXd weights = Eigen::MatrixXd::Zero(new_height, height);
  for (int row = 0; row < new_height; ++row) {
    const double source = (row + 0.5) * ratio - 0.5;
    const auto first = static_cast<long>(std::floor(source - support));
    const auto last = static_cast<long>(std::ceil(source + support));
    for (long tap = first; tap <= last; ++tap)
      weights(row, std::clamp<long>(tap, 0, height - 1)) += scale * keys_cubic(scale * (source - double(tap)));
    weights.row(row) /= weights.row(row).sum();  // exact 1 already, except for rounding, when enlarging
  }
  return weights.cast<float>();
}

// Resizes the samples (new_height >= 1) in chunks and hands each chunk, transposed (samples x values), to
// use(first sample, chunk). A chunk transposed is, read column-major, a (samples * width * channels)
// x height matrix: y becomes the column index, so one contiguous GEMM resizes the whole chunk, and
// the chunk's copies stay in cache.
template <class Use>
void for_each_resized_chunk(const nn::Matrix& samples, nn::Shape sample, int new_height, Use use) {
  const nn::Matrix weights_transposed = bicubic_resize_matrix(sample.height, new_height).transpose();
  const long row_size = long(sample.width) * sample.channels;
  constexpr Eigen::Index kChunk = 256;
  nn::Matrix transposed, resized_transposed;
  for (Eigen::Index first = 0; first < samples.cols(); first += kChunk) {
    const Eigen::Index count = std::min(kChunk, samples.cols() - first);
    transposed = samples.middleCols(first, count).transpose();
    resized_transposed.resize(count * row_size, new_height);
    resized_transposed.noalias() =
        Eigen::Map<const nn::Matrix>(transposed.data(), count * row_size, sample.height) * weights_transposed;
    use(first, Eigen::Map<const nn::Matrix>(resized_transposed.data(), count, row_size * new_height));
  }
}

std::vector<nn::Matrix> split_interleaved(const nn::Matrix& samples, nn::Shape sample, int parts) {
  const long size = sample.size();
  const long part_size = ceil_div(size, parts);
  std::vector<nn::Matrix> result(static_cast<std::size_t>(parts), nn::Matrix::Zero(part_size, samples.cols()));
  // Sample by sample, so each column is read from memory once for all its parts.
  for (Eigen::Index s = 0; s < samples.cols(); ++s)
    for (int part = 0; part < parts; ++part) {
      const long present = ceil_div(size - part, parts);  // the rest is the zero padding
      result[static_cast<std::size_t>(part)].col(s).head(present) =
          Eigen::Map<const nn::Vector, 0, Eigen::InnerStride<>>(samples.col(s).data() + part, present,
                                                                 Eigen::InnerStride<>(parts));
    }
  return result;
}

std::vector<nn::Matrix> split_row_bands(const nn::Matrix& samples, nn::Shape sample, int parts) {
  const int band = static_cast<int>(ceil_div(sample.height, parts));
  // y is the slowest index, so a band of rows is a contiguous block of each column.
  const long band_size = long(band) * sample.width * sample.channels;
  std::vector<nn::Matrix> result;
  result.reserve(static_cast<std::size_t>(parts));
  if (sample.height % parts == 0) {
    for (int part = 0; part < parts; ++part) result.emplace_back(samples.middleRows(part * band_size, band_size));
    return result;
  }
  for (int part = 0; part < parts; ++part) result.emplace_back(band_size, samples.cols());
  // Each band straight from the resized chunk: the whole resized batch is never held.
  for_each_resized_chunk(samples, sample, band * parts, [&](Eigen::Index first, const auto& chunk) {
    for (int part = 0; part < parts; ++part)
      result[static_cast<std::size_t>(part)].middleCols(first, chunk.rows()) =
          chunk.middleCols(part * band_size, band_size).transpose();
  });
  return result;
}

}  // namespace

nn::Shape part_shape(nn::Shape sample, const Partitioning& partitioning) {
  check_shape(sample, "partition");
  const int parts = partitioning.parts;
  if (parts < 1) throw std::invalid_argument(fmt::format("partition: parts must be at least 1, not {}", parts));
  switch (partitioning.split) {
    case Partitioning::Split::interleave:
      if (parts > sample.size())
        throw std::invalid_argument(fmt::format(
            "partition: interleave into {} parts needs at least {} values per sample, the sample has {}", parts,
            parts, sample.size()));
      return {static_cast<int>(ceil_div(sample.size(), parts)), 1, 1};
    case Partitioning::Split::rows:
      return {sample.channels, static_cast<int>(ceil_div(sample.height, parts)), sample.width};
  }
  throw std::invalid_argument("partition: unknown split");
}

std::vector<nn::Matrix> split_samples(const nn::Matrix& samples, nn::Shape sample, const Partitioning& partitioning) {
  part_shape(sample, partitioning);  // checks the partitioning against the sample
  check_samples(samples, sample, "partition");
  switch (partitioning.split) {
    case Partitioning::Split::interleave: return split_interleaved(samples, sample, partitioning.parts);
    case Partitioning::Split::rows: return split_row_bands(samples, sample, partitioning.parts);
  }
  throw std::invalid_argument("partition: unknown split");
}

nn::Matrix resize_height_bicubic(const nn::Matrix& samples, nn::Shape sample, int new_height) {
  check_samples(samples, sample, "bicubic resize");
  if (new_height < 1)
    throw std::invalid_argument(fmt::format("bicubic resize: new height must be at least 1, not {}", new_height));
  nn::Matrix resized(long(sample.channels) * sample.width * new_height, samples.cols());
  for_each_resized_chunk(samples, sample, new_height, [&](Eigen::Index first, const auto& chunk) {
    resized.middleCols(first, chunk.rows()) = chunk.transpose();
  });
  return resized;
}

}  // namespace ssim::data
