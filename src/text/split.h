#pragma once
// Cutting a line of a data file or a key into its fields.

#include <string_view>
#include <vector>

namespace hemicycle::text {

// "a\tb\t" -> {"a", "b", ""}: every field, empty ones included.
[[nodiscard]] inline std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

}  // namespace hemicycle::text
