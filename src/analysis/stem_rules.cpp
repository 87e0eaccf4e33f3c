#include "analysis/stem_rules.h"

#include <cstddef>

namespace hemicycle::analysis {
namespace {

std::size_t code_points(std::string_view utf8) {
  std::size_t count = 0;
  for (const char byte : utf8) {
    if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

}  // namespace

std::optional<std::string> kept_apart_stem(std::string_view folded) {
  if (folded == "financement" || folded == "financements") return "financement";
  return std::nullopt;
}

std::string_view before_snowball(std::string_view folded) {
  std::string_view form = folded;
  if (code_points(form) >= 4 && form.ends_with('s') && !form.ends_with("ss")) form.remove_suffix(1);
  if (form.ends_with("ee")) form.remove_suffix(1);
  return form;
}

bool is_too_short_to_stem(std::string_view form) { return code_points(form) <= 3; }

void after_snowball(std::string& stem) {
  const std::size_t n = stem.size();
  if (n >= 4 && stem[n - 1] == 'x' && stem[n - 2] == 'u' && is_vowel(stem[n - 3])) stem.pop_back();
}

}  // namespace hemicycle::analysis
