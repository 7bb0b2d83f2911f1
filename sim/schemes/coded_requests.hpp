// The real numbers behind infer_coded's requests: each request's coefficients C_g (and V_p),
// computed once from its queries' test samples and shared by the frontend and every worker, as
// each host would compute the same values. The simulated flops are charged where the placement
// puts the work; this only saves the wall time of computing them N times.
#pragma once
#include "data/dataset.hpp"
#include "nn/coded_network.hpp"
#include "scenario/scenario.hpp"
#include <map>
#include <memory>
#include <set>

namespace ssim::schemes {

class CodedRequests {
 public:
  CodedRequests(const nn::CodedNetwork& network, const data::Dataset& test, const scenario::Serving& serving)
      : network_(network), test_(test), serving_(serving) {}

  // The request's coefficients, kept until the request is decoded (forget); a worker that answers
  // after that gets them computed again, not kept.
  std::shared_ptr<const nn::CodedNetwork::Coefficients> coefficients(long request);
  void forget(long request);

  // Worker `alpha`'s answer to the request: H(E(alpha)), classes x groups.
  nn::Matrix worker_output(long request, double alpha);

 private:
  const nn::CodedNetwork& network_;
  const data::Dataset& test_;
  const scenario::Serving& serving_;
  std::map<long, std::shared_ptr<const nn::CodedNetwork::Coefficients>> kept_;
  std::set<long> forgotten_;
};

}  // namespace ssim::schemes
