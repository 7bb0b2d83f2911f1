// One CSV field as RFC 4180 writes it: quoted when it holds a comma, quote or line break, its
// quotes doubled. Names from a platform file (hosts, links) may hold any of them.
#pragma once
#include <string>
#include <string_view>

namespace ssim {

inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

}  // namespace ssim
