// What every scheme gets and gives back. A scheme places its roles, creates its actors on the
// cluster, runs the simulation, and returns what happened together with its closed-form model:
// the training it did, the queries it served, or both.
#pragma once
#include "cluster/cluster.hpp"
#include "data/dataset.hpp"
#include "models/prediction.hpp"
#include "nn/tensor.hpp"
#include "scenario/scenario.hpp"
#include <nlohmann/json.hpp>
#include <string_view>
#include <optional>
#include <vector>

namespace ssim::schemes {

struct RunInputs {
  const scenario::Scenario& scenario;
  // In timing mode (scenario.compute) they hold no sample: a scheme that runs in it counts on
  // train_samples.
  const data::Dataset& train;
  const data::Dataset& test;
  const cluster::RoleLayout& layout;  // the cluster's, from the scheme's layout()
  Eigen::Index train_samples = 0;     // the training set's size, in either mode
};

// An epoch's and a training's numbers are absent in timing mode, which computes none.
struct EpochRecord {
  int epoch = 0;                             // 1-based
  double time_s = 0;                         // simulated time at the end of the epoch
  std::optional<double> train_loss = std::nullopt;     // mean loss of the batches trained in the epoch
  std::optional<double> test_loss = std::nullopt;
  std::optional<double> test_accuracy = std::nullopt;  // fraction in [0, 1]
};

struct TrainingRecord {  // present when the run trained a model
  std::vector<EpochRecord> epochs;
  long steps = 0;         // optimizer steps of the model that is evaluated
  bool completed = true;  // false when failures stopped training before its last epoch
  std::optional<double> final_test_accuracy = std::nullopt, final_test_loss = std::nullopt;
  nn::Vector final_parameters;  // empty in timing mode
  double simulated_time_s = 0;  // when training ended (in a run that then serves, before serving)
};

struct QueryRecord {  // one served query
  long id = 0;
  double arrival_s = 0, completion_s = -1;  // completion < 0: never answered (all its workers failed)
  int answers_used = 0;                     // answers the frontend combined (1 for a single worker or replication)
  int predicted = -1, label = 0;
  std::vector<int> missing_nodes;           // partitioned: nodes whose output was taken as erased
  bool reconstructed = false;               // parity: its output was rebuilt from its group's parity
  bool answered() const { return completion_s >= 0; }
  double latency_s() const { return completion_s - arrival_s; }
};

struct ServingRecord {  // present when the run served queries
  std::vector<QueryRecord> queries;  // in id order
  bool partitioned = false;          // its queries were split over nodes: they record missing_nodes
  bool parity = false;               // its queries were parity coded: they record whether reconstructed
  models::LatencyPrediction latency_model;
};

struct ErasureAccuracy {  // a partitioned model's test accuracy with exactly `erased` parts erased
  int erased = 0;
  double accuracy = 0;  // fraction in [0, 1]
  long samples = 0;
};

// What a partitioned model (seed 000) adds: its accuracy against erased parts, and the flops of one
// query in seed 000's convention beside the ones the simulation charges.
struct PartitionedRecord {
  int parts = 0;
  int trained_erasures = 0;  // trained with 0..n parts of each sample erased
  std::vector<ErasureAccuracy> erasures;
  double node_flops = 0, decoder_flops = 0;                  // per query, the simulation's (nn/flops.hpp)
  double seed000_node_flops = 0, seed000_decoder_flops = 0;  // per query, seed 000's convention
  double node_speed = 0, frontend_speed = 0;                 // flop/s of node 0 and of the frontend
};

// What a parity-coded run (infer_parity) adds: its parity model's training, the parameters it saves,
// and the test set's accuracy when every output is rebuilt from its group's parity.
struct ParityEpoch {
  int epoch = 0;       // 1-based
  double time_s = 0;   // on the training clock, after the served model's training
  double train_mse = 0, test_mse = 0;
};
struct ParityRecord {
  int group = 0;                    // k
  std::vector<ParityEpoch> epochs;  // none when the parity model was read from an earlier run
  nn::Vector parameters;            // the parity model's
  double training_time_s = 0;       // its share of the training time
  double model_accuracy = 0;        // the served model's own test accuracy
  double degraded_accuracy = 0;     // every test query's output rebuilt as if its own were missing
  long samples = 0;                 // test samples in both accuracies
};

// A coded model's (seed 002) test accuracy decoded from the answers of the first R workers and of
// the last R, and computed directly as D(beta_k): all three agree up to rounding.
struct CodedAccuracy {
  double first_answers = 0, last_answers = 0, direct = 0;
  long queries = 0;
};

// What a coded model (seed 002) adds: its code, its accuracy, its size beside seed 002's, and the
// work and bytes of one group of K queries on each side as this run placed them.
struct CodedRecord {
  int inputs = 0, encoder_degree = 0, computation_degree = 0, recovery_threshold = 0, workers = 0;
  std::string computation, placement;  // basic | data; frontend | workers
  long parameters = 0;
  double worst_amplification = 0;      // of rounding, decoding from the worst R workers (nn/lagrange.hpp)
  CodedAccuracy accuracy;
  double frontend_flops = 0, worker_flops = 0, decode_flops = 0;  // per group: encoding (if there), per worker, decoding
  double request_bytes = 0, answer_bytes = 0;                      // per group, to and from one worker
};

struct RunResult {
  double simulated_time_s = 0;
  models::Prediction prediction;  // closed form of the whole run's time
  // The scheme's own numbers. Where schemes mean the same thing they use the same name:
  // timed_out_rounds (rounds that ended at their deadline), stale_messages (answers of an earlier
  // round, or a second one, dropped), stopped_by_silence (actors that stopped because a peer went
  // silent), silence_timeout_s (how long a peer may stay silent before it is presumed dead).
  nlohmann::json counters = nlohmann::json::object();
  std::optional<TrainingRecord> training;
  std::optional<ServingRecord> serving;
  std::optional<PartitionedRecord> partitioned;
  std::optional<ParityRecord> parity;
  std::optional<CodedRecord> coded;
};

// What a run of a scenario records, known before it runs (a sweep's columns, the progress shown).
struct RunParts {
  bool training = true;
  bool serving = false;
};

struct Scheme {
  const char* name;
  cluster::RoleLayout (*layout)(const scenario::Scenario&);
  RunResult (*run)(const RunInputs&, cluster::Cluster&);
  RunParts (*parts)(const scenario::Scenario&);
};

// The parts of a scheme that only trains.
RunParts training_only(const scenario::Scenario&);

// The scheme a scenario names (scenario::Scheme::name, an entry of schemes/list.hpp).
const Scheme& find_scheme(std::string_view name);

}  // namespace ssim::schemes
