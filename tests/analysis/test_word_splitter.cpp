// split_words reads plain French prose without ICU: it must find exactly the
// words, offsets and kinds that ICU's word rules find, on texts made of the
// characters where the two could part ways.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "analysis/word_splitter.h"

namespace hemicycle::analysis {
namespace {

std::string describe(const std::vector<WordSpan>& words, std::string_view text) {
  std::string out;
  for (const WordSpan& word : words) {
    out += '[';
    out += text.substr(word.begin, word.end - word.begin);
    out += word.kind == WordKind::kNumber ? "]#" : "]";
    out += ' ';
  }
  return out;
}

void expect_same_as_icu(const std::string& text) {
  const std::vector<WordSpan> fast = split_words(text);
  const std::vector<WordSpan> icu = split_words_with_icu(text);
  bool same = fast.size() == icu.size();
  for (std::size_t i = 0; same && i < fast.size(); ++i) {
    same = fast[i].begin == icu[i].begin && fast[i].end == icu[i].end && fast[i].kind == icu[i].kind;
  }
  ASSERT_TRUE(same) << "text: \"" << text << "\"\n  split_words: " << describe(fast, text)
                    << "\n  ICU:         " << describe(icu, text);
}

TEST(WordSplitter, ProseIsSplitAsIcuSplitsIt) {
  for (const char* text : {
           "L’article 12 du projet de loi, adopté le 3 mars 2023, prévoit 48,5 millions d'euros.",
           "aujourd'hui l'État et l’Œuvre « sociale » — M. Dupont (LFI-NUPES) ; 1.000.000 € ?",
           "Saint-Omer, Provence-Alpes-Côte d'Azur : 25\u202F000 habitants, 1er janvier, 10h30.",
           "e.g. a.b.c 3.a a.3 l'2 2'l x’’y 12,,3 12,3,4 ‘a’ ’a ’1 1’ 1.",
           "coeur\u00ADde œuvre\u0301 ﬁnance Ωmega ligne\u00A0brisée x_y a:b 3:4 «a» ×2 a×b",
           "",
           " ",
           "a",
           "1",
           "'",
           "’",
           ".",
           "a'",
           "'a",
           "1,",
           ",1",
       }) {
    SCOPED_TRACE(text);
    expect_same_as_icu(text);
  }
}

// Strings drawn from the characters that decide where a word ends: letters of
// both Latin-1 halves, digits, every joiner of UAX #29 (quotes, points, commas,
// colons, underscores, U+202F), marks and formats, other scripts, spaces.
TEST(WordSplitter, RandomTextsAreSplitAsIcuSplitsThem) {
  const std::vector<std::string> pieces = {
      "a",          "Z",      "e",      "é",      "É",      "ß",      "ÿ",      "œ",      "Œ",      "×",
      "÷",          "1",      "0",      "9",      " ",      "  ",     "\n",     "\t",     "\r\n",   "'",
      "\u2019",     "\u2018", ".",      ",",      ";",      ":",      "_",      "-",      "«",      "»",
      "\u00A0",     "\u202F", "\u00AD", "\u0301", "\uFB01", "€",      "%",      "(",      ")",      "\"",
      "\u2013",     "\u2014", "\u2026", "\u201C", "\u201D", "ª",      "µ",      "°",      "л",      "日本",
      "\U0001F44D", "/",      "@",      "#",      "\u200D", "ŷ",      "\u0133", "\u05D0", "\u2024", "\u00B7",
      "\u0660",     "\u2044", "\u00B2", "\u200B", "\uFF0E", "\u30A2", "\x7F",   "\x01",   "$",      "+"};
  std::mt19937 random(20261207);
  std::uniform_int_distribution<std::size_t> any_piece(0, pieces.size() - 1);
  std::uniform_int_distribution<std::size_t> word_piece(0, 13);  // letters and digits
  std::uniform_int_distribution<int> length(1, 16);
  for (int round = 0; round < 60000; ++round) {
    std::string text;
    for (int n = length(random); n > 0; --n) {
      // Letters and digits half the time, so that words of several characters meet the joiners.
      text += pieces[random() % 2 == 0 ? word_piece(random) : any_piece(random)];
    }
    expect_same_as_icu(text);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace hemicycle::analysis
