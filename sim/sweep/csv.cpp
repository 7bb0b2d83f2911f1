#include "sweep/csv.hpp"
#include "common/csv_field.hpp"

namespace ssim::sweep {

std::string csv_line(const CsvRow& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  return line + '\n';
}

CsvText parse_csv(const std::string& text) {
  CsvText parsed;
  CsvRow row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      if (!field.empty() && field.back() == '\r') field.pop_back();
      row.push_back(std::move(field));
      field.clear();
      parsed.rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  parsed.cut_short = !row.empty() || !field.empty() || quoted;
  return parsed;
}

}  // namespace ssim::sweep
