#pragma once
// Precedent search: "has this been asked before, and what was answered?".
// A draft question (pasted text, or an indexed document) is turned into a
// weighted query of its most discriminating terms; the hits are the earlier
// questions most like it, answered ones first at about equal similarity, with
// re-asked questions grouped into one entry.
//
// How a draft becomes a query:
// - Pasted text: the draft is analysed by the index's FrenchAnalyzer; stopwords
//   are dropped, and so are terms in fewer than `min_df` documents (typos, names
//   that match nothing useful) or in more than `max_df_ratio` of them (words of
//   every question: "ministre", "gouvernement"). The rest are ranked by
//   tf in the draft × log(N / df) and the first `max_terms` kept.
// - An indexed document (--similar-to): Xapian's relevance feedback, an RSet of
//   that document and Enquire::get_eset, under the same df limits; the document
//   itself is excluded from the hits.
// Each kept term searches the whole text (BM25, the draft's tf as the query's
// wqf) OR its title, rubrique, ministère and territory terms (S, XR, XM, XT),
// weighted by `boosts`; the terms are combined with OP_OR.
//
// Ranking rule: within the `window` best hits, an answered question's weight
// is multiplied by 1 + `answered_bonus` before the final sort, so that it
// passes an unanswered one less than that much more similar, and no other.
//
// Grouping rule: within the `window` best hits, two questions are the same
// question asked again when the Jaccard overlap of their `group_terms` top
// terms (tf × idf over the title and question, the answer and the author's
// name left out as they differ between askings) is at least `same_title_jaccard`
// and their folded titles (the analyse) are equal, or at least
// `any_title_jaccard` whatever their titles. Groups are closed transitively.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"

namespace hemicycle::search {

struct PrecedentOptions {
  std::size_t max_terms = 100;  // draft terms kept in the query (40: nDCG@10 0.459, 100: 0.519)
  Xapian::doccount min_df = 2;  // a term must be in at least this many documents
  double max_df_ratio = 0.25;   // ... and in at most this share of the documents
  // Weight of a kept term's match in a field, by field name ("titre", "rubrique",
  // "ministere", "territoire"); missing names use the precedent defaults
  // (titre 2, the others 1: see precedent.cpp).
  std::map<std::string, double> boosts;
  double answered_bonus = 0.05;   // see "Ranking rule" above
  Xapian::doccount window = 100;  // hits re-ranked and grouped
  bool group = true;              // false: every hit listed apart (--no-group)
  std::size_t group_terms = 30;
  double same_title_jaccard = 0.35;
  double any_title_jaccard = 0.7;
  std::size_t matched_terms_shown = 8;   // shared words listed per hit
  std::size_t answer_start_bytes = 300;  // length of `reponse_debut`
  // Seconds the match may take (0: no limit); past it, Xapian returns the best
  // documents found so far and the total is an estimate. For servers.
  double time_limit = 0;
};

// One question asked again, as a member of a group.
struct PrecedentMember {
  std::string id;
  std::string auteur;
  std::string date;  // ISO: publication date, else answer date
  std::optional<int> legislature;
};

struct PrecedentHit {
  std::string id;
  double score = 0;                        // BM25 similarity, answered bonus included (see "Ranking rule")
  nlohmann::ordered_json record;           // the stored record without its long texts
  std::vector<std::string> matched_terms;  // shared words as written in the draft, most discriminating first
  std::string reponse_debut;               // the answer's beginning, "sans réponse" or "retirée — <cause>"
  bool withdrawn = false;
  std::vector<PrecedentMember> members;  // the whole group, oldest first; empty when alone
};

struct PrecedentResult {
  std::string draft;                     // the draft's beginning, or "id:<ID>" for --similar-to
  std::vector<std::string> query_terms;  // the kept draft words, most discriminating first
  Xapian::doccount total = 0;            // estimated matching documents (before grouping)
  std::vector<PrecedentHit> hits;
};

// {"draft", "query_terms", "total", "hits": [{"id", "score", "record", "matched_terms",
//  "reponse_debut", "groupe_taille", "membres": [{"id", "auteur", "date", "legislature"}]}]}
// (groupe_taille and membres only for a group of two or more).
[[nodiscard]] nlohmann::ordered_json to_json(const PrecedentResult& result);

// The ranking alone, for evaluations: ids best first, within options.window.
struct PrecedentRanking {
  std::vector<std::string> ungrouped;
  std::vector<std::vector<std::string>> grouped;  // each group best-ranked member first
};

class PrecedentFinder {
 public:
  PrecedentFinder(const analysis::FrenchAnalyzer& analyzer, Xapian::Database db, PrecedentOptions options = {});

  // `filter` (may be an empty Query) restricts the hits, e.g. ParsedQuery::filter;
  // `required` (may be empty) must match too and adds its weight, e.g. ParsedQuery::scored.
  // Throws InputError when the draft has no searchable word (empty, only stopwords or
  // punctuation), or when `id` is not in the index.
  [[nodiscard]] PrecedentResult similar_to_text(std::string_view draft, const Xapian::Query& filter,
                                                const Xapian::Query& required, Xapian::doccount offset,
                                                Xapian::doccount limit) const;
  [[nodiscard]] PrecedentResult similar_to_document(const std::string& id, const Xapian::Query& filter,
                                                    const Xapian::Query& required, Xapian::doccount offset,
                                                    Xapian::doccount limit) const;

  [[nodiscard]] PrecedentRanking rank_text(std::string_view draft, const Xapian::Query& filter) const;

  [[nodiscard]] const PrecedentOptions& options() const noexcept { return options_; }

 private:
  struct Draft;
  struct Candidate;
  struct Matches;
  [[nodiscard]] Draft draft_from_text(std::string_view text) const;
  [[nodiscard]] Draft draft_from_document(const std::string& id) const;
  [[nodiscard]] Matches match(const Draft& draft, const Xapian::Query& filter, const Xapian::Query& required) const;
  using DocumentFrequencies = std::unordered_map<std::string, Xapian::doccount>;
  [[nodiscard]] std::vector<std::string> asked_terms(const nlohmann::ordered_json& record, Xapian::doccount documents,
                                                     Xapian::doccount max_df, DocumentFrequencies& dfs) const;
  [[nodiscard]] std::vector<std::vector<std::size_t>> groups(const std::vector<Candidate>& candidates) const;
  [[nodiscard]] PrecedentResult render(const Draft& draft, const Matches& matches, Xapian::doccount offset,
                                       Xapian::doccount limit) const;

  const analysis::FrenchAnalyzer& analyzer_;
  Xapian::Database db_;
  PrecedentOptions options_;
};

// The convenience the evaluation calls: PrecedentFinder(analyzer, db, options).rank_text(draft, filter).
[[nodiscard]] PrecedentRanking rank_precedents(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
                                               std::string_view draft, const PrecedentOptions& options,
                                               const Xapian::Query& filter);

}  // namespace hemicycle::search
