#include "schemes/coded_requests.hpp"
#include "schemes/coded_model.hpp"
#include "schemes/serving_worker.hpp"

namespace ssim::schemes {

std::shared_ptr<const nn::CodedNetwork::Coefficients> CodedRequests::coefficients(long request) {
  if (auto kept = kept_.find(request); kept != kept_.end()) return kept->second;
  const data::Indices samples = samples_of(queries_of(serving_, request), test_.size());
  auto computed = std::make_shared<const nn::CodedNetwork::Coefficients>(
      network_.coefficients(sample_groups(test_.features, samples, network_.spec())));
  if (!forgotten_.contains(request)) kept_[request] = computed;
  return computed;
}

void CodedRequests::forget(long request) {
  kept_.erase(request);
  forgotten_.insert(request);
}

nn::Matrix CodedRequests::worker_output(long request, double alpha) {
  const auto kept = coefficients(request);
  return network_.worker_output(network_.coded_input(kept->encoder, alpha), kept->data);
}

}  // namespace ssim::schemes
