// The exact wording of errors: "FILE:LINE:COL: KEY: what was expected (got 'VALUE')".
#include "scenario/load.hpp"
#include "scenario_text.hpp"
#include <gtest/gtest.h>
#include <filesystem>
#include <string>

namespace ssim::scenario {
namespace {

using testing::kFixtures;
using testing::kMinimalScenario;

// The message of the ScenarioError that `action` throws.
template <class Action>
std::string message_of(Action action) {
  try {
    action();
  } catch (const ScenarioError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no ScenarioError thrown";
  return "";
}

std::string error_of(const std::string& text) {
  return message_of([&] { testing::parse_text(text); });
}

// kMinimalScenario with its `from` line replaced by `to`.
std::string minimal_with(const std::string& from, const std::string& to) {
  std::string text = kMinimalScenario;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ErrorMessages, WrongTypeNamesKeyValueAndPosition) {
  EXPECT_EQ(error_of(minimal_with("{name: single, epochs: 1}", "{name: single, epochs: four}")),
            "test.yaml:5:32: scheme.epochs: expected an integer >= 1 (got 'four')");
}

TEST(ErrorMessages, UnknownKeyListsTheKnownOnes) {
  EXPECT_EQ(error_of(minimal_with("epochs: 1}", "epochs: 1, wrokers: 2}")),
            "test.yaml:5:35: scheme.wrokers: unknown key (expected one of: name, workers, epochs, batch_size, "
            "optimizer, bytes_per_value)");
}

TEST(ErrorMessages, UnknownSchemeKeyListsTheNamedSchemesKeys) {
  EXPECT_EQ(error_of(minimal_with("{name: single, epochs: 1}", "{name: ring_tmp, epochs: 1, in_fligth: 2}")),
            "test.yaml:5:37: scheme.in_fligth: unknown key (expected one of: name, workers, epochs, batch_size, "
            "optimizer, bytes_per_value, in_flight, placement)");
}

TEST(ErrorMessages, MissingKeyPointsAtItsParent) {
  EXPECT_EQ(error_of(minimal_with("{name: single, epochs: 1}", "\n  name: single\n")),
            "test.yaml:6:3: scheme: missing required key 'epochs'");
  EXPECT_EQ(error_of(minimal_with("name: minimal\n", "")), "test.yaml:1:1: missing required key 'name'");
}

TEST(ErrorMessages, EmptyValueIsReportedAtItsKey) {
  EXPECT_EQ(error_of(minimal_with("{name: single, epochs: 1}", "\n  name: single\n  epochs:\n")),
            "test.yaml:7:3: scheme.epochs: expected an integer >= 1 (got nothing)");
}

TEST(ErrorMessages, BadUnitShowsAnExample) {
  EXPECT_EQ(error_of(minimal_with("hosts: 1}", "hosts: 1, bandwidth: 10 parsecs}")),
            "test.yaml:2:49: platform.bandwidth: expected a bandwidth such as 1Gbps, 125MBps or a number of "
            "bytes/s (got '10 parsecs')");
  EXPECT_EQ(error_of(minimal_with("hosts: 1}", "hosts: 1, bandwidth: -1Gbps}")),
            "test.yaml:2:49: platform.bandwidth: expected a bandwidth from 1e-3 to 1e18 (got '-1Gbps')");
}

TEST(ErrorMessages, ListElementsAreIndexed) {
  EXPECT_EQ(error_of(kMinimalScenario + "stragglers:\n  - {worker: 0, slowdown: 2}\n  - {worker: 0, slowdown: 0.5}\n"),
            "test.yaml:8:27: stragglers[1].slowdown: expected a number >= 1 and at most 1e12 (got '0.5')");
  EXPECT_EQ(error_of(minimal_with("[4, 3]", "[4, x, 3]")),
            "test.yaml:4:21: model.layers[1]: expected an integer >= 1 (got 'x')");
}

TEST(ErrorMessages, NonScalarValuesAreDescribed) {
  EXPECT_EQ(error_of(minimal_with("name: minimal", "name: [a, b]")),
            "test.yaml:1:7: name: expected a name made of letters, digits, '-', '_' and '.' (got a list of 2)");
  EXPECT_EQ(error_of(minimal_with("[4, 3]", "{in: 4}")),
            "test.yaml:4:17: model.layers: expected a list of at least 2 layer sizes such as [784, 50, 10], or a "
            "list of layers such as [{type: dense, units: 10}] (got a map)");
}

TEST(ErrorMessages, LongValuesAreCut) {
  EXPECT_EQ(error_of(minimal_with("name: minimal", "name: " + std::string(50, 'x') + "!")),
            "test.yaml:1:7: name: expected a name made of letters, digits, '-', '_' and '.' (got '" +
                std::string(40, 'x') + "...')");
}

TEST(ErrorMessages, MissingPathIsShownAbsolute) {
  const std::string missing = (std::filesystem::path(kFixtures) / "no-such-dir").lexically_normal();
  EXPECT_EQ(error_of(minimal_with("{dataset: iris}", "{dataset: idx, path: no-such-dir}")),
            "test.yaml:3:28: data.path: no such directory '" + missing + "'");
}

TEST(ErrorMessages, MalformedYaml) {
  EXPECT_EQ(error_of("name: [a, b\nseed: 1\n"), "test.yaml:2:5: malformed YAML: end of sequence flow not found");
}

// yaml-cpp alone reads this as empty documents for ever, growing until memory runs out.
TEST(ErrorMessages, CommaWhereADocumentStartsIsMalformed) {
  const std::string expected = "malformed YAML: unexpected ',' where a document starts (expected the scenario's keys, "
                               "or '-' for a list)";
  EXPECT_EQ(error_of(", name: x\n"), "test.yaml:1:1: " + expected);
  EXPECT_EQ(error_of("# a comment\n\n  ,\nname: x\n"), "test.yaml:3:3: " + expected);
}

TEST(ErrorMessages, DocumentMustBeOneMap) {
  EXPECT_EQ(error_of(""), "test.yaml:1:1: expected a map with keys name, seed, platform, network_model, compute, trace, "
                          "data, model, scheme, stragglers, serving, sweep (got nothing)");
  EXPECT_EQ(error_of("- name: x\n"), "test.yaml:1:1: expected a map with keys name, seed, platform, network_model, "
                                     "compute, trace, data, model, scheme, stragglers, serving, sweep (got a list of 1)");
  EXPECT_EQ(error_of(kMinimalScenario + "---\nname: second\n"),
            "test.yaml:7:1: expected a single YAML document, found 2");
}

TEST(ErrorMessages, LoadReportsUnreadableFiles) {
  const std::string missing = kFixtures + "/no-such-scenario.yaml";
  EXPECT_EQ(message_of([&] { load(missing); }), missing + ": no such file");
  EXPECT_EQ(message_of([&] { load(kFixtures); }), kFixtures + ": expected a scenario file, not a directory");
}

}  // namespace
}  // namespace ssim::scenario
