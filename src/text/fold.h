#pragma once
// The one lossy fold of the project, for comparing text, never for text that is
// stored or shown: case, accents removed ("é" -> "e", "ç" -> "c"), every
// apostrophe (’ U+2019, ‘ U+2018, ʼ U+02BC) written as the straight ' (U+0027),
// and, by default, compatibility forms and ligatures expanded ("ﬁ" -> "fi",
// "œ" -> "oe", "æ" -> "ae"). "désindustrialisation", "DÉSINDUSTRIALISATION"
// and "desindustrialisation", or "l’usine" and "l'usine", fold alike.
// The analyzer folds words with the defaults; matching labels and place names
// written by hand uses the variant that `FoldOptions` names.

#include <string>
#include <string_view>

namespace hemicycle::text {

struct FoldOptions {
  // true: ICU's NFKC_Casefold (compatibility forms expanded, full case folding:
  // "ß" -> "ss"). false: each code point lower-cased as it is (labels and names
  // of the sources: "Nº" stays "nº").
  bool compatibility = true;
  // "œ" -> "oe", "æ" -> "ae" (NFKC keeps them).
  bool expand_ligatures = true;
};

// The label and place-name variant: no compatibility mapping, ligatures kept.
inline constexpr FoldOptions kLabelFold{false, false};

// Appends the folded form of `utf8` (valid UTF-8) to `out`. Words of ASCII and
// Latin letters, most French words, are folded from a table computed once by
// the ICU path. Thread-safe.
void append_folded(std::string_view utf8, std::string& out, const FoldOptions& options = {});

[[nodiscard]] std::string fold(std::string_view utf8, const FoldOptions& options = {});

struct KeyOptions {
  FoldOptions fold;
  // Keep an apostrophe between two letters or digits ("côte d'or"), else it
  // separates words ("cote d or").
  bool keep_inner_apostrophes = true;
};

// The folded words of `utf8` (letters and digits), one space between them:
// "Pas-de-Calais" -> "pas de calais", "Économie, finances" -> "economie finances".
[[nodiscard]] std::string name_key(std::string_view utf8, const KeyOptions& options = {});

// Lower case, accents kept ("Industrie" -> "industrie"): for labels shown once for
// several spellings.
[[nodiscard]] std::string lower(std::string_view utf8);

[[nodiscard]] inline char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace hemicycle::text
