#include "analysis/folding.h"

#include <array>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "analysis/normalizer.h"
#include "errors.h"

namespace hemicycle::analysis {
namespace {

const icu::Normalizer2& nfd() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* const instance = icu::Normalizer2::getNFDInstance(status);
  if (instance == nullptr) throw Error("ICU NFD normalizer unavailable");
  return *instance;
}

const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* const instance = icu::Normalizer2::getNFCInstance(status);
  if (instance == nullptr) throw Error("ICU NFC normalizer unavailable");
  return *instance;
}

bool is_apostrophe(UChar32 c) { return c == 0x2019 || c == 0x2018 || c == 0x02BC; }

}  // namespace

void append_folded(const icu::UnicodeString& normalized, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd().normalize(normalized, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU NFD: ") + u_errorName(status));

  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0153) {
      stripped.append(u"oe");
    } else if (c == 0x00E6) {
      stripped.append(u"ae");
    } else if (is_apostrophe(c)) {
      stripped.append(static_cast<UChar>(u'\''));
    } else {
      stripped.append(c);
    }
  }
  // Recompose what stripping left decomposed (Hangul syllables, for one).
  status = U_ZERO_ERROR;
  const icu::UnicodeString composed = nfc().normalize(stripped, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU NFC: ") + u_errorName(status));
  composed.toUTF8String(out);
}

namespace {

// The folded forms of the code points of Latin-1 and Latin Extended-A
// (U+0080 to U+017F: the accented letters of French, œ, æ) and of the
// apostrophes, each computed once by the ICU path. None of them combines with
// a neighbour under NFKC or NFC, so a word made only of them and ASCII is
// folded code point by code point with the same result, without ICU.
constexpr UChar32 kTableEnd = 0x180;

struct FoldTable {
  std::array<std::string, kTableEnd> forms;  // the entries below 0x80 are unused
  std::string apostrophe;
};

std::string folded_by_icu(UChar32 c) {
  std::string utf8;
  icu::UnicodeString(c).toUTF8String(utf8);
  std::string out;
  append_folded(nfkc_casefold(utf8), out);
  return out;
}

const FoldTable& fold_table() {
  static const FoldTable table = [] {
    FoldTable built;
    for (UChar32 c = 0x80; c < kTableEnd; ++c) built.forms[static_cast<std::size_t>(c)] = folded_by_icu(c);
    built.apostrophe = folded_by_icu(0x2019);
    return built;
  }();
  return table;
}

}  // namespace

void append_normalized_and_folded(std::string_view utf8, std::string& out) {
  bool ascii = true;
  bool in_table = true;
  for (std::size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++i;
      continue;
    }
    ascii = false;
    UChar32 c = 0;
    U8_NEXT(utf8.data(), i, utf8.size(), c);
    if (c >= kTableEnd && !is_apostrophe(c)) {
      in_table = false;
      break;
    }
  }
  if (ascii) {
    // ASCII needs neither NFKC nor accent folding: lower case is the whole job.
    for (const char byte : utf8) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : byte);
    }
    return;
  }
  if (!in_table) {
    append_folded(nfkc_casefold(utf8), out);
    return;
  }
  const FoldTable& table = fold_table();
  for (std::size_t i = 0; i < utf8.size();) {
    const char byte = utf8[i];
    if (static_cast<unsigned char>(byte) < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : byte);
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(utf8.data(), i, utf8.size(), c);
    out += c < kTableEnd ? table.forms[static_cast<std::size_t>(c)] : table.apostrophe;
  }
}

}  // namespace hemicycle::analysis
