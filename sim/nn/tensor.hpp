// Float32 tensors shared by every layer. A batch is a matrix with one sample per column,
// so a dense layer is one GEMM: W (out x in) * X (in x batch).
#pragma once
#include <Eigen/Dense>
#include <cstdint>

namespace ssim::nn {
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Vector = Eigen::VectorXf;
using Labels = Eigen::VectorXi;  // class index per sample
}  // namespace ssim::nn
