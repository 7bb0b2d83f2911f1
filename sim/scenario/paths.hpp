// File and directory paths named in a scenario: resolved against the scenario's folder and
// checked to exist, so a typo fails at load time rather than deep inside a run.
#pragma once
#include "scenario/fields.hpp"
#include <filesystem>
#include <string>

namespace ssim::scenario {

// An absolute, normalised path: `path` as is if absolute, else under base_dir.
std::string resolve_path(const std::string& path, const std::filesystem::path& base_dir);

std::string read_existing_file(const Field& field, const std::filesystem::path& base_dir);
std::string read_existing_directory(const Field& field, const std::filesystem::path& base_dir);

}  // namespace ssim::scenario
