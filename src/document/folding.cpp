#include "document/folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "errors.h"

namespace hemicycle::document {

std::string fold_case_and_accents(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* decomposer = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw Error("ICU NFD normaliser unavailable");
  const icu::UnicodeString decomposed = decomposer->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))), status);
  if (U_FAILURE(status)) throw Error("ICU could not decompose text");

  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    folded.append(c == 0x2019 || c == 0x02BC ? UChar32{'\''} : u_tolower(c));
  }
  std::string out;
  folded.toUTF8String(out);
  return out;
}

}  // namespace hemicycle::document
