// The learned parity code's arithmetic: how a request is shared out and grouped, the parity inputs
// as group sums, and reconstruction, which is exact when the parity model is the linear map F itself
// (no bias), or F with k times its bias, short groups included.
#include "nn/parity.hpp"
#include "nn/network.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

namespace ssim::nn {
namespace {

constexpr ParityCode kCode{.group = 3, .share = 2};  // requests of up to 6 inputs

TEST(ParityCode, ARequestIsCutIntoSharesAndGroupsByPosition) {
  EXPECT_EQ(kCode.parity_columns(6), 2);
  EXPECT_EQ(kCode.parity_columns(1), 1);
  EXPECT_EQ(kCode.shares(6), 3);
  EXPECT_EQ(kCode.shares(3), 2);  // a short request needs fewer data workers
  EXPECT_EQ(kCode.share_size(3, 0), 2);
  EXPECT_EQ(kCode.share_size(3, 1), 1);
  EXPECT_EQ(kCode.share_size(3, 2), 0);
  // Inputs 0, 2, 4 make group 0 and 1, 3, 5 group 1; of 3 inputs, 0 and 2 make group 0, 1 is alone.
  EXPECT_EQ(kCode.members(6, 0), 3);
  EXPECT_EQ(kCode.members(3, 0), 2);
  EXPECT_EQ(kCode.members(3, 1), 1);
}

TEST(ParityCode, TheParityInputsAreTheGroupSums) {
  Matrix inputs(2, 5);
  inputs << 1, 2, 3, 4, 5,  //
      10, 20, 30, 40, 50;
  Matrix expected(2, 2);
  expected << 1 + 3 + 5, 2 + 4,  //
      10 + 30 + 50, 20 + 40;
  EXPECT_EQ(encode_parity(kCode, inputs), expected);
  EXPECT_DOUBLE_EQ(encode_flops(kCode, 5, 2), 2 * 3);  // 5 inputs into 2 sums: 3 additions per value
}

Network linear_network(bool bias, std::uint64_t seed) {
  Network network(dense_network({6, 4}, Activation::linear, Loss::cross_entropy, {Init::Kind::xavier}, seed));
  if (bias) network.parameters().tail(4) = testing::random_matrix(4, 1, seed + 1).col(0);
  return network;
}

TEST(ParityCode, ALinearModelWithoutBiasIsItsOwnExactParityModel) {
  const Network model = linear_network(false, 7);
  const Matrix inputs = testing::random_matrix(6, 6, 8);
  const Matrix outputs = model.outputs(inputs);
  const Matrix parity_outputs = model.outputs(encode_parity(kCode, inputs));
  const Vector zero_output = Vector::Zero(4);
  for (Eigen::Index missing = 0; missing < 6; ++missing) {
    Matrix others = outputs;
    others.col(missing).setConstant(1e6f);  // the missing output is never read
    const Matrix rebuilt = reconstruct(kCode, parity_outputs, others, missing, 1, zero_output);
    EXPECT_TRUE(rebuilt.isApprox(outputs.col(missing), 1e-5f)) << "input " << missing << ":\n"
                                                              << rebuilt << "\nvs\n" << outputs.col(missing);
  }
}

TEST(ParityCode, AShortGroupSubtractsTheOutputOfItsMissingMembersAsZeroInputs) {
  // F(x) = W x + b; F_P(p) = W p + 3 b sums any 3 outputs exactly. A request of 3 inputs has a
  // group of 2 and one of 1, each padded with zero inputs, whose output is b.
  const Network model = linear_network(true, 9);
  Network parity = model;
  parity.parameters().tail(4) *= 3.0f;
  const Matrix inputs = testing::random_matrix(6, 3, 10);
  const Matrix outputs = model.outputs(inputs);
  const Vector zero_output = model.outputs(Matrix::Zero(6, 1)).col(0);
  const Matrix rebuilt = reconstruct(kCode, parity.outputs(encode_parity(kCode, inputs)), outputs, 0, 3, zero_output);
  EXPECT_TRUE(rebuilt.isApprox(outputs, 1e-5f)) << rebuilt << "\nvs\n" << outputs;
  // Per value: input 0 subtracts input 2 and the padding (1 + 2); input 1 only the padding (2).
  EXPECT_DOUBLE_EQ(reconstruct_flops(kCode, 3, 4, 0, 2), 4 * 3 + 4 * 2);
  // A full group subtracts its two other members.
  EXPECT_DOUBLE_EQ(reconstruct_flops(kCode, 6, 4, 0, 1), 4 * 2);
}

}  // namespace
}  // namespace ssim::nn
