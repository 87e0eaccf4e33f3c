#pragma once
// A word found in the text, before it becomes a Token: its byte span in the
// original text, and what the joining stages made of it.

#include <cstddef>
#include <string>
#include <string_view>

namespace hemicycle::analysis {

enum class WordKind {
  kNumber,          // digits, possibly with decimal punctuation ("48,5") or joined groups ("25 000")
  kLetters,         // anything else ICU calls a word: letters, letters with digits ("1re")
  kLegalReference,  // an article of a code, joined by the legal reference stage ("l2242-1")
};

struct WordSpan {
  std::size_t begin = 0;  // byte offsets into the original text
  std::size_t end = 0;
  WordKind kind = WordKind::kLetters;
  // Set by a joining stage: the text to analyse instead of text[begin, end),
  // i.e. the joined parts without what separated them ("25000" for "25 000").
  std::string joined;
};

// The text a later stage analyses for `word`.
inline std::string_view word_text(std::string_view text, const WordSpan& word) {
  return word.joined.empty() ? text.substr(word.begin, word.end - word.begin) : std::string_view(word.joined);
}

inline bool is_ascii_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace hemicycle::analysis
