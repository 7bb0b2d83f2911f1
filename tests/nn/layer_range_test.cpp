#include "nn/layer.hpp"
#include "nn/loss.hpp"
#include "nn/network.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

namespace ssim::nn {
namespace {

const NetworkSpec kSpec = dense_network({6, 5, 4, 3}, Activation::sigmoid, Loss::cross_entropy, {Init::Kind::xavier}, 21);

class LayerRange : public ::testing::Test {
 protected:
  Matrix inputs_ = testing::random_matrix(6, 5, 1);
  Labels labels_ = testing::random_labels(5, 3, 2);
  Vector whole_gradients_ = [this] {
    Network network(kSpec);
    network.compute_gradients(inputs_, labels_);
    return network.gradients();
  }();
};

TEST_F(LayerRange, TwoStagesOnOneNetworkGiveTheWholeNetworksGradients) {
  Network network(kSpec);
  const int layers = network.layer_count();
  for (int cut = 1; cut < layers; ++cut) {
    const Matrix boundary = network.forward_range(0, cut, inputs_);
    const Matrix& outputs = network.forward_range(cut, layers, boundary);
    Matrix output_gradient;
    OutputLoss(kSpec.loss).value_and_gradient(outputs, labels_, output_gradient);
    const Matrix& boundary_gradient = network.backward_range(cut, layers, boundary, output_gradient);
    EXPECT_EQ(boundary_gradient.rows(), boundary.rows());
    EXPECT_TRUE(network.backward_range(0, cut, inputs_, boundary_gradient).size() == 0);
    EXPECT_TRUE(network.gradients().isApprox(whole_gradients_, 1e-6f)) << "cut after layer " << cut;
  }
}

TEST_F(LayerRange, StagesOnSeparateReplicasFillTheirOwnSlices) {
  // Three hosts, each holding a replica and running its own stage, as a pipeline would.
  const Network initial(kSpec);
  std::vector<Network> hosts(3, initial);
  const int cuts[] = {0, 2, 4, initial.layer_count()};

  std::vector<Matrix> stage_inputs{inputs_};
  for (int stage = 0; stage < 3; ++stage)
    stage_inputs.push_back(hosts[std::size_t(stage)].forward_range(cuts[stage], cuts[stage + 1], stage_inputs.back()));
  Matrix gradient;
  OutputLoss(kSpec.loss).value_and_gradient(stage_inputs.back(), labels_, gradient);
  for (int stage = 2; stage >= 0; --stage)
    gradient = hosts[std::size_t(stage)].backward_range(cuts[stage], cuts[stage + 1], stage_inputs[std::size_t(stage)], gradient);

  for (int stage = 0; stage < 3; ++stage) {
    const Eigen::Index begin = initial.parameter_offset(cuts[stage]);
    const Eigen::Index size = initial.parameter_offset(cuts[stage + 1]) - begin;
    EXPECT_TRUE(hosts[std::size_t(stage)].gradients().segment(begin, size).isApprox(whole_gradients_.segment(begin, size), 1e-6f))
        << "stage " << stage;
  }
}

TEST_F(LayerRange, RejectsBadRangesAndMismatchedInputs) {
  Network network(kSpec);
  EXPECT_THROW(network.forward_range(2, 2, inputs_), std::out_of_range);
  EXPECT_THROW(network.forward_range(0, 6, inputs_), std::out_of_range);
  EXPECT_THROW(network.forward_range(1, 3, inputs_), std::invalid_argument);  // layer 1 takes 5 rows
  EXPECT_THROW(network.layer(5), std::out_of_range);
  EXPECT_THROW(network.backward_range(0, 5, inputs_, Matrix::Zero(3, 5)), std::invalid_argument);  // no forward yet
  network.forward_range(0, 5, inputs_);
  EXPECT_THROW(network.backward_range(0, 5, inputs_, Matrix::Zero(3, 4)), std::invalid_argument);
  // Layers 3 and 4 then run on a single sample; layers 0 to 2 still hold the batch of five.
  network.forward_range(3, 5, Matrix::Zero(4, 1));
  EXPECT_THROW(network.backward_range(0, 5, inputs_.leftCols(1), Matrix::Zero(3, 1)), std::invalid_argument);
  EXPECT_NO_THROW(network.backward_range(3, 5, Matrix::Zero(4, 1), Matrix::Zero(3, 1)));
}

}  // namespace
}  // namespace ssim::nn
