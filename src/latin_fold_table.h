#pragma once
// Folding a word code point by code point, without ICU, when it is made of ASCII
// and of Latin-1 and Latin Extended-A (U+0080 to U+017F: the accented letters of
// French, œ, æ). The analyzer and the territory matcher each fold words through
// ICU; a table holds what their own ICU path gives for each of these code
// points, computed once. None of them combines with a neighbour under NFKC, NFD
// or NFC, so a word's folded form is the concatenation of theirs. Header-only:
// both layers use it and neither depends on the other.

#include <unicode/umachine.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hemicycle {

[[nodiscard]] inline char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

class LatinFoldTable {
 public:
  // `fold(utf8)` is the ICU path's folded form of a string, here of one code
  // point; `extra` names code points beyond U+017F to take from it too.
  template <typename Fold>
  explicit LatinFoldTable(Fold fold, std::initializer_list<UChar32> extra = {}) {
    for (UChar32 c = 0x80; c < kEnd; ++c) forms_[static_cast<std::size_t>(c)] = fold(utf8_of(c));
    for (const UChar32 c : extra) extra_.emplace_back(c, fold(utf8_of(c)));
  }

  // Appends the folded form of `utf8` (ASCII lower-cased, the rest from the
  // table) and returns true; returns false, leaving `out` as it was, when a code
  // point is not in the table or the bytes are not UTF-8.
  bool append(std::string_view utf8, std::string& out) const {
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < utf8.size();) {
      if (static_cast<unsigned char>(utf8[i]) < 0x80) {
        out.push_back(ascii_lower(utf8[i++]));
        continue;
      }
      UChar32 c = 0;
      U8_NEXT(utf8.data(), i, utf8.size(), c);
      if (const std::string* form = find(c)) {
        out += *form;
        continue;
      }
      out.resize(start);
      return false;
    }
    return true;
  }

 private:
  static constexpr UChar32 kEnd = 0x180;

  static std::string utf8_of(UChar32 c) {
    std::string utf8;
    icu::UnicodeString(c).toUTF8String(utf8);
    return utf8;
  }

  [[nodiscard]] const std::string* find(UChar32 c) const {
    if (c >= 0x80 && c < kEnd) return &forms_[static_cast<std::size_t>(c)];
    for (const auto& [code_point, form] : extra_) {
      if (code_point == c) return &form;
    }
    return nullptr;
  }

  std::array<std::string, kEnd> forms_;  // the entries below 0x80 are unused
  std::vector<std::pair<UChar32, std::string>> extra_;
};

}  // namespace hemicycle
