#include "analysis/stopwords.h"

#include "analysis/utf8_sanitizer.h"
#include "errors.h"
#include "text/fold.h"

namespace hemicycle::analysis {

StopwordSet::StopwordSet(std::string_view list) {
  std::size_t line_number = 0;
  while (!list.empty()) {
    const std::size_t newline = list.find('\n');
    std::string_view line = list.substr(0, newline);
    list.remove_prefix(newline == std::string_view::npos ? list.size() : newline + 1);
    ++line_number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    std::string storage;
    if (sanitize_utf8(line, storage).data() != line.data()) {
      throw ConfigError("stopword list, line " + std::to_string(line_number) + ": invalid UTF-8");
    }
    words_.insert(text::fold(line));
  }
}

bool StopwordSet::contains(std::string_view folded) const { return words_.find(folded) != words_.end(); }

}  // namespace hemicycle::analysis
