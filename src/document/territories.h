#pragma once
// Territories named in a record: for now the départements and régions of France
// (current and former régions), from the metadata (constituency, département)
// and from the text.

#include <string_view>
#include <vector>

#include "document/record.h"

namespace hemicycle::document {

// The départements and régions named in `text` (names in any case, with or
// without accents and hyphens: "Pas-de-Calais", "pas de calais", "Pyrénées-Orientales";
// former régions such as "Poitou-Charentes" give the current région).
[[nodiscard]] std::vector<Territory> find_territories(std::string_view text);

// Fills record.territoires from circonscription/departement (a département and its
// région) and from the titre and texts; keeps each territory once, metadata first.
void tag_territories(Record& record);

}  // namespace hemicycle::document
