#pragma once
// The query language of Hémicycle, parsed apart from query building:
//   words, "phrases", OR, NOT, -word, ( ), prefix*, field:value, field:"value with spaces",
//   date:2023-01-01..2024-06-30, date:2023.., date:..2019-12-31, reponse:... (answer date).
// Words are analysed by the same FrenchAnalyzer as at index time.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "search/synonyms.h"

namespace hemicycle::search {

struct QueryOptions {
  // Weight of matches in each Text field of index::kFields, by field name
  // ("titre", "rubrique", "ministere", "territoire"); missing names use the table's default.
  std::map<std::string, double> boosts;
  const Synonyms* synonyms = nullptr;  // expansions of acronyms and spelling variants
  Xapian::termcount max_wildcard_terms = 200;  // a prefix* matching more is an error
  std::size_t max_query_bytes = 4096;
  std::size_t max_depth = 32;  // nesting of parentheses
};

struct ParsedQuery {
  Xapian::Query scored;   // what ranks (empty Query when the query has only filters)
  Xapian::Query filter;   // boolean filters and date ranges (empty Query when none)
  std::vector<std::string> highlight_terms;  // analyzer terms to mark in extracts (no prefix)
  std::vector<std::string> words;            // the user's free-text words, as typed (for spelling)

  // scored FILTER filter, or the filter alone (weighted 0) when nothing is scored.
  [[nodiscard]] Xapian::Query combined() const;
};

class QueryParser {
 public:
  // `db` is used to expand prefix* wildcards and to check exact field values.
  QueryParser(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db, QueryOptions options = {});

  // Throws QueryError (with the byte offset of the problem) for an unbalanced
  // quote or parenthesis, an unknown field, a bad date, an over-long or
  // over-deep query, or a wildcard that matches too many terms.
  [[nodiscard]] ParsedQuery parse(std::string_view query) const;

 private:
  const analysis::FrenchAnalyzer& analyzer_;
  const Xapian::Database& db_;
  QueryOptions options_;
};

}  // namespace hemicycle::search
