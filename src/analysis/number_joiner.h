#pragma once
// Numbers written with thousands separators: "25 000", "194 588" or
// "1 234 567,5" (with a space, U+00A0 or U+202F between groups) become one
// word "25000", as the same number written "25000" would. A first group of
// 1 to 3 digits and following groups of exactly 3 digits are required, so
// "en 2015 124 emplois" keeps "2015" and "124" apart. A group with a decimal
// part ("000,5") ends the number. ICU already keeps "48,5" as one word.

#include <string_view>
#include <vector>

#include "analysis/word_span.h"

namespace hemicycle::analysis {

// Joins in place: `words` loses the words merged into their predecessor.
void join_grouped_numbers(std::string_view text, std::vector<WordSpan>& words);

}  // namespace hemicycle::analysis
