// A guard for a yaml-cpp 0.7 defect: a ',' where a document should start (", a: 1") is read as an
// empty document without being consumed, so YAML::LoadAll makes empty documents for ever, taking
// more memory with each one.
#pragma once
#include <string>

namespace ssim::scenario {

// Throws ScenarioError at the ',' when a document of `text` starts where the one before it
// started; lets yaml-cpp's own exceptions out for malformed text.
void reject_endless_documents(const std::string& text, const std::string& source);

}  // namespace ssim::scenario
