// Scenario texts shared by the scenario tests.
#pragma once
#include "scenario/load.hpp"
#include <string>

namespace ssim::scenario::testing {

inline const std::string kFixtures = STRAGGLESIM_TEST_DIR "/scenario/fixtures";

// Sets every key to a value other than its default.
inline const std::string kFullScenario = R"(name: full-run_1.0
seed: 18446744073709551615
platform:
  topology: ring
  hosts: 5
  host_speed: 1.5Gf
  bandwidth: 1Gbps
  latency: 50us
network_model: simgrid
compute: timing
data:
  dataset: synthetic
  features: 20
  classes: 3
  train_samples: 600
  test_samples: 100
model:
  layers: [20, 50, 50, 3]
  activation: leaky_relu
  loss: mse
  init: xavier
scheme:
  name: ps_sync
  workers: 4
  epochs: 3
  batch_size: 32
  optimizer: {type: adam, lr: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-7}
  wait_for: 3
  round_timeout: 2s
  bytes_per_value: 2
stragglers:
  - {worker: 2, slowdown: 4.0}
  - {probability: 0.1, slowdown: 5.0}
  - {worker: 1, slowdown: 3, from: 10ms, to: 2}
  - {host: host-3, fail_at: 12.5}
)";

// Only the required keys.
inline const std::string kMinimalScenario = R"(name: minimal
platform: {topology: star, hosts: 1}
data: {dataset: iris}
model: {layers: [4, 3]}
scheme: {name: single, epochs: 1}
)";

inline Scenario parse_text(const std::string& text) { return parse(text, "test.yaml", kFixtures); }

}  // namespace ssim::scenario::testing
