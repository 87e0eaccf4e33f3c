#pragma once
// The Markdown and HTML left in exported pages, removed line by line so that
// labels and values read as plain text: "**Auteur :** [Mme Lisa Belluco](#)" ->
// "Auteur : Mme Lisa Belluco".

#include <string>
#include <string_view>

namespace hemicycle::document {

// Removes heading marks, bold and emphasis stars, links (keeping their text),
// backslash escapes, <sup>/<sub>-like tags and "^{re}" exponents ("1^{re}" -> "1re",
// "4<sup>e</sup>" -> "4e"). A rule ("-----", "***") becomes an empty line; a
// list bullet "* " at the start of the line is kept.
[[nodiscard]] std::string strip_inline_markdown(std::string_view line);

}  // namespace hemicycle::document
