#pragma once
// First stage: makes any byte string safe for ICU without moving a byte, so
// that offsets computed on the result are offsets into the original text.

#include <string>
#include <string_view>

namespace hemicycle::analysis {

// Returns `text` itself when it is valid UTF-8; otherwise a copy (kept in
// `storage`) of the same length in which every byte that is not part of a
// well-formed sequence is replaced by a space. Overlong forms, surrogates and
// code points above U+10FFFF count as ill-formed.
[[nodiscard]] std::string_view sanitize_utf8(std::string_view text, std::string& storage);

}  // namespace hemicycle::analysis
