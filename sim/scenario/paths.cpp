#include "scenario/paths.hpp"
#include <fmt/format.h>

namespace ssim::scenario {
namespace fs = std::filesystem;

std::string resolve_path(const std::string& path, const fs::path& base_dir) {
  const fs::path joined = fs::path(path).is_absolute() ? fs::path(path) : base_dir / path;
  std::error_code ignored;  // absolute() only fails if the working directory is gone; keep the joined path then
  const fs::path absolute = fs::absolute(joined, ignored);
  return (absolute.empty() ? joined : absolute).lexically_normal().string();
}

namespace {

std::string read_path(const Field& field, const fs::path& base_dir) {
  const std::string text = read_string(field);
  if (text.empty()) field.fail_expected("a path");
  return resolve_path(text, base_dir);
}

}  // namespace

std::string read_existing_file(const Field& field, const fs::path& base_dir) {
  const std::string path = read_path(field, base_dir);
  std::error_code error;
  if (fs::is_directory(path, error)) field.fail(fmt::format("expected a file, not the directory '{}'", path));
  if (!fs::is_regular_file(path, error)) field.fail(fmt::format("no such file '{}'", path));
  return path;
}

std::string read_existing_directory(const Field& field, const fs::path& base_dir) {
  const std::string path = read_path(field, base_dir);
  std::error_code error;
  if (!fs::is_directory(path, error)) {
    if (fs::exists(path, error)) field.fail(fmt::format("expected a directory, not the file '{}'", path));
    field.fail(fmt::format("no such directory '{}'", path));
  }
  return path;
}

}  // namespace ssim::scenario
