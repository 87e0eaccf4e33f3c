#include "analysis/normalizer.h"

#include <unicode/normalizer2.h>

#include "errors.h"

namespace hemicycle::analysis {

icu::UnicodeString nfkc_casefold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  // ICU's normalizer instances are immutable singletons, safe to share between threads.
  static const icu::Normalizer2* const nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (nfkc_cf == nullptr) throw Error("ICU nfkc_cf normalizer unavailable");
  const icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  status = U_ZERO_ERROR;
  icu::UnicodeString result = nfkc_cf->normalize(source, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU nfkc_cf: ") + u_errorName(status));
  return result;
}

}  // namespace hemicycle::analysis
