#include "analysis/ordinal_joiner.h"

#include <cstddef>

namespace hemicycle::analysis {
namespace {

bool is_ordinal_suffix(std::string_view s) {
  if (s.empty() || s.size() > 4) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

bool is_roman_numeral(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c != 'I' && c != 'V' && c != 'X' && c != 'L' && c != 'C' && c != 'M') return false;
  }
  return true;
}

}  // namespace

void join_caret_ordinals(std::string_view text, std::vector<WordSpan>& words) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < words.size(); ++i, ++kept) {
    WordSpan& word = words[i];
    const std::size_t first = i;
    const bool caret_follows = word.end < text.size() && text[word.end] == '^';
    if (caret_follows && i + 1 < words.size() && words[i + 1].begin == word.end + 1) {
      const std::string_view base = word_text(text, word);
      const std::string_view suffix = word_text(text, words[i + 1]);
      if ((is_ascii_digits(base) || is_roman_numeral(base)) && is_ordinal_suffix(suffix)) {
        word.joined = std::string(base) + std::string(suffix);
        word.end = words[i + 1].end;
        word.kind = WordKind::kLetters;
        ++i;
      }
    }
    if (kept != first) words[kept] = std::move(word);
  }
  words.resize(kept);
}

}  // namespace hemicycle::analysis
