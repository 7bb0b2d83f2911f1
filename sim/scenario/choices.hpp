// The words a scenario may use for each enumerated field, and the value each stands for.
#pragma once
#include "scenario/scenario.hpp"
#include <string_view>
#include <utility>

namespace ssim::scenario {

template <class E>
using Choice = std::pair<std::string_view, E>;

inline constexpr Choice<Platform::Topology> kTopologies[] = {
    {"star", Platform::Topology::star},
    {"ring", Platform::Topology::ring},
};
inline constexpr Choice<NetworkModel> kNetworkModels[] = {
    {"ideal", NetworkModel::ideal},
    {"simgrid", NetworkModel::simgrid},
};
inline constexpr Choice<Compute> kComputes[] = {
    {"real", Compute::real},
    {"timing", Compute::timing},
};
inline constexpr Choice<bool> kSwitches[] = {
    {"true", true},
    {"false", false},
};
inline constexpr Choice<Data::Dataset> kDatasets[] = {
    {"fashion-mnist", Data::Dataset::fashion_mnist},
    {"idx", Data::Dataset::idx},
    {"iris", Data::Dataset::iris},
    {"synthetic", Data::Dataset::synthetic},
};
inline constexpr Choice<nn::Activation> kActivations[] = {
    {"relu", nn::Activation::relu},
    {"sigmoid", nn::Activation::sigmoid},
    {"leaky_relu", nn::Activation::leaky_relu},
    {"tanh", nn::Activation::tanh},
    {"linear", nn::Activation::linear},
};
inline constexpr Choice<nn::Loss> kLosses[] = {
    {"cross_entropy", nn::Loss::cross_entropy},
    {"mse", nn::Loss::mse},
};
inline constexpr Choice<data::Partitioning::Split> kSplits[] = {
    {"interleave", data::Partitioning::Split::interleave},
    {"rows", data::Partitioning::Split::rows},
};
inline constexpr Choice<nn::CodedSpec::Net> kCodedNets[] = {
    {"mlp", nn::CodedSpec::Net::mlp},
    {"conv", nn::CodedSpec::Net::conv},
};
inline constexpr Choice<nn::CodedSpec::Computation> kCodedComputations[] = {
    {"basic", nn::CodedSpec::Computation::basic},
    {"data", nn::CodedSpec::Computation::data},
};
inline constexpr Choice<nn::Init::Kind> kInits[] = {
    {"he", nn::Init::Kind::he},
    {"xavier", nn::Init::Kind::xavier},
    {"normal", nn::Init::Kind::normal},
    {"truncated_normal", nn::Init::Kind::truncated_normal},
    {"constant", nn::Init::Kind::constant},
};
inline constexpr Choice<Serving::Arrivals> kArrivals[] = {
    {"poisson", Serving::Arrivals::poisson},
    {"interval", Serving::Arrivals::interval},
    {"all_at_once", Serving::Arrivals::all_at_once},
};
inline constexpr Choice<Optimizer::Type> kOptimizerTypes[] = {
    {"sgd", Optimizer::Type::sgd},
    {"adam", Optimizer::Type::adam},
};

}  // namespace ssim::scenario
