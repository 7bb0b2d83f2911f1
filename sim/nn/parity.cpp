#include "nn/parity.hpp"
#include <algorithm>
#include <stdexcept>

namespace ssim::nn {

Eigen::Index ParityCode::parity_columns(Eigen::Index count) const { return std::min(share, count); }

int ParityCode::shares(Eigen::Index count) const { return static_cast<int>((count + share - 1) / share); }

Eigen::Index ParityCode::share_size(Eigen::Index count, int i) const {
  return std::clamp<Eigen::Index>(count - first_of_share(i), 0, share);
}

int ParityCode::members(Eigen::Index count, Eigen::Index j) const {
  return j < count ? static_cast<int>((count - j + share - 1) / share) : 0;
}

namespace {

void check_request(const ParityCode& code, Eigen::Index count) {
  if (code.group < 1 || code.share < 1 || count > code.group * code.share)
    throw std::invalid_argument("parity code: a request holds at most group * share inputs");
}

}  // namespace

Matrix encode_parity(const ParityCode& code, const Matrix& inputs) {
  check_request(code, inputs.cols());
  Matrix parity = Matrix::Zero(inputs.rows(), code.parity_columns(inputs.cols()));
  for (Eigen::Index c = 0; c < inputs.cols(); ++c) parity.col(c % code.share) += inputs.col(c);
  return parity;
}

double encode_flops(const ParityCode& code, Eigen::Index count, Eigen::Index rows) {
  return static_cast<double>(rows) * static_cast<double>(count - code.parity_columns(count));
}

Matrix reconstruct(const ParityCode& code, const Matrix& parity_outputs, const Matrix& outputs, Eigen::Index first,
                   Eigen::Index n, const Vector& zero_output) {
  const Eigen::Index count = outputs.cols();
  check_request(code, count);
  if (first < 0 || first + n > count || parity_outputs.cols() != code.parity_columns(count) ||
      parity_outputs.rows() != outputs.rows() || zero_output.size() != outputs.rows())
    throw std::invalid_argument("parity reconstruction: outputs, parity outputs and zero output do not match");
  Matrix reconstructed(outputs.rows(), n);
  for (Eigen::Index c = first; c < first + n; ++c) {
    const Eigen::Index j = c % code.share;
    auto column = reconstructed.col(c - first);
    column = parity_outputs.col(j);
    for (Eigen::Index other = j; other < count; other += code.share)
      if (other != c) column -= outputs.col(other);
    const int padding = code.group - code.members(count, j);
    if (padding > 0) column -= static_cast<float>(padding) * zero_output;
  }
  return reconstructed;
}

double reconstruct_flops(const ParityCode& code, Eigen::Index count, Eigen::Index rows, Eigen::Index first,
                         Eigen::Index n) {
  double flops = 0;
  for (Eigen::Index c = first; c < first + n; ++c) {
    const int members = code.members(count, c % code.share);
    flops += static_cast<double>(rows) * ((members - 1) + (members < code.group ? 2 : 0));
  }
  return flops;
}

}  // namespace ssim::nn
