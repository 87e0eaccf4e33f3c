#pragma once
// Lossless-for-search normalisation of one word: Unicode NFKC with case
// folding (ICU's nfkc_cf). It maps compatibility forms to their plain letters
// (ligature "ﬁ" -> "fi", superscripts "1ʳᵉ" -> "1re", fullwidth forms, no-break
// spaces), folds case ("DÉPUTÉ" -> "député", "ß" -> "ss") and drops default
// ignorables such as the soft hyphen.

#include <string_view>

#include <unicode/unistr.h>

namespace hemicycle::analysis {

// `utf8` must be valid UTF-8.
[[nodiscard]] icu::UnicodeString nfkc_casefold(std::string_view utf8);

}  // namespace hemicycle::analysis
