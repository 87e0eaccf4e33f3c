#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace hemicycle::analysis {

// One word of the analysed text. `begin`/`end` are byte offsets into the
// original text as given to the analyzer, so that highlighting can show the
// original (accented) words. No stage moves them outside the word; elision only
// moves `begin` past the elided article ("l’usine": `begin` at "usine").
struct Token {
  std::string term;            // the form that is indexed and searched
  std::size_t begin = 0;       // byte offset of the first byte in the original text
  std::size_t end = 0;         // byte offset one past the last byte
  std::uint32_t position = 0;  // word position, counting stopwords
  bool stopword = false;       // true when `term` is in the stopword list

  friend bool operator==(const Token&, const Token&) = default;
};

}  // namespace hemicycle::analysis
