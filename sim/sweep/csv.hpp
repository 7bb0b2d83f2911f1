// CSV as RFC 4180 writes it: fields with a comma, quote or line break are quoted, quotes doubled.
#pragma once
#include <string>
#include <vector>

namespace ssim::sweep {

using CsvRow = std::vector<std::string>;

// One line, ending in '\n'.
std::string csv_line(const CsvRow& fields);

struct CsvText {
  std::vector<CsvRow> rows;         // the header first
  bool cut_short = false;           // the text ended inside a row, which is left out
};

// Every complete row of `text`. A row is complete when its line break has been read, so a file
// that was being appended to when its writer died loses only the row it was writing.
CsvText parse_csv(const std::string& text);

}  // namespace ssim::sweep
