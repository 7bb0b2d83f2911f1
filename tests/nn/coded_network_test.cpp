// Seed 002's coded network: D = H o E has the degree that makes decoding exact, any R worker
// outputs decode to the direct answers, gradients through encoding, computation and decoding
// against central differences, and flops, parameters and layouts by hand.
#include "common/splitmix.hpp"
#include "nn/coded_network.hpp"
#include "nn/lagrange.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ssim::nn {
namespace {

using Net = CodedSpec::Net;
using Computation = CodedSpec::Computation;

struct Design {
  Net encoder;
  Computation computation;
  Net computation_net;
  int G, P;
};

std::string describe(const Design& design) {
  auto net = [](Net n) { return n == Net::mlp ? std::string("mlp") : std::string("conv"); };
  return net(design.encoder) + " encoder, " + (design.computation == Computation::basic ? "basic " : "data ") +
         net(design.computation_net) + ", G " + std::to_string(design.G) + ", P " + std::to_string(design.P);
}

// 1x6x6 images, K = 2, 3 classes, base MLP 36 -> 5 -> 4 -> 3, convolutions of 2 filters.
CodedSpec tiny(const Design& design) {
  CodedSpec spec;
  spec.image = {1, 6, 6};
  spec.inputs = 2;
  spec.classes = 3;
  spec.hidden = {5, 4};
  spec.channels = 2;
  spec.encoder = design.encoder;
  spec.encoder_degree = design.G;
  spec.computation = design.computation;
  spec.computation_net = design.computation_net;
  spec.computation_degree = design.P;
  spec.seed = 7;
  return spec;
}

Matrix random_groups(const CodedSpec& spec, Eigen::Index groups, std::uint64_t seed) {
  std::vector<Matrix> images;
  for (int k = 0; k < spec.inputs; ++k)
    images.push_back(0.5f * testing::random_matrix(spec.image.size(), groups, seed + std::uint64_t(k)));
  return join_group(images, spec.image);
}

// Mean cross-entropy, summed in double from float logits.
double cross_entropy(const Matrix& logits, const Labels& labels) {
  const Eigen::MatrixXd values = logits.cast<double>();
  double total = 0.0;
  for (Eigen::Index query = 0; query < values.cols(); ++query) {
    const double max = values.col(query).maxCoeff();
    total += std::log((values.col(query).array() - max).exp().sum()) + max - values(labels(query), query);
  }
  return total / double(values.cols());
}

// A few Adam steps on random data, so that no network keeps its starting weights.
void train_a_little(CodedNetwork& network) {
  const Matrix groups = random_groups(network.spec(), 8, 100);
  const Labels labels = testing::random_labels(8 * network.spec().inputs, network.spec().classes, 101);
  auto optimizers = network.make_optimizers({.type = OptimizerSpec::Type::adam, .learning_rate = 1e-2f});
  for (int step = 0; step < 5; ++step) {
    network.compute_gradients(groups, labels);
    network.step(optimizers);
  }
}

// Worker n's logits H(E(alpha_n)), in double.
std::vector<Eigen::MatrixXd> worker_outputs(const CodedNetwork& network, const Matrix& groups,
                                            const std::vector<double>& alphas) {
  const CodedNetwork::Coefficients coefficients = network.coefficients(groups);
  std::vector<Eigen::MatrixXd> outputs;
  for (double alpha : alphas)
    outputs.push_back(
        network.worker_output(network.coded_input(coefficients.encoder, alpha), coefficients.data).cast<double>());
  return outputs;
}

// The polynomial through (alphas[n], outputs[n]) for n in `used`, read at `at`.
Eigen::MatrixXd interpolate(const std::vector<double>& alphas, const std::vector<Eigen::MatrixXd>& outputs,
                            const std::vector<std::size_t>& used, double at) {
  std::vector<double> points;
  for (std::size_t n : used) points.push_back(alphas[n]);
  const Eigen::MatrixXd weights = lagrange_weights(points, {at});
  Eigen::MatrixXd value = Eigen::MatrixXd::Zero(outputs.front().rows(), outputs.front().cols());
  for (std::size_t i = 0; i < used.size(); ++i) value += weights(0, Eigen::Index(i)) * outputs[used[i]];
  return value;
}

// R + 1 workers: the last one's output lies on the degree R - 1 polynomial through the other R,
// up to float rounding, but not on the degree R - 2 one through the first R - 1.
void expect_degree(const Design& design) {
  SCOPED_TRACE(describe(design));
  CodedNetwork network(tiny(design));
  train_a_little(network);
  const int threshold = network.spec().recovery_threshold();
  const std::vector<double> alphas = worker_alphas(threshold + 1);
  const std::vector<Eigen::MatrixXd> outputs = worker_outputs(network, random_groups(network.spec(), 4, 50), alphas);
  const std::size_t held = std::size_t(threshold);
  std::vector<std::size_t> others;
  for (std::size_t n = 0; n < held; ++n) others.push_back(n);
  const double scale = outputs[held].cwiseAbs().maxCoeff();
  const double error = (interpolate(alphas, outputs, others, alphas[held]) - outputs[held]).cwiseAbs().maxCoeff();
  others.pop_back();
  const double lower_degree_error =
      (interpolate(alphas, outputs, others, alphas[held]) - outputs[held]).cwiseAbs().maxCoeff();
  EXPECT_LT(error, 1e-5 * scale);
  EXPECT_GT(lower_degree_error, 1e-4 * scale);
}

TEST(CodedNetwork, BasicComputationHasDegreeG) {
  expect_degree({Net::mlp, Computation::basic, Net::mlp, 1, 1});
  expect_degree({Net::conv, Computation::basic, Net::conv, 2, 1});
}

TEST(CodedNetwork, DataComputationHasDegreeGP) {
  expect_degree({Net::mlp, Computation::data, Net::conv, 1, 2});
  expect_degree({Net::conv, Computation::data, Net::mlp, 2, 1});
}

// N = R + 2 workers: every R of them decode to the direct D(beta_k).
void expect_any_threshold_decodes(const Design& design) {
  SCOPED_TRACE(describe(design));
  CodedNetwork network(tiny(design));
  train_a_little(network);
  const int threshold = network.spec().recovery_threshold(), workers = threshold + 2;
  const std::vector<double> alphas = worker_alphas(workers);
  const Matrix groups = random_groups(network.spec(), 5, 60);
  const std::vector<Eigen::MatrixXd> outputs = worker_outputs(network, groups, alphas);
  const Matrix direct = network.direct_outputs(groups);
  ASSERT_EQ(direct.rows(), 3);
  ASSERT_EQ(direct.cols(), 10);
  const double scale = direct.cwiseAbs().maxCoeff();
  int subsets = 0;
  for (unsigned mask = 0; mask < (1u << workers); ++mask) {
    if (std::popcount(mask) != threshold) continue;
    ++subsets;
    std::vector<double> points;
    std::vector<Matrix> answers;
    for (int n = 0; n < workers; ++n)
      if (mask & (1u << n)) {
        points.push_back(alphas[std::size_t(n)]);
        answers.push_back(outputs[std::size_t(n)].cast<float>());
      }
    const Matrix decoded = network.decode(points, answers);
    ASSERT_EQ(decoded.rows(), direct.rows());
    ASSERT_EQ(decoded.cols(), direct.cols());
    EXPECT_LT((decoded - direct).cwiseAbs().maxCoeff(), 1e-4 * scale) << "workers " << mask;
    for (Eigen::Index query = 0; query < direct.cols(); ++query) {
      Eigen::Index decoded_class, direct_class;
      decoded.col(query).maxCoeff(&decoded_class);
      direct.col(query).maxCoeff(&direct_class);
      EXPECT_EQ(decoded_class, direct_class) << "workers " << mask << ", query " << query;
    }
  }
  EXPECT_EQ(subsets, threshold == 2 ? 6 : 10);
}

TEST(CodedNetwork, AnyRecoveryThresholdOfWorkersDecodesTheDirectOutputs) {
  expect_any_threshold_decodes({Net::conv, Computation::basic, Net::mlp, 1, 1});
  expect_any_threshold_decodes({Net::mlp, Computation::basic, Net::conv, 2, 1});
  expect_any_threshold_decodes({Net::conv, Computation::data, Net::conv, 1, 2});
  expect_any_threshold_decodes({Net::mlp, Computation::data, Net::mlp, 2, 1});
}

// Every network's parameters, in flat_parameters() order.
Vector flat_gradients(const CodedNetwork& network) {
  Vector gradients(network.parameter_count());
  Eigen::Index offset = 0;
  auto append = [&](const Network& piece) {
    gradients.segment(offset, piece.parameter_count()) = piece.gradients();
    offset += piece.parameter_count();
  };
  for (int g = 0; g < network.encoder_networks(); ++g) append(network.encoder(g));
  for (int p = 0; p < network.data_networks(); ++p) append(network.data(p));
  append(network.computation());
  return gradients;
}

// The parameters of every network against central differences of the loss of direct_outputs. The
// ReLUs of the coefficient networks put kinks in the loss; within a step of one, the two sides have
// different slopes, and the gradient (of the side the network is on) matches a one-sided
// difference instead, at that step or a finer one, less precisely (truncation error of order the
// step, float rounding over a finer step). Few parameters may be that close to a kink, so that the
// check stays one of central differences. Networks with many parameters are sampled evenly.
void expect_gradients_match(const Design& design) {
  SCOPED_TRACE(describe(design));
  CodedNetwork network(tiny(design));
  // Non-zero biases, so that the forward pass uses them; small, so that float logits stay precise.
  Vector parameters =
      network.flat_parameters() + 0.02f * testing::random_matrix(network.parameter_count(), 1, 3).col(0);
  network.set_flat_parameters(parameters);
  const Matrix groups = random_groups(network.spec(), 3, 20);
  const Labels labels = testing::random_labels(6, 3, 30);
  const float loss = network.compute_gradients(groups, labels);
  const double centre = cross_entropy(network.direct_outputs(groups), labels);
  EXPECT_NEAR(loss, centre, 1e-5);
  const Vector gradients = flat_gradients(network);

  auto loss_at = [&](Eigen::Index i, float value) {
    const float original = parameters(i);
    parameters(i) = value;
    network.set_flat_parameters(parameters);
    const double result = cross_entropy(network.direct_outputs(groups), labels);
    parameters(i) = original;
    return result;
  };
  // Whether the gradient matches the central difference (kinks = false) or a one-sided one (true)
  // of a step of `step`.
  auto matches = [&](Eigen::Index i, float step, bool kinks) {
    const double up = loss_at(i, parameters(i) + step), down = loss_at(i, parameters(i) - step);
    const double gradient = gradients(i);
    auto near = [&](double difference, double tolerance) {
      return std::abs(gradient - difference) <= tolerance * (1.0 + std::abs(difference));
    };
    if (!kinks) return near((up - down) / (2.0 * double(step)), 1e-3);
    return near((up - centre) / double(step), 3e-3) || near((centre - down) / double(step), 3e-3);
  };
  constexpr float kStep = 2e-4f;
  constexpr Eigen::Index kChecksPerNetwork = 1000;
  Eigen::Index offset = 0;
  auto check = [&](const Network& piece, const std::string& name) {
    ASSERT_GT(piece.gradients().cwiseAbs().maxCoeff(), 1e-4f) << name << " gets no gradient";
    const Eigen::Index stride = 1 + piece.parameter_count() / kChecksPerNetwork;
    int checked = 0, at_kinks = 0;
    for (Eigen::Index i = offset; i < offset + piece.parameter_count(); i += stride) {
      ++checked;
      if (matches(i, kStep, false)) continue;
      ++at_kinks;
      EXPECT_TRUE(matches(i, kStep, true) || matches(i, kStep / 4, true))
          << name << " parameter " << i - offset << ": gradient " << gradients(i) << ", central difference "
          << (loss_at(i, parameters(i) + kStep) - loss_at(i, parameters(i) - kStep)) / (2.0 * double(kStep));
    }
    EXPECT_LE(at_kinks, checked / 40) << name << ": " << at_kinks << " of " << checked << " parameters at kinks";
    offset += piece.parameter_count();
  };
  for (int g = 0; g < network.encoder_networks(); ++g) check(network.encoder(g), "Gamma_" + std::to_string(g));
  for (int p = 0; p < network.data_networks(); ++p) check(network.data(p), "Lambda_" + std::to_string(p));
  check(network.computation(), "computation");
}

TEST(CodedNetwork, BasicGradientsMatchCentralDifferences) {
  expect_gradients_match({Net::mlp, Computation::basic, Net::mlp, 1, 1});
  expect_gradients_match({Net::mlp, Computation::basic, Net::conv, 2, 1});
  expect_gradients_match({Net::conv, Computation::basic, Net::mlp, 2, 1});
  expect_gradients_match({Net::conv, Computation::basic, Net::conv, 1, 1});
}

TEST(CodedNetwork, DataGradientsMatchCentralDifferences) {
  expect_gradients_match({Net::mlp, Computation::data, Net::mlp, 1, 2});
  expect_gradients_match({Net::mlp, Computation::data, Net::conv, 2, 1});
  expect_gradients_match({Net::conv, Computation::data, Net::mlp, 2, 2});
  expect_gradients_match({Net::conv, Computation::data, Net::conv, 1, 2});
}

// Two images of 2 channels x 1 x 2 pixels per group, two groups.
TEST(CodedNetwork, JoinGroupPutsTheImagesAsChannelsAtEveryPixel) {
  const Shape image{2, 1, 2};
  const Matrix first = (Matrix(4, 2) << 1, 11, 2, 12, 3, 13, 4, 14).finished();
  const Matrix second = (Matrix(4, 2) << 5, 15, 6, 16, 7, 17, 8, 18).finished();
  const Matrix joined = join_group({first, second}, image);
  // Pixel 0: the first image's channels, then the second's; pixel 1 likewise.
  const Matrix expected = (Matrix(8, 2) << 1, 11, 2, 12, 5, 15, 6, 16, 3, 13, 4, 14, 7, 17, 8, 18).finished();
  EXPECT_EQ(joined, expected);
  EXPECT_THROW(join_group({first, second.leftCols(1)}, image), std::invalid_argument);
  EXPECT_THROW(join_group({first}, Shape{1, 1, 2}), std::invalid_argument);
  EXPECT_THROW(join_group({}, image), std::invalid_argument);
}

// 1x2x2 images, K = 2, G = 1, data computation of P = 2, MLP coefficients, base MLP 4 -> 3 -> 2.
CodedNetwork flop_example() {
  CodedSpec spec;
  spec.image = {1, 2, 2};
  spec.inputs = 2;
  spec.classes = 2;
  spec.hidden = {3};
  spec.encoder = Net::mlp;
  spec.encoder_degree = 1;
  spec.computation = Computation::data;
  spec.computation_net = Net::mlp;
  spec.computation_degree = 2;
  return CodedNetwork(spec);
}

TEST(CodedNetwork, FlopsOfASmallDataNetworkByHand) {
  const CodedNetwork network = flop_example();
  constexpr double B = 5;
  // Gamma_g and Lambda_p, per group: dense 8 -> 8, ReLU, dense 8 -> 4.
  const double coefficient_forward = (2.0 * 8 * 8 + 8) + 8 + (2.0 * 8 * 4 + 4);            // 212
  const double coefficient_backward = (2.0 * 8 * 4 + 4 + 2.0 * 8 * 4) + 8 + (2.0 * 8 * 8 + 8);  // no dX of the data
  // Omega per query: dense 4 -> 3, dense 3 -> 2, softmax + cross-entropy; its input gradient counted.
  const double omega_forward = (2.0 * 4 * 3 + 3) + (2.0 * 3 * 2 + 2);  // 41
  const double omega_train = omega_forward + (5.0 * 2 + 4) + (2.0 + 1) + (2.0 * 3 * 2 + 2 + 2.0 * 3 * 2) +
                             (2.0 * 4 * 3 + 3 + 2.0 * 4 * 3);
  // Polynomial arithmetic: s K B = 40 stacked values, s B = 20 per group.
  const double polynomial = 2.0 * 1 * 40        // E at the two betas, G = 1
                            + 2.0 * 2 * 2 * 20  // dC_0, dC_1: sums of K = 2 weighted terms
                            + 2.0 * 2 * 40      // sum_p V_p . X~^p, P = 2
                            + 2.0 * 20          // dV_0
                            + 2.0 * 2 * 2 * 20  // dV_1, dV_2
                            + 1.0 * 40          // X~^2
                            + 5.0 * 40;         // dX~: 3P - 1 per value
  EXPECT_DOUBLE_EQ(coefficient_forward + coefficient_backward, 488);
  EXPECT_DOUBLE_EQ(omega_train, 135);
  EXPECT_DOUBLE_EQ(polynomial, 840);
  EXPECT_DOUBLE_EQ(network.train_step_flops(5), 5 * 488 * B + 135 * 2 * B + 840);
  EXPECT_DOUBLE_EQ(network.encoder_flops(5), 2 * coefficient_forward * B);
  EXPECT_DOUBLE_EQ(network.data_flops(5), 3 * coefficient_forward * B);
  EXPECT_DOUBLE_EQ(network.coded_input_flops(5), 2.0 * 1 * 4 * B);
  EXPECT_DOUBLE_EQ(network.worker_flops(5), omega_forward * B + 2.0 * 2 * 4 * B);
  EXPECT_DOUBLE_EQ(network.decode_flops(5), 2.0 * 3 * 2 * 2 * B);  // R = 3 terms per logit, 2 classes, K = 2
  // 5 coefficient networks of 8 * 8 + 8 + 8 * 4 + 4 = 108, Omega 4 * 3 + 3 + 3 * 2 + 2 = 23; Adam 12 per parameter.
  EXPECT_EQ(network.parameter_count(), 5 * 108 + 23);
  const auto optimizers = network.make_optimizers({.type = OptimizerSpec::Type::adam, .learning_rate = 1e-3f});
  ASSERT_EQ(optimizers.size(), 6u);
  EXPECT_DOUBLE_EQ(network.optimizer_step_flops(optimizers), 12.0 * 563);
}

TEST(CodedNetwork, FlatParametersRoundTripInNetworkOrder) {
  CodedNetwork network = flop_example();
  const Vector values = testing::random_matrix(network.parameter_count(), 1, 8).col(0);
  network.set_flat_parameters(values);
  EXPECT_EQ(network.flat_parameters(), values);
  EXPECT_EQ(network.encoder(1).parameters(), values.segment(108, 108));
  EXPECT_EQ(network.data(0).parameters(), values.segment(2 * 108, 108));
  EXPECT_EQ(network.data(2).parameters(), values.segment(4 * 108, 108));
  EXPECT_EQ(network.computation().parameters(), values.tail(23));
  EXPECT_THROW(network.set_flat_parameters(values.head(100)), std::invalid_argument);
}

TEST(CodedNetwork, NetworkIDrawsFromSplitmixOfSeedPlusI) {
  const CodedNetwork network = flop_example();
  NetworkSpec spec = network.data(1).spec();
  EXPECT_EQ(spec.seed, splitmix64(0 + 3));
  EXPECT_EQ(network.computation().spec().seed, splitmix64(0 + 5));
  EXPECT_EQ(network.data(1).parameters(), Network(spec).parameters());
  EXPECT_NE(network.encoder(0).parameters(), network.encoder(1).parameters());
}

// Seed 002's Table 3 share at 100 %: K = 4, CL coefficients and H_S, G = 1, P = 4, 80 filters. Each
// of Gamma_0, Gamma_1 and Lambda_0..Lambda_4: 3x3 convolutions 4 -> 80 (2960), five 80 -> 80
// (57680 each), 80 -> 1 (721): 292081. Omega 784 -> 200 -> 100 -> 10: 178110. The seed states
// 2218197, 4480 fewer (640 a network if the difference is in the seven).
TEST(CodedNetwork, ParameterCountOfSeed002sLargestModel) {
  CodedSpec spec;
  spec.image = {1, 28, 28};
  spec.inputs = 4;
  spec.encoder = Net::conv;
  spec.encoder_degree = 1;
  spec.computation = Computation::data;
  spec.computation_net = Net::conv;
  spec.computation_degree = 4;
  spec.channels = 80;
  spec.hidden = {200, 100};
  const CodedNetwork network(spec);
  EXPECT_EQ(network.spec().recovery_threshold(), 5);
  EXPECT_EQ(network.encoder_networks(), 2);
  EXPECT_EQ(network.data_networks(), 5);
  EXPECT_EQ(network.encoder(0).parameter_count(), 292081);
  EXPECT_EQ(network.data(4).parameter_count(), 292081);
  EXPECT_EQ(network.computation().parameter_count(), 178110);
  EXPECT_EQ(network.parameter_count(), 2222677);
}

TEST(CodedNetwork, RefusesWhatCannotBeBuiltOrRun) {
  const Design basic{Net::mlp, Computation::basic, Net::mlp, 1, 1};
  CodedSpec spec = tiny(basic);
  spec.encoder_degree = 0;
  EXPECT_THROW(CodedNetwork{spec}, std::invalid_argument);
  spec = tiny({Net::mlp, Computation::data, Net::mlp, 1, 0});
  EXPECT_THROW(CodedNetwork{spec}, std::invalid_argument);
  spec = tiny(basic);
  spec.hidden = {5, 0};
  EXPECT_THROW(CodedNetwork{spec}, std::invalid_argument);
  spec = tiny(basic);
  spec.image = {1, 0, 6};
  EXPECT_THROW(CodedNetwork{spec}, std::invalid_argument);

  CodedNetwork network(tiny(basic));
  const Matrix groups = random_groups(network.spec(), 2, 1);
  EXPECT_THROW(network.compute_gradients(groups, testing::random_labels(3, 3, 2)), std::invalid_argument);
  EXPECT_THROW(network.coefficients(groups.topRows(36)), std::invalid_argument);
  const std::vector<Matrix> outputs(3, Matrix::Zero(3, 2));
  EXPECT_THROW(network.decode({0.25, 0.5, 0.75}, outputs), std::invalid_argument);  // R = 2
  EXPECT_THROW(network.decode({0.25, 0.25}, {outputs[0], outputs[1]}), std::invalid_argument);
  EXPECT_THROW(network.encoder(2), std::out_of_range);
  EXPECT_THROW(network.data(0), std::out_of_range);
  auto optimizers = network.make_optimizers({});
  optimizers.pop_back();
  EXPECT_THROW(network.step(optimizers), std::invalid_argument);
}

// Each image is its class's template plus noise; the group's two queries are decoded at beta_1
// and beta_2 of a basic MLP network, which must learn to keep them apart.
TEST(CodedNetwork, AdamTrainingLearnsASeparableTask) {
  CodedNetwork network(tiny({Net::mlp, Computation::basic, Net::mlp, 1, 1}));
  constexpr Eigen::Index kGroups = 32;
  const Matrix templates = testing::random_matrix(36, 3, 40);
  const Labels labels = testing::random_labels(2 * kGroups, 3, 41);
  std::vector<Matrix> images(2, Matrix(36, kGroups));
  for (int k = 0; k < 2; ++k) {
    images[std::size_t(k)] = 0.3f * testing::random_matrix(36, kGroups, 42 + std::uint64_t(k));
    for (Eigen::Index b = 0; b < kGroups; ++b) images[std::size_t(k)].col(b) += templates.col(labels(b * 2 + k));
  }
  const Matrix groups = join_group(images, network.spec().image);
  auto optimizers = network.make_optimizers({.type = OptimizerSpec::Type::adam, .learning_rate = 1e-2f});
  const Network::Evaluation before = network.evaluate(groups, labels);
  for (int step = 0; step < 100; ++step) {
    network.compute_gradients(groups, labels);
    network.step(optimizers);
  }
  const Network::Evaluation after = network.evaluate(groups, labels);
  EXPECT_LT(after.loss, 0.1f * before.loss) << "before " << before.loss << ", after " << after.loss;
  EXPECT_EQ(after.accuracy, 1.0);
}

}  // namespace
}  // namespace ssim::nn
