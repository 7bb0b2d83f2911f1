#include "nn/pool2d.hpp"

#include "nn/shapes.hpp"

#include <algorithm>
#include <stdexcept>

namespace ssim::nn {

Pool2d::Pool2d(Shape input, const Pool2dSpec& spec)
    : input_(input),
      output_(pool_output(spec, input)),
      spec_(spec),
      stride_h_(spec.stride_height > 0 ? spec.stride_height : spec.size_height),
      stride_w_(spec.stride_width > 0 ? spec.stride_width : spec.size_width) {
  double rows = 0, columns = 0;
  for (int oy = 0; oy < output_.height; ++oy) {
    const Window w = window(oy, stride_h_, spec_.size_height, input_.height);
    rows += w.end - w.begin;
  }
  for (int ox = 0; ox < output_.width; ++ox) {
    const Window w = window(ox, stride_w_, spec_.size_width, input_.width);
    columns += w.end - w.begin;
  }
  covered_ = rows * columns;
}

Pool2d::Window Pool2d::window(int output, int stride, int size, int extent) const {
  const int begin = output * stride;
  return {begin, std::min(begin + size, extent)};
}

template <class Visit>
void Pool2d::for_each_window(Eigen::Index batch, Visit visit) const {
  for (Eigen::Index sample = 0; sample < batch; ++sample)
    for (int oy = 0; oy < output_.height; ++oy) {
      const Window rows = window(oy, stride_h_, spec_.size_height, input_.height);
      for (int ox = 0; ox < output_.width; ++ox) {
        const Window columns = window(ox, stride_w_, spec_.size_width, input_.width);
        visit(sample, Eigen::Index(oy) * output_.width + ox, rows, columns);
      }
    }
}

void Pool2d::pool(const Matrix& input, Matrix& output, std::vector<Eigen::Index>* argmax) const {
  const Eigen::Index channels = input_.channels;
  output.resize(output_.size(), input.cols());
  if (argmax) argmax->resize(std::size_t(output.size()));
  const bool max = spec_.kind == Pool2dSpec::Kind::max;
  for_each_window(input.cols(), [&](Eigen::Index sample, Eigen::Index position, Window rows, Window columns) {
    const float* image = input.col(sample).data();
    float* out = output.col(sample).data() + position * channels;
    Eigen::Index* where = argmax ? argmax->data() + sample * output_.size() + position * channels : nullptr;
    // Start from the window's first value, then fold in the others; the channel loops choose between
    // values already computed, so that they vectorise.
    const Eigen::Index first = (Eigen::Index(rows.begin) * input_.width + columns.begin) * channels;
    for (Eigen::Index c = 0; c < channels; ++c) out[c] = image[first + c];
    if (where)
      for (Eigen::Index c = 0; c < channels; ++c) where[c] = first + c;
    for (int iy = rows.begin; iy < rows.end; ++iy)
      for (int ix = columns.begin; ix < columns.end; ++ix) {
        const Eigen::Index at = (Eigen::Index(iy) * input_.width + ix) * channels;
        if (at == first) continue;
        const float* values = image + at;
        if (!max) {
          for (Eigen::Index c = 0; c < channels; ++c) out[c] += values[c];
        } else if (where) {
          for (Eigen::Index c = 0; c < channels; ++c) {
            const bool greater = values[c] > out[c];  // the first maximum wins ties
            out[c] = greater ? values[c] : out[c];
            where[c] = greater ? at + c : where[c];
          }
        } else {
          for (Eigen::Index c = 0; c < channels; ++c) out[c] = values[c] > out[c] ? values[c] : out[c];
        }
      }
    if (!max) {
      const float scale = 1.0f / float((rows.end - rows.begin) * (columns.end - columns.begin));
      for (Eigen::Index c = 0; c < channels; ++c) out[c] *= scale;
    }
  });
}

void Pool2d::forward(const Matrix& input, Matrix& output) {
  pool(input, output, spec_.kind == Pool2dSpec::Kind::max ? &argmax_ : nullptr);
}

void Pool2d::infer(const Matrix& input, Matrix& output) const { pool(input, output, nullptr); }

void Pool2d::backward(const Matrix& /*input*/, const Matrix& /*output*/, const Matrix& output_gradient,
                      Matrix* input_gradient) {
  if (!input_gradient) return;
  const Eigen::Index channels = input_.channels, batch = output_gradient.cols();
  input_gradient->setZero(input_.size(), batch);
  if (spec_.kind == Pool2dSpec::Kind::max) {
    if (argmax_.size() != std::size_t(output_gradient.size()))
      throw std::invalid_argument("Pool2d::backward: no training pass over a batch of this size");
    for (Eigen::Index sample = 0; sample < batch; ++sample) {
      const float* gradient = output_gradient.col(sample).data();
      float* target = input_gradient->col(sample).data();
      const Eigen::Index* where = argmax_.data() + sample * output_.size();
      for (Eigen::Index i = 0; i < output_.size(); ++i) target[where[i]] += gradient[i];
    }
    return;
  }
  for_each_window(batch, [&](Eigen::Index sample, Eigen::Index position, Window rows, Window columns) {
    const float* gradient = output_gradient.col(sample).data() + position * channels;
    float* image = input_gradient->col(sample).data();
    const float scale = 1.0f / float((rows.end - rows.begin) * (columns.end - columns.begin));
    for (int iy = rows.begin; iy < rows.end; ++iy)
      for (int ix = columns.begin; ix < columns.end; ++ix) {
        float* target = image + (Eigen::Index(iy) * input_.width + ix) * channels;
        for (Eigen::Index c = 0; c < channels; ++c) target[c] += scale * gradient[c];
      }
  });
}

double Pool2d::forward_flops(Eigen::Index batch) const {
  const double outputs = double(output_.size()) * double(batch);
  const double covered = covered_ * input_.channels * double(batch);
  return spec_.kind == Pool2dSpec::Kind::max ? covered - outputs : covered;
}

double Pool2d::backward_flops(Eigen::Index batch, bool input_gradient) const {
  if (!input_gradient) return 0.0;
  const double outputs = double(output_.size()) * double(batch);
  const double covered = covered_ * input_.channels * double(batch);
  return spec_.kind == Pool2dSpec::Kind::max ? outputs : covered + outputs;
}

}  // namespace ssim::nn
