#pragma once
// Second stage: the words of a text by ICU's word boundary rules (UAX #29),
// run on the UTF-8 bytes so that boundaries are byte offsets. Spaces and
// punctuation are dropped; "l'usine" and "aujourd'hui" stay one word (the
// apostrophe joins letters), "Saint-Omer" gives two, "48,5" one.

#include <string_view>
#include <vector>

#include "analysis/word_span.h"

namespace hemicycle::analysis {

// `text` must be valid UTF-8 (see sanitize_utf8). Thread-safe. Plain French
// prose is split without ICU, by the same rules (word_splitter.cpp).
[[nodiscard]] std::vector<WordSpan> split_words(std::string_view text);

// The same, all of it by ICU: what split_words must agree with (its tests).
[[nodiscard]] std::vector<WordSpan> split_words_with_icu(std::string_view text);

}  // namespace hemicycle::analysis
