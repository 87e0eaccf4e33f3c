#pragma once
// Runs a parsed query: ranking, sorting, paging, facets, extracts, spelling suggestion.
// Only the displayed page of documents is read (records, extracts).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "search/facet_table.h"
#include "search/query_parser.h"

namespace hemicycle::search {

enum class SortOrder { Relevance, DateAscending, DateDescending };

struct SearchRequest {
  std::string query;
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  SortOrder sort = SortOrder::Relevance;  // Relevance for a query of filters only: newest first
  bool facets = false;
  std::size_t facet_size = 10;  // values per facet
  // Seconds after which the match stops looking past the page shown: totals become
  // estimates and facets count what was seen. 0: no limit (a server sets one).
  double time_limit = 0;
  // Matches counted exactly up to this many; past them, the total is Xapian's
  // estimate, which may be off by half or more ("transition écologique": 1,000 for
  // 3,281 matches, counted exactly up to 500). A query with a phrase
  // (ParsedQuery::has_phrase) costs more a match to count ("mesures à", 17,589
  // matches: 6.4 ms counted, 1.2 ms estimated), and keeps the smaller bound.
  Xapian::doccount exact_total_up_to = 10'000;
  Xapian::doccount exact_phrase_total_up_to = 500;
};

struct Hit {
  std::string id;
  double score = 0;               // the BM25 weight (not a percentage); 0 for a query made of filters only
  nlohmann::ordered_json record;  // the stored record without the long texts
  std::string extrait;            // passage with matched words as <mark>…</mark>, HTML-escaped
};

struct FacetValue {
  std::string value;
  Xapian::doccount count = 0;
};

struct SearchResult {
  std::string query;
  Xapian::doccount total = 0;  // matches: exact up to request.exact_total_up_to, estimated past it
  bool total_exact = true;     // Xapian's lower and upper bounds agree
  std::vector<Hit> hits;
  std::map<std::string, std::vector<FacetValue>> facets;  // keyed by index::facet_names()
  std::string suggestion;                                 // the query with mistyped words corrected; empty when none
};

// The JSON documented in the README: {"query", "total", "hits": [...], "facets": {...}, "suggestion"}.
[[nodiscard]] nlohmann::ordered_json to_json(const SearchResult& result);

class Searcher {
 public:
  // `facet_tables`, for a program that searches many times: facets are counted from
  // the table of the database's revision (search/facet_table.h), read on first use.
  Searcher(const analysis::FrenchAnalyzer& analyzer, Xapian::Database db, QueryOptions options = {},
           FacetTables* facet_tables = nullptr);
  // Throws QueryError for a malformed query.
  [[nodiscard]] SearchResult search(const SearchRequest& request) const;
  [[nodiscard]] const Xapian::Database& database() const noexcept { return db_; }

 private:
  // `query` with the mistyped `words` replaced by the spelling table's suggestion;
  // empty when nothing changes. Only words absent from the index are checked,
  // unless `every_word`, and then those in at most kRareWord documents too.
  [[nodiscard]] std::string suggest(const std::string& query, const std::vector<std::string>& words,
                                    bool every_word) const;

  const analysis::FrenchAnalyzer& analyzer_;
  Xapian::Database db_;
  QueryOptions options_;
  FacetTables* facet_tables_;
};

}  // namespace hemicycle::search
