#include "scenario/endless_documents.hpp"
#include "scenario/load.hpp"
#include <fmt/format.h>
#include <sstream>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace ssim::scenario {
namespace {

// Where the last document began; nothing else of the text matters here.
class DocumentStarts : public YAML::EventHandler {
 public:
  YAML::Mark last;
  void OnDocumentStart(const YAML::Mark& mark) override { last = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

void reject_endless_documents(const std::string& text, const std::string& source) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts starts;
  for (int previous = -1; parser.HandleNextDocument(starts); previous = starts.last.pos) {
    if (starts.last.pos != previous) continue;
    const auto at = static_cast<std::size_t>(starts.last.pos);
    throw ScenarioError(fmt::format("{}:{}:{}: malformed YAML: unexpected '{}' where a document starts (expected "
                                    "the scenario's keys, or '-' for a list)",
                                    source, starts.last.line + 1, starts.last.column + 1,
                                    at < text.size() ? text.substr(at, 1) : ""));
  }
}

}  // namespace ssim::scenario
