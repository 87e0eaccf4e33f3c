#include "analysis/elision_filter.h"

#include <array>

namespace hemicycle::analysis {

std::size_t elided_prefix_length(std::string_view folded) {
  static constexpr std::array<std::string_view, 13> kElided = {"l", "d",  "j",     "m",      "n",      "s",     "t",
                                                               "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
  const std::size_t apostrophe = folded.find('\'');
  if (apostrophe == std::string_view::npos || apostrophe + 1 >= folded.size()) return 0;
  const std::string_view prefix = folded.substr(0, apostrophe);
  for (const std::string_view elided : kElided) {
    if (prefix == elided) return apostrophe + 1;
  }
  return 0;
}

std::size_t original_prefix_length(std::string_view original) {
  for (std::size_t i = 0; i < original.size(); ++i) {
    if (original[i] == '\'') return i + 1;
    // ’ and ‘ are E2 80 99 and E2 80 98, the fullwidth ＇ EF BC 87; ʼ is CA BC.
    const std::string_view three = original.substr(i, 3);
    if (three == "\xE2\x80\x99" || three == "\xE2\x80\x98" || three == "\xEF\xBC\x87") return i + 3;
    if (original.substr(i, 2) == "\xCA\xBC") return i + 2;
  }
  return 0;
}

}  // namespace hemicycle::analysis
