#include "cluster/platform_locations.hpp"
#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

namespace ssim::cluster {

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The start of the element holding the attribute `name`="`value`" (either quote), when its tag
// is `tag` (any tag if empty).
std::string::size_type find_element(const std::string& text, const std::string& name, const std::string& value,
                                    const std::string& tag) {
  for (const char quote : {'"', '\''}) {
    const std::string attribute = fmt::format("{}={}{}{}", name, quote, value, quote);
    for (auto at = text.find(attribute); at != std::string::npos; at = text.find(attribute, at + 1)) {
      if (!name.empty() && at > 0 && !std::isspace(static_cast<unsigned char>(text[at - 1]))) continue;
      const auto open = text.rfind('<', at);
      if (open == std::string::npos) continue;
      if (tag.empty() || text.compare(open + 1, tag.size() + 1, tag + " ") == 0) return open;
    }
  }
  return std::string::npos;
}

std::string located(const std::string& file, const std::string& text, std::string::size_type at) {
  if (at == std::string::npos) return file;
  const auto line_start = text.rfind('\n', at);
  const auto column = at - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return fmt::format("{}:{}:{}", file, line, column);
}

// The message's words, without the quotes and punctuation around them.
std::vector<std::string> words_of(const std::string& message) {
  std::vector<std::string> words;
  std::istringstream in(message);
  for (std::string word; in >> word;) {
    const auto first = word.find_first_not_of("'\"`(");
    const auto last = word.find_last_not_of("'\"`).,:;");
    if (first != std::string::npos && last != std::string::npos && last >= first)
      words.push_back(word.substr(first, last - first + 1));
  }
  return words;
}

}  // namespace

std::string element_location(const std::string& platform_file, const std::string& tag, const std::string& id) {
  const std::string text = file_text(platform_file);
  return located(platform_file, text, find_element(text, "id", id, tag));
}

std::string mentioned_element_location(const std::string& platform_file, const std::string& message) {
  const std::string text = file_text(platform_file);
  const auto words = words_of(message);
  for (const std::string attribute : {"id", ""})
    for (const auto& word : words)
      if (const auto at = find_element(text, attribute, word, ""); at != std::string::npos)
        return located(platform_file, text, at);
  return platform_file;
}

std::string load_error_message(const std::string& platform_file, const std::string& simgrid_error) {
  // SimGrid names the file as it was given, so its own position can be read off its message.
  const std::string parse_error = fmt::format("Parse error at {}:", platform_file);
  if (simgrid_error.starts_with(parse_error)) {
    const std::string rest = simgrid_error.substr(parse_error.size());
    const auto colon = rest.find(": ");
    if (colon != std::string::npos && colon > 0 &&
        std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(colon),
                    [](unsigned char c) { return std::isdigit(c); }))
      return fmt::format("{}:{}: not a valid SimGrid platform: {}", platform_file, rest.substr(0, colon),
                         rest.substr(colon + 2));
  }
  return fmt::format("{}: not a valid SimGrid platform: {}", mentioned_element_location(platform_file, simgrid_error),
                     simgrid_error);
}

}  // namespace ssim::cluster
