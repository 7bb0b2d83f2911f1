// Lagrange interpolation in double precision, for decoding coded computation (seed 002): a
// polynomial of degree < R known at R distinct points is read anywhere else as a fixed weighted
// sum of its R values.
#pragma once
#include <Eigen/Dense>
#include <limits>
#include <vector>

namespace ssim::nn {

// W (betas x alphas) with p(beta_j) = sum_n W(j, n) p(alpha_n) for every polynomial p of degree
// below alphas.size(). Throws std::invalid_argument for no alphas or two equal alphas.
Eigen::MatrixXd lagrange_weights(const std::vector<double>& alphas, const std::vector<double>& betas);

// max_j sum_n |W(j, n)|: the factor by which interpolation can grow an error in the values (the
// Lebesgue constant at the betas). 1 means no growth.
double amplification(const Eigen::MatrixXd& weights);

// The largest amplification over every r-subset of `alphas`: the worst a decoder that takes any r
// answers can see. The subsets come in lexicographic order, the r first points first; once one
// exceeds `stop_above` that one's is returned, so a check against a limit need not try all
// C(N, r) subsets (the r points farthest from the betas, the first ones here, are the worst).
double worst_amplification(const std::vector<double>& alphas, int r, const std::vector<double>& betas,
                           double stop_above = std::numeric_limits<double>::infinity());

// The workers' points of seed 002: alpha_n = n / (N + 1), n = 1..N, all in (0, 1).
std::vector<double> worker_alphas(int workers);

}  // namespace ssim::nn
