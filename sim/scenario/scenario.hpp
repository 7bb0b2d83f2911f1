// A scenario as typed values, every field validated by scenario::load (see scenario/load.hpp).
// Units are SI base units: flop/s, bytes/s, seconds.
// A field added here that can change a run's results goes into canonical_text (scenario/canonical.hpp)
// too, or sweeps would keep rows run without it.
#pragma once
#include "data/partition.hpp"
#include "nn/coded_spec.hpp"
#include "nn/spec.hpp"
#include "scenario/scheme_options.hpp"
#include "scenario/sweep.hpp"
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace ssim::scenario {

struct Platform {
  enum class Topology { star, ring, file } topology = Topology::star;
  int hosts = 0;                     // star/ring: how many hosts to generate
  double host_speed = 1e9;           // flop/s
  double bandwidth = 125e6;          // bytes/s of each link
  double latency = 50e-6;            // seconds per link
  std::string file;                  // topology == file: path, resolved against the scenario's folder
  std::vector<std::string> roles;    // file: host names in role order (server first); empty = platform order
};

enum class NetworkModel { ideal, simgrid };

// What a run computes. `real`: every host really trains on real data. `timing`: the same protocol,
// the same flops charged and the same message sizes, but no samples, no parameters and no
// arithmetic: times, bytes and messages only, at sizes real numerics cannot reach (the schemes
// whose SchemeSpec has timing_mode).
enum class Compute { real, timing };

struct Data {
  enum class Dataset { fashion_mnist, idx, iris, synthetic } dataset = Dataset::fashion_mnist;
  std::string path;             // fashion_mnist/idx: directory of the IDX files; iris: CSV file
  long train_samples = 0;       // 0 = all
  long test_samples = 0;        // 0 = all
  // Synthetic only: one sample's shape (`features: N` is N x 1 x 1, `shape: [C, H, W]` as written)
  // and the classes. Other datasets fix both (scenario::sample_shape, class_count).
  nn::Shape shape{0, 0, 0};
  int classes = 0;
};

// What the dataset gives a model: one sample's shape, and the classes its last layer must output.
nn::Shape sample_shape(const Data& data);
int class_count(const Data& data);

// The network, in nn's own terms: read_model checks that its shapes chain from the dataset's
// sample shape (`input`) to its classes.
// A model split over nodes (seed 000): each of `partitioning.parts` nodes runs `node` on its part
// of a sample, and `decoder` classifies the nodes' outputs joined in node order.
struct PartitionedModel {
  data::Partitioning partitioning;
  nn::Shape part;                      // every node's input (data::part_shape)
  std::vector<nn::LayerSpec> node;
  std::vector<nn::LayerSpec> decoder;  // its input: parts x node_outputs values
  long node_outputs = 0;
};
struct Model {
  nn::Shape input;
  std::vector<nn::LayerSpec> layers;   // empty for a partitioned or coded model
  nn::Loss loss = nn::Loss::cross_entropy;
  std::optional<PartitionedModel> partitioned;
  // A coded model (seed 002): its image, classes and seed are filled in by the scheme.
  std::optional<nn::CodedSpec> coded;
  nn::NetworkSpec network(std::uint64_t seed) const { return {input, layers, loss, seed}; }
  // A partitioned model's networks: every node's (its loss unused) and the decoder's.
  nn::NetworkSpec node_network(std::uint64_t seed) const;
  nn::NetworkSpec decoder_network(std::uint64_t seed) const;
};

struct Optimizer {
  enum class Type { sgd, adam } type = Type::sgd;
  double learning_rate = 0.1;
  double momentum = 0.0;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

// The keys every scheme has; the scheme's own are in `options` (scenario/scheme_options.hpp).
struct Scheme {
  std::string name = "single";       // an entry of schemes/list.hpp (scenario/scheme_catalog.hpp)
  int workers = 1;
  int epochs = 1;
  int batch_size = 64;
  Optimizer optimizer;
  double bytes_per_value = 4;        // size of one tensor element on the wire
  std::shared_ptr<const SchemeOptions> options = std::make_shared<const SchemeOptions>();

  // The options as the scheme's own type, e.g. schemes::PsSyncOptions for ps_sync.
  template <class Options>
  const Options& options_as() const {
    return dynamic_cast<const Options&>(*options);
  }
  // Or null when the scheme's options are of another type.
  template <class Options>
  const Options* options_if() const {
    return dynamic_cast<const Options*>(options.get());
  }
};

// Schemes with a server (or manager) host besides their workers.
bool has_server(const Scheme& scheme);
// Schemes that answer a stream of queries with a trained model (a `serving` section).
bool serves(const Scheme& scheme);
// The form of model a scheme runs (scenario/scheme_catalog.hpp): layers, Model::partitioned or
// Model::coded, and no other.
enum class ModelForm;
ModelForm model_form(const Scheme& scheme);

struct Straggler {
  enum class Kind {
    slow,    // host always `slowdown` times slower
    random,  // each iteration, with `probability`, compute takes `slowdown` times longer
    window,  // slowdown applies between simulated times `from` and `to`
    fail     // host fails (fail-stop) at simulated time `fail_at`
  } kind = Kind::slow;
  std::optional<int> worker;         // worker index (0-based); unset with kind random = every worker
  std::optional<std::string> host;   // or a host name
  double slowdown = 1.0;
  double probability = 0.0;
  double from = 0.0, to = 0.0;
  double fail_at = 0.0;
  int line = 0;                      // where it was written, for error messages
};

// The query stream a serving scheme answers (infer_single, infer_replicated).
struct Serving {
  long queries = 0;
  // When requests arrive: a Poisson process of `rate` per second, one every `interval` seconds,
  // or all at time 0. Arrival times are drawn from the scenario's seed.
  enum class Arrivals { poisson, interval, all_at_once } arrivals = Arrivals::poisson;
  double rate = 0;      // poisson: requests per second
  double interval = 0;  // interval: seconds between requests
  int batch = 1;        // queries per request: they arrive together and travel as one task
  // Empty: the served model is trained in the run, as `single` trains it, on the frontend host.
  // Otherwise the results directory of an earlier run that saved its model (model.json).
  std::string model;
};

struct Scenario {
  std::string source;                // the file it came from
  std::string name;
  std::uint64_t seed = 0;
  Platform platform;
  NetworkModel network_model = NetworkModel::ideal;
  Compute compute = Compute::real;
  // Record what each host did when (trace.json, messages.csv); changes no result.
  bool trace = false;
  Data data;
  Model model;
  Scheme scheme;
  std::vector<Straggler> stragglers;
  std::optional<Serving> serving;    // set exactly when the scheme serves queries (serves())
  std::optional<Sweep> sweep;        // set when the file has a sweep section
  // The scenario as YAML with every --set and sweep value applied and the files it reads named by
  // absolute paths: running it again gives the same results.
  std::string resolved_yaml;
  // The YAML it was read from (with --set values), so that problems found after reading can name
  // the key and line at fault (scenario/locate.hpp).
  std::shared_ptr<const YAML::Node> document;
};

}  // namespace ssim::scenario
