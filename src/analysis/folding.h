#pragma once
// Lossy folding, after normalisation: accents removed ("é" -> "e", "ç" -> "c"),
// the ligatures that NFKC keeps expanded ("œ" -> "oe", "æ" -> "ae"), and every
// apostrophe (’ U+2019, ‘ U+2018, ʼ U+02BC) written as the straight ' (U+0027),
// so that "désindustrialisation", "DÉSINDUSTRIALISATION" and
// "desindustrialisation", or "l’usine" and "l'usine", become the same string.

#include <string>
#include <string_view>

#include <unicode/unistr.h>

namespace hemicycle::analysis {

// Appends to `out` the folded UTF-8 form of an already normalised string.
void append_folded(const icu::UnicodeString& normalized, std::string& out);

// nfkc_casefold then append_folded, with a fast path for ASCII words.
// `utf8` must be valid UTF-8. Thread-safe.
void append_normalized_and_folded(std::string_view utf8, std::string& out);

}  // namespace hemicycle::analysis
