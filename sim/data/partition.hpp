// Splitting each sample into parts, one per node of a partitioned model: a node sees only its part.
// Samples are columns; a sample of Shape{channels, height, width} stores value (y, x, c) at
// (y * width + x) * channels + c.
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"
#include <vector>

namespace ssim::data {

struct Partitioning {
  enum class Split {
    // The flattened sample, zero-padded at the end to parts * ceil(size / parts) values; part i
    // takes values i, i + parts, i + 2 * parts, ...: every part sees the whole image, sparsely.
    interleave,
    // The image resized in height (bicubic) to parts * ceil(height / parts) rows when height is not
    // already a multiple of parts, then cut into `parts` bands of consecutive rows, full width.
    rows,
  };
  Split split = Split::interleave;
  int parts = 1;
};

// The shape of one part: interleave {ceil(size / parts), 1, 1} (features as channels of 1x1, as
// dense layers take them); rows {channels, ceil(height / parts), width}.
// Throws std::invalid_argument when parts < 1, when an interleave has more parts than the sample
// has values, or when the sample's shape has a dimension below 1.
nn::Shape part_shape(nn::Shape sample, const Partitioning& partitioning);

// The parts of every sample: `parts` matrices of part_shape(...).size() rows, one column per sample.
std::vector<nn::Matrix> split_samples(const nn::Matrix& samples, nn::Shape sample, const Partitioning& partitioning);

// Every sample resized in height to new_height rows, width and channels unchanged, with Keys' cubic
// convolution (a = -0.5, as MATLAB's and PIL's imresize), pixel centres aligned
// (source row = (row + 0.5) * height / new_height - 0.5) and edge rows replicated. When shrinking,
// the kernel is widened by height / new_height against aliasing, as MATLAB does.
nn::Matrix resize_height_bicubic(const nn::Matrix& samples, nn::Shape sample, int new_height);

}  // namespace ssim::data
