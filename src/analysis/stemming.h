#pragma once
// Stemming of a folded word: the project's rules (stem_rules.h) around the
// Snowball French stemmer of libstemmer. Words with digits ("1re", "l2242")
// are not stemmed.

#include <string>
#include <string_view>

namespace hemicycle::analysis {

// Thread-safe (each thread has its own sb_stemmer).
[[nodiscard]] std::string stem_folded_word(std::string_view folded);

}  // namespace hemicycle::analysis
