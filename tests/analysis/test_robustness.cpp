// Random bytes and random UTF-8 never crash the analyzer, and its offsets
// always lie in the text, in order, around whole, well-formed UTF-8 characters.
#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <random>
#include <string>

#include "analysis/analyzer.h"
#include "analysis/utf8_sanitizer.h"

namespace hemicycle::analysis {
namespace {

bool is_boundary(std::string_view text, std::size_t offset) {
  return offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

bool is_valid_utf8(std::string_view text) {
  std::string storage;
  return sanitize_utf8(text, storage).data() == text.data();
}

void expect_well_formed(const std::string& text, const std::vector<Token>& tokens) {
  // A stray continuation byte after a word is not part of any character:
  // boundaries are judged on the text with ill-formed bytes blanked out.
  std::string storage;
  const std::string_view sanitized = sanitize_utf8(text, storage);
  std::size_t previous_begin = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    ASSERT_LT(token.begin, token.end);
    ASSERT_LE(token.end, text.size());
    ASSERT_GE(token.begin, previous_begin);
    ASSERT_TRUE(is_boundary(sanitized, token.begin)) << token.begin;
    ASSERT_TRUE(is_boundary(sanitized, token.end)) << token.end;
    ASSERT_TRUE(is_valid_utf8(std::string_view(text).substr(token.begin, token.end - token.begin)));
    ASSERT_EQ(token.position, i);
    ASSERT_FALSE(token.term.empty());
    previous_begin = token.begin;
  }
}

void append_utf8(std::string& out, char32_t c) {
  uint8_t bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
  out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}

TEST(Robustness, RandomBytes) {
  const FrenchAnalyzer analyzer;
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 300);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int i = length(random); i > 0; --i) text += static_cast<char>(byte(random));
    expect_well_formed(text, analyzer.analyze(text));
    (void)analyzer.fold(text);
  }
}

TEST(Robustness, RandomUtf8WithFrenchPunctuation) {
  const FrenchAnalyzer analyzer;
  std::mt19937 random(7);
  // Characters that exercise the stages: apostrophes, spaces, hyphens,
  // digits, carets, ligatures, combining accents, superscripts, dots.
  const char32_t interesting[] = {U'\'',     U'\u2019', U'\u02BC', U' ',      U'\u00A0', U'\u202F',
                                  U'-',      U'^',      U'.',      U',',      U'0',      U'5',
                                  U'L',      U'l',      U'e',      U'\u00E9', U'\u0153', U'\uFB01',
                                  U'\u0301', U'\u02B3', U'\u00AD', U'q',      U'u',      U'\U0001F600'};
  std::uniform_int_distribution<int> pick(0, static_cast<int>(std::size(interesting)) - 1);
  std::uniform_int_distribution<std::uint32_t> any(0, 0x10FFFF);
  std::uniform_int_distribution<int> coin(0, 3);
  std::uniform_int_distribution<int> length(0, 200);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int i = length(random); i > 0; --i) {
      char32_t c = coin(random) == 0 ? any(random) : interesting[pick(random)];
      if (c >= 0xD800 && c <= 0xDFFF) c = U'x';
      append_utf8(text, c);
    }
    expect_well_formed(text, analyzer.analyze(text));
    (void)analyzer.fold(text);
  }
}

}  // namespace
}  // namespace hemicycle::analysis
