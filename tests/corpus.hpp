// The bad-input corpora: YAML files that each hold one mistake and start with "# expect: TEXT".
#pragma once
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ssim::testing {

// The .yaml files directly in `dir`, sorted, so that test names are stable.
inline std::vector<std::string> corpus_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// TEXT of the file's first line "# expect: TEXT", or "" when it has none.
inline std::string expectation_of(const std::string& path) {
  std::ifstream file(path);
  std::string first_line;
  std::getline(file, first_line);
  const std::string marker = "# expect: ";
  return first_line.starts_with(marker) ? first_line.substr(marker.size()) : "";
}

}  // namespace ssim::testing
