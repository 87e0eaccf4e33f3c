#include "analysis/number_joiner.h"

#include <cstddef>

namespace hemicycle::analysis {
namespace {

bool is_group_separator(std::string_view gap) {
  return gap == " " || gap == "\xC2\xA0" /* U+00A0 */ || gap == "\xE2\x80\xAF" /* U+202F */;
}

// "000" continues a number; "000,5" continues and ends it.
struct Group {
  bool continues = false;
  bool ends = false;
};

Group classify_following_group(std::string_view group) {
  if (group.size() < 3 || !is_ascii_digits(group.substr(0, 3))) return {};
  if (group.size() == 3) return {true, false};
  if (group[3] == ',' && is_ascii_digits(group.substr(4))) return {true, true};
  return {};
}

}  // namespace

void join_grouped_numbers(std::string_view text, std::vector<WordSpan>& words) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < words.size(); ++i, ++kept) {
    WordSpan& word = words[i];
    const std::size_t first = i;
    const std::string_view head = word_text(text, word);
    if (word.kind == WordKind::kNumber && head.size() <= 3 && is_ascii_digits(head)) {
      std::string number(head);
      while (i + 1 < words.size() && words[i + 1].kind == WordKind::kNumber &&
             is_group_separator(text.substr(word.end, words[i + 1].begin - word.end))) {
        const std::string_view next = word_text(text, words[i + 1]);
        const Group group = classify_following_group(next);
        if (!group.continues) break;
        number += next;
        word.end = words[i + 1].end;
        ++i;
        if (group.ends) break;
      }
      if (i != first) word.joined = std::move(number);
    }
    if (kept != first) words[kept] = std::move(word);
  }
  words.resize(kept);
}

}  // namespace hemicycle::analysis
