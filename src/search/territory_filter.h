#pragma once
// The lowering of the territory field: territoire:VALUE by code or by name (a
// territory includes the territories it contains), and the boost of documents
// tagged with a territory named among a query's free-text words.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"

namespace hemicycle::search {

// A territory code ("86", "2A", "75", an INSEE commune code, an EPCI SIREN) or a
// name ("vienne", "pas de calais"): the OR of its code terms, which documents
// about any territory inside it carry too. Nothing when `value` is neither (it
// is then matched as words). `db` tells a département code from a région code.
[[nodiscard]] std::optional<Xapian::Query> territory_filter(std::string_view value, const Xapian::Database& db);

// The exact name terms of the territories named in `runs` (each run: the texts
// of consecutive free-text words and phrases of the query), longest names
// first. Small communes named like words ("plan", "orange") are left out.
[[nodiscard]] std::vector<std::string> named_territory_terms(const std::vector<std::vector<std::string_view>>& runs,
                                                             const analysis::FrenchAnalyzer& analyzer);

}  // namespace hemicycle::search
