#include "data/partition.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ssim::data {
namespace {

using StridedMap = Eigen::Map<nn::Matrix, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
using ConstStridedMap = Eigen::Map<const nn::Matrix, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
using Strides = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;  // (outer: between samples, inner: between rows)

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

std::vector<nn::Matrix> split_interleaved(const nn::Matrix& samples, nn::Shape sample, int parts) {
  const long size = sample.size();
  const long part_size = ceil_div(size, parts);
  std::vector<nn::Matrix> result;
  result.reserve(static_cast<std::size_t>(parts));
  for (int part = 0; part < parts; ++part) {
    nn::Matrix values = nn::Matrix::Zero(part_size, samples.cols());
    const long present = ceil_div(size - part, parts);  // the rest is the zero padding
    if (samples.cols() > 0)
      values.topRows(present) = ConstStridedMap(samples.data() + part, present, samples.cols(), Strides(size, parts));
    result.push_back(std::move(values));
  }
  return result;
}

std::vector<nn::Matrix> split_row_bands(const nn::Matrix& samples, nn::Shape sample, int parts) {
  const int band = static_cast<int>(ceil_div(sample.height, parts));
  const int new_height = band * parts;
  nn::Matrix resized;
  if (new_height != sample.height) resized = resize_height_bicubic(samples, sample, new_height);
  const nn::Matrix& image = new_height != sample.height ? resized : samples;
  // y is the slowest index, so a band of rows is a contiguous block of each column.
  const long band_size = long(band) * sample.width * sample.channels;
  std::vector<nn::Matrix> result;
  result.reserve(static_cast<std::size_t>(parts));
  for (int part = 0; part < parts; ++part) result.emplace_back(image.middleRows(part * band_size, band_size));
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
  const nn::Matrix weights = bicubic_resize_matrix(sample.height, new_height);
  const long row_size = long(sample.width) * sample.channels;
  const long new_size = row_size * new_height;
  nn::Matrix resized(new_size, samples.cols());
  if (samples.cols() == 0) return resized;
  // For one (x, c), the column of `height` values of every sample is a strided view of the batch:
  // one GEMM resizes that column in all samples at once.
  for (long offset = 0; offset < row_size; ++offset) {
    const ConstStridedMap source(samples.data() + offset, sample.height, samples.cols(),
                                 Strides(sample.size(), row_size));
    StridedMap target(resized.data() + offset, new_height, samples.cols(), Strides(new_size, row_size));
    target.noalias() = weights * source;
  }
  return resized;
}

}  // namespace ssim::data
