#pragma once
// Territories named in a record: communes, EPCI, départements and régions of
// France (gazetteer.h), from the metadata (constituency, département) and from
// the text. Precision first: a name that is also a word, a person or another
// place is only taken with the context that makes it a territory.

#include <string_view>
#include <vector>

#include "document/record.h"

namespace hemicycle::document {

// The territories named in `text`, in order of first mention. Départements and
// régions in any case, with or without accents and hyphens ("pas de calais");
// former régions ("Poitou-Charentes") give the current région. Communes and EPCI
// must be capitalised; ambiguous ones ("Vienne", "Saint-Denis", a small village)
// need their département or région named in the same text.
[[nodiscard]] std::vector<Territory> find_territories(std::string_view text);

// Fills record.territoires from circonscription/departement (a département and its
// région) and from the titre and texts, which are read together so that a
// département named anywhere settles an ambiguous commune everywhere; keeps
// each territory once, metadata first.
void tag_territories(Record& record);

}  // namespace hemicycle::document
