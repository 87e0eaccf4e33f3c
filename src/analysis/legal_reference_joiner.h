#pragma once
// References to an article of a code become one word, so that they can be
// searched however they were written:
//   "article L. 2242-1", "L.2242-1", "L 2242-1", "L2242-1", "l2242-1"
//     -> one token "l2242-1" (the code letter, lower case, glued to the
//        article number; the hyphenated sub-numbers kept with "-").
// A code letter is L (legislative part), R (regulatory), D (decree), A
// (arrêté) or LO (organic law). Separated from the number, it must be written
// in capitals and be followed by a dot or by a hyphenated number ("L 2242-1"),
// so that an ordinary "a 12" or "d 3" is left alone. The token's offsets
// cover the whole reference, from the letter to the last digit.
// A bare "2242-1" (no code letter) stays two words "2242" "1" at consecutive
// positions, which a phrase search finds.

#include <string_view>
#include <vector>

#include "analysis/word_span.h"

namespace hemicycle::analysis {

// Joins in place: `words` loses the words merged into their predecessor.
void join_legal_references(std::string_view text, std::vector<WordSpan>& words);

}  // namespace hemicycle::analysis
