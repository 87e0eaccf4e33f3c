#pragma once
// Case and accent folding for matching names and labels written by hand
// ("Pyrénées-Orientales", "PYRENEES ORIENTALES", "Données clés"). Lossy: only
// for comparing, never for text that is stored or shown.

#include <string>
#include <string_view>

namespace hemicycle::document {

// Lower case, accents removed, typographic apostrophes as "'":
// "Données Clés" -> "donnees cles", "l’Hérault" -> "l'herault".
[[nodiscard]] std::string fold_case_and_accents(std::string_view text);

}  // namespace hemicycle::document
