#pragma once
// Second stage: the words of a text by ICU's word boundary rules (UAX #29),
// run on the UTF-8 bytes so that boundaries are byte offsets. Spaces and
// punctuation are dropped; "l'usine" and "aujourd'hui" stay one word (the
// apostrophe joins letters), "Saint-Omer" gives two, "48,5" one.

#include <string_view>
#include <vector>

#include "analysis/word_span.h"

namespace hemicycle::analysis {

// `text` must be valid UTF-8 (see sanitize_utf8). Thread-safe.
[[nodiscard]] std::vector<WordSpan> split_words(std::string_view text);

}  // namespace hemicycle::analysis
