#pragma once
// The query language of Hémicycle. Its syntax is parsed apart (query_syntax.h),
// then lowered to a Xapian query here; date and territory fields are lowered in
// date_filter.h and territory_filter.h. The language:
//   words, "phrases", OR, NOT, -word, ( ), prefix*, field:value, field:"value with spaces",
//   date:2023-01-01..2024-06-30, date:2023.., date:..2019-12-31, reponse:... (answer date).
// Words are analysed by the same FrenchAnalyzer as at index time.
//
// Choices made for people who write parliamentary queries:
// - Words are joined by AND: every word must match (a query is usually a few precise words).
// - OR binds tighter than AND, as in web search engines: `pesticides glyphosate OR neonicotinoides`
//   is pesticides AND (glyphosate OR neonicotinoides). NOT and a leading '-' bind tightest.
// - A word that the analyzer splits (Saint-Omer, L. 2242-1, 25 000) is a phrase of its terms.
//   Stopwords are not indexed: they are dropped, but keep their places in phrases
//   ("projet de loi" is projet then loi within three words); words made only of
//   stopwords search nothing.
// - Runs of words and quoted phrases whose terms are an alternative of a synonym group also
//   search the other alternatives (PLF <-> "projet de loi de finances").
// - `name:value` is a field only when `name` is letters only; an unknown letters-only name is an
//   error (so that a mistyped field is not silently searched as words), except before "//"
//   (URLs). `L.2242-1:` or `12:30` stay words. A value with spaces needs quotes:
//   ministere:"economie et finances". Field filters rank nothing.
// - prefix* matches the indexed terms (stems) starting with the folded, unstemmed prefix.

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
  // Weight of matches in each ranked field of index::kFields, by field name
  // ("titre", "rubrique", "ministere", "territoire"); missing names use the table's boost.
  std::map<std::string, double> boosts;
  // Weight of the title coverage: for each query word in a document's title, this
  // weight × (1 / the title's words + 1 / the query's words), so a title made of
  // the query's words gains twice the weight (0: none), scaled by a custom boost of
  // "titre" over the table's. See with_title_coverage.
  double title_coverage = 75;
  const Synonyms* synonyms = nullptr;          // expansions of acronyms and spelling variants
  Xapian::termcount max_wildcard_terms = 200;  // a prefix* matching more is an error
  std::size_t max_query_bytes = 4096;
  std::size_t max_depth = 32;  // nesting of parentheses
};

struct ParsedQuery {
  Xapian::Query scored;                      // what ranks (empty Query when the query has only filters)
  Xapian::Query filter;                      // boolean filters and date ranges (empty Query when none)
  std::vector<std::string> highlight_terms;  // analyzer terms to mark in extracts (no prefix)
  std::vector<std::string> words;            // the user's free-text words, as typed (for spelling)
  // A phrase of the body: quoted (negated too), a word the analyser splits
  // ("Île-de-France"), a synonym of several words. Its matches cost more to count
  // (positions, or pair terms besides the words).
  bool has_phrase = false;

  // scored FILTER filter, or the filter alone (weighted 0) when nothing is scored.
  [[nodiscard]] Xapian::Query combined() const;
};

class QueryParser {
 public:
  // `db` is used to expand prefix* wildcards and to check exact field values.
  QueryParser(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db, QueryOptions options = {});

  // Throws QueryError (with the byte offset of the problem) for an unbalanced
  // quote or parenthesis, an unknown field, a bad date, an over-long or
  // over-deep query, a wildcard that matches too many terms, a control character or invalid UTF-8.
  [[nodiscard]] ParsedQuery parse(std::string_view query) const;

 private:
  const analysis::FrenchAnalyzer& analyzer_;
  const Xapian::Database& db_;
  QueryOptions options_;
};

}  // namespace hemicycle::search
