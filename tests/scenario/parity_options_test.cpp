// infer_parity's keys: the group and the deadline read, the canonical lines they give, and the
// saved parity model's checksum in the canonical text when an earlier run's models are served.
#include "scenario/canonical.hpp"
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include "schemes/infer_parity_options.hpp"
#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace ssim::scenario {
namespace {

namespace fs = std::filesystem;

Scenario parity_scenario(const std::string& scheme, const std::string& serving) {
  return testing::parse_text("name: s\nplatform: {topology: star, hosts: 4}\ndata: {dataset: iris}\n"
                             "model: {layers: [4, 5, 3]}\nscheme: " + scheme + "\nserving: " + serving + "\n");
}

TEST(ParityOptions, ReadsTheGroupAndTheDeadline) {
  const auto defaults = parity_scenario("{name: infer_parity, group: 2, workers: 3, epochs: 1}",
                                        "{queries: 5, arrivals: all_at_once, batch: 4}");
  const auto& options = defaults.scheme.options_as<schemes::InferParityOptions>();
  EXPECT_EQ(options.group, 2);
  EXPECT_FALSE(options.deadline);
  EXPECT_EQ(options.canonical_lines(), (CanonicalLines{{"group", "2"}, {"deadline", ""}}));
  const auto set = parity_scenario("{name: infer_parity, group: 1, workers: 2, epochs: 1, deadline: 3ms}",
                                   "{queries: 5, arrivals: all_at_once, batch: 3}");
  EXPECT_EQ(set.scheme.options->canonical_lines(), (CanonicalLines{{"group", "1"}, {"deadline", "0.003"}}));
  EXPECT_NE(canonical_text(set).find("scheme.group=1\n"), std::string::npos);
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(ParityOptions, ServingSavedModelsPutsTheParityModelsChecksumInTheCanonicalText) {
  const auto dir = fs::temp_directory_path() / ("ssim-parity-canonical-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write(dir / "model.json", "{}");
  write(dir / "model.params", "abcd");
  write(dir / "parity_model.json", "{}");
  write(dir / "parity_model.params", "efgh");
  const std::string serving = "{queries: 5, arrivals: all_at_once, batch: 2, model: " + dir.string() + "}";
  const std::string first = canonical_text(parity_scenario("{name: infer_parity, group: 2, workers: 3}", serving));
  write(dir / "parity_model.params", "efgi");
  const std::string second = canonical_text(parity_scenario("{name: infer_parity, group: 2, workers: 3}", serving));
  fs::remove_all(dir);
  EXPECT_NE(first.find("serving.parity_model_fnv1a="), std::string::npos) << first;
  EXPECT_NE(first, second);
}

TEST(ParityOptions, TrainingBothModelsWritesNoParityChecksum) {
  const auto s = parity_scenario("{name: infer_parity, group: 2, workers: 3, epochs: 1}",
                                 "{queries: 5, arrivals: all_at_once, batch: 2}");
  EXPECT_EQ(canonical_text(s).find("parity_model"), std::string::npos);
}

}  // namespace
}  // namespace ssim::scenario
