// A partitioned model (seed 000) outside the cluster: built from the scenario, trained as seed 000's
// Algorithm 1 on the frontend before serving (or read from an earlier run), and measured as its
// Algorithm 2 does, with exactly h parts erased.
#pragma once
#include "data/dataset.hpp"
#include "data/partition.hpp"
#include "nn/partitioned_network.hpp"
#include "schemes/scheme.hpp"
#include <optional>
#include <vector>

namespace ssim::schemes {

nn::PartitionedNetwork partitioned_network(const scenario::Scenario& scenario);

// The parts of samples (columns of `features`) as the nodes see them.
std::vector<nn::Matrix> split_features(const nn::Matrix& features, const scenario::Scenario& scenario);

// Flops of partitioning `samples` samples: the bicubic resize when rows are split and the height
// is not a multiple of the parts; copies are free.
double partition_flops(const scenario::Scenario& scenario, int samples);

// Every node's outputs on every sample, joined in node order: parts x m rows, one column a sample.
nn::Matrix joined_outputs(const nn::PartitionedNetwork& network, const std::vector<nn::Matrix>& parts);
// Each node's output on an all-erased part (m x parts): what the frontend puts in place of a
// node's answer that did not come, exactly what training prepared the decoder for.
nn::Matrix erased_outputs(const nn::PartitionedNetwork& network);

// Test loss and accuracy with no part erased.
nn::Network::Evaluation evaluate(const nn::PartitionedNetwork& network, const data::Dataset& test,
                                 const scenario::Scenario& scenario);

struct ServedPartitionedModel {
  nn::PartitionedNetwork network;
  std::optional<TrainingRecord> training;  // none when read from an earlier run
};
// Trained on the frontend, outside the simulated clock: its time is the sum of its step flops over
// `frontend_speed`, as for the other served models (schemes/serving.hpp).
ServedPartitionedModel served_partitioned_model(const RunInputs& in, double frontend_speed);

// The flops of one query in seed 000's own counts. Its MLP setup (Chapter 3, dense layers only)
// counts a dense layer as out * (2 in + 1), the bias taken as one more input: T_node =
// m (2 ceil(I / q) + 1), T_decoder = P (2 q m + 1). Its CNN setup (Chapter 4) counts each layer as
// report/describe.hpp does: conv and dense without their biases, pools, no activations.
struct Seed000Flops {
  double node = 0, decoder = 0;
};
Seed000Flops seed000_query_flops(const nn::PartitionedNetwork& network);

// The test set's accuracy with exactly h of each sample's parts erased, for h = 0 .. parts - 1;
// the h erased parts of each sample are drawn from the scenario's seed.
std::vector<ErasureAccuracy> erasure_accuracies(const nn::PartitionedNetwork& network, const data::Dataset& test,
                                                const scenario::Scenario& scenario);

}  // namespace ssim::schemes
