#pragma once
// Ordinals typed with a caret for the superscript, "1^re", "2^e", "XIX^e",
// become one word "1re", "2e", "XIXe", as "1re" and "1ʳᵉ" (which NFKC turns
// into "1re") already are. ICU would split them at the caret.

#include <string_view>
#include <vector>

#include "analysis/word_span.h"

namespace hemicycle::analysis {

// Joins in place: `words` loses the words merged into their predecessor.
void join_caret_ordinals(std::string_view text, std::vector<WordSpan>& words);

}  // namespace hemicycle::analysis
