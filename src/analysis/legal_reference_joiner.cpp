#include "analysis/legal_reference_joiner.h"

#include <array>
#include <cstddef>

namespace hemicycle::analysis {
namespace {

constexpr std::array<std::string_view, 5> kCodeLetters = {"L", "R", "D", "A", "LO"};

std::string lower_ascii(std::string_view s) {
  std::string lower(s);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool starts_with_code_letter(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.front();
  return c == 'L' || c == 'R' || c == 'D' || c == 'A' || c == 'l' || c == 'r' || c == 'd' || c == 'a';
}

bool is_code_letter(std::string_view s) {
  for (const std::string_view code : kCodeLetters) {
    if (s == code) return true;
  }
  return false;
}

// "L2242" or "l2242": a code letter glued to the article number.
bool is_glued_reference(std::string_view s) {
  const std::string upper_prefix = [&] {
    std::string prefix;
    for (const char c : s) {
      if (c >= '0' && c <= '9') break;
      prefix.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return prefix;
  }();
  return is_code_letter(upper_prefix) && is_ascii_digits(s.substr(upper_prefix.size()));
}

// Between a separated code letter and its number: an optional dot, then at
// most two spaces. Reports whether there was a dot.
bool is_letter_number_gap(std::string_view gap, bool& has_dot) {
  has_dot = !gap.empty() && gap.front() == '.';
  if (has_dot) gap.remove_prefix(1);
  int spaces = 0;
  while (!gap.empty()) {
    if (gap.front() == ' ') {
      gap.remove_prefix(1);
    } else if (gap.starts_with("\xC2\xA0")) {
      gap.remove_prefix(2);
    } else if (gap.starts_with("\xE2\x80\xAF")) {
      gap.remove_prefix(3);
    } else {
      return false;
    }
    ++spaces;
  }
  return spaces <= 2 && (has_dot || spaces > 0);
}

bool is_hyphen(std::string_view gap) {
  return gap == "-" || gap == "\xE2\x80\x90" /* U+2010 */ || gap == "\xE2\x80\x91" /* U+2011 */;
}

bool hyphen_group_follows(std::string_view text, const std::vector<WordSpan>& words, std::size_t i) {
  return i + 1 < words.size() && words[i + 1].kind == WordKind::kNumber &&
         is_hyphen(text.substr(words[i].end, words[i + 1].begin - words[i].end)) &&
         is_ascii_digits(word_text(text, words[i + 1]));
}

}  // namespace

void join_legal_references(std::string_view text, std::vector<WordSpan>& words) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < words.size(); ++i, ++kept) {
    const std::size_t first_index = i;
    const std::string_view first = word_text(text, words[i]);
    std::string reference;
    std::size_t last = i;                                             // the last word that belongs to the reference
    const bool may_start_reference = starts_with_code_letter(first);  // cheap test for most words
    if (may_start_reference && is_glued_reference(first)) {
      reference = lower_ascii(first);
    } else if (may_start_reference && is_code_letter(first) && i + 1 < words.size() &&
               words[i + 1].kind == WordKind::kNumber && is_ascii_digits(word_text(text, words[i + 1]))) {
      bool has_dot = false;
      const std::string_view gap = text.substr(words[i].end, words[i + 1].begin - words[i].end);
      if (is_letter_number_gap(gap, has_dot) && (has_dot || hyphen_group_follows(text, words, i + 1))) {
        reference = lower_ascii(first) + std::string(word_text(text, words[i + 1]));
        last = i + 1;
      }
    }
    if (!reference.empty()) {
      while (hyphen_group_follows(text, words, last)) {
        reference += '-';
        reference += word_text(text, words[last + 1]);
        ++last;
      }
      words[first_index] = {words[first_index].begin, words[last].end, WordKind::kLegalReference, std::move(reference)};
      i = last;
    }
    if (kept != first_index) words[kept] = std::move(words[first_index]);
  }
  words.resize(kept);
}

}  // namespace hemicycle::analysis
