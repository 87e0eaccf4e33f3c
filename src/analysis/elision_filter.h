#pragma once
// French elision: "l'usine" is indexed as "usine", like the word alone. The
// elided prefixes are l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu'
// quoiqu' (the list Lucene's French analyzer uses). Other words with an
// apostrophe ("aujourd'hui", "prud'homme") stay whole.

#include <cstddef>
#include <string_view>

namespace hemicycle::analysis {

// Length in bytes of the elided prefix (apostrophe included) of a folded word,
// whose apostrophes are all the straight ' (see text/fold.h); 0 when there is
// none, or when nothing would be left after it.
[[nodiscard]] std::size_t elided_prefix_length(std::string_view folded);

// Length in bytes, in the ORIGINAL word, of the text up to and including its
// first apostrophe (', ’, ‘, ʼ or the fullwidth ＇); 0 when it has none. The elided prefix is
// ASCII letters in every spelling, so the first apostrophe of the original is
// the one that ended it: this is how a token's begin offset moves past it.
[[nodiscard]] std::size_t original_prefix_length(std::string_view original);

}  // namespace hemicycle::analysis
