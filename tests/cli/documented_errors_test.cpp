// The error messages docs/scenario.md shows are what the loader prints: each documented line
// "FILE:LINE:COL: MESSAGE" names a file of tests/bad_scenarios/, which `validate` is run on from
// that directory. "..." in a documented line stands for text that depends on the machine (an
// absolute path, the memory available).
#include "cli.hpp"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <string>
#include <vector>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kDocs = std::string(STRAGGLESIM_TEST_DIR) + "/../docs/scenario.md";
const std::string kCorpus = std::string(STRAGGLESIM_TEST_DIR) + "/bad_scenarios";

// The lines of the document's code blocks that are error messages.
std::vector<std::string> documented_errors() {
  static const std::regex error_line(R"(^[A-Za-z0-9_./-]+\.yaml:[0-9]+:[0-9]+: .*)");
  std::ifstream docs(kDocs);
  std::vector<std::string> lines;
  bool in_code = false;
  for (std::string line; std::getline(docs, line);) {
    if (line.starts_with("```")) in_code = !in_code;
    else if (in_code && std::regex_match(line, error_line)) lines.push_back(line);
  }
  return lines;
}

// Whether `text` is `pattern` with each "..." standing for any text.
bool matches(const std::string& pattern, const std::string& text) {
  std::size_t at = 0, from = 0;
  for (std::size_t gap; (gap = pattern.find("...", from)) != std::string::npos; from = gap + 3) {
    const std::string piece = pattern.substr(from, gap - from);
    if (from == 0 ? !text.starts_with(piece) : (at = text.find(piece, at)) == std::string::npos) return false;
    at += piece.size();
  }
  const std::string last = pattern.substr(from);
  return from == 0 ? text == last : text.size() >= at + last.size() && text.ends_with(last);
}

TEST(DocumentedErrors, PatternsMatchAsDocumented) {
  EXPECT_TRUE(matches("a.yaml:1:2: x", "a.yaml:1:2: x"));
  EXPECT_FALSE(matches("a.yaml:1:2: x", "a.yaml:1:2: xy"));
  EXPECT_TRUE(matches("a: no such file '.../p.xml'", "a: no such file '/home/me/p.xml'"));
  EXPECT_FALSE(matches("a: no such file '.../p.xml'", "a: no such file '/home/me/q.xml'"));
  EXPECT_TRUE(matches("a ... b ... c", "a 1 b 2 c"));
  EXPECT_FALSE(matches("a ... b ... c", "a 1 c 2 b"));
}

TEST(DocumentedErrors, EachIsWhatTheLoaderPrintsForItsFile) {
  const auto documented = documented_errors();
  ASSERT_GE(documented.size(), 15u) << "the error examples of " << kDocs << " were not found";
  for (const auto& line : documented) {
    const std::string file = line.substr(0, line.find(':'));
    ASSERT_TRUE(fs::exists(kCorpus + "/" + file)) << line << ": no " << file << " in " << kCorpus;
    const auto r = run_cli_in(kCorpus, "validate " + file);
    EXPECT_EQ(r.exit_code, 2) << line;
    const std::string printed = r.err.substr(0, r.err.find('\n'));
    EXPECT_TRUE(matches("error: " + line, printed)) << "documented: " << line << "\n  printed: " << printed;
  }
}

}  // namespace
