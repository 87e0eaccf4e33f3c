#include "search/territory_filter.h"

#include <algorithm>
#include <cctype>

#include "document/place_names.h"
#include "index/schema.h"

namespace hemicycle::search {
namespace {

Xapian::Query or_of_terms(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A département code ("86", "2A", "971"), else a région code ("75"), when such a term
// exists; an INSEE commune code ("62765"); an EPCI SIREN ("200069037").
std::optional<std::string> territory_code(std::string_view value, const Xapian::Database& db) {
  const auto digits = [](std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (value.size() == 9 && digits(value)) return index::territory_code_term("epci", value);
  if (value.size() == 5 && digits(value.substr(2)) &&
      (digits(value.substr(0, 2)) || value.substr(0, 2) == "2A" || value.substr(0, 2) == "2a" ||
       value.substr(0, 2) == "2B" || value.substr(0, 2) == "2b")) {
    std::string code(value);
    code[1] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[1])));
    return index::territory_code_term("commune", code);
  }
  if (value.empty() || value.size() > 3) return std::nullopt;
  std::string code(value);
  for (char& c : code) {
    if (c == 'a' || c == 'b') c = static_cast<char>(c - 'a' + 'A');
    if (!(c >= '0' && c <= '9') && c != 'A' && c != 'B') return std::nullopt;
  }
  if (!(code.front() >= '0' && code.front() <= '9')) return std::nullopt;
  const std::string departement = index::territory_code_term("departement", code);
  if (db.term_exists(departement)) return departement;
  const std::string region = index::territory_code_term("region", code);
  if (db.term_exists(region)) return region;
  return departement;
}

// The exact name terms of the territories named in `words`, longest names first.
void add_territory_terms(const std::vector<std::string>& words, const analysis::FrenchAnalyzer& analyzer,
                         std::vector<std::string>& terms) {
  constexpr std::size_t kLongestName = 6;
  const index::Field& territoire = index::field("territoire");
  for (std::size_t i = 0; i < words.size();) {
    std::size_t matched = 0;
    for (std::size_t n = std::min(kLongestName, words.size() - i); n > 0 && matched == 0; --n) {
      std::string key;
      for (std::size_t k = i; k < i + n; ++k) key.append(k > i ? " " : "").append(words[k]);
      for (const document::NamedPlace& place : document::places_named(key)) {
        // A small commune named like a word ("plan", "orange") is not worth a boost.
        if (place.level == document::TerritoryLevel::Commune && place.population < 20000) continue;
        std::string term = index::exact_term(analyzer, territoire, place.name);
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
        matched = n;
      }
    }
    i += matched > 0 ? matched : 1;
  }
}

}  // namespace

std::optional<Xapian::Query> territory_filter(std::string_view value, const Xapian::Database& db) {
  if (auto code = territory_code(value, db)) return Xapian::Query(*code);
  const auto named = document::places_named(document::territory_name_key(value));
  if (named.empty()) return std::nullopt;
  // The largest level of that name: the département Vienne, not the commune in Isère.
  std::vector<std::string> terms;
  for (const document::NamedPlace& place : named) {
    if (place.level != named.front().level) continue;
    terms.push_back(index::territory_code_term(document::level_name(place.level), place.code));
  }
  return or_of_terms(terms);
}

std::vector<std::string> named_territory_terms(const std::vector<std::vector<std::string_view>>& runs,
                                               const analysis::FrenchAnalyzer& analyzer) {
  std::vector<std::string> terms;
  for (const auto& run : runs) {
    std::vector<std::string> words;  // the folded words of the run
    for (const std::string_view text : run) {
      for (std::string& word : document::territory_name_words(text)) words.push_back(std::move(word));
    }
    add_territory_terms(words, analyzer, terms);
  }
  return terms;
}

}  // namespace hemicycle::search
