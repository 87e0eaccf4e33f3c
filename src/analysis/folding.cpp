#include "analysis/folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "analysis/normalizer.h"
#include "errors.h"
#include "latin_fold_table.h"

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

void append_normalized_and_folded(std::string_view utf8, std::string& out) {
  // Words of ASCII and Latin letters (most French words) from a table of what
  // the ICU path below gives for each of their code points.
  static const LatinFoldTable table(
      [](std::string_view code_point) {
        std::string folded;
        append_folded(nfkc_casefold(code_point), folded);
        return folded;
      },
      {0x2019, 0x2018, 0x02BC});
  if (table.append(utf8, out)) return;
  append_folded(nfkc_casefold(utf8), out);
}

}  // namespace hemicycle::analysis
