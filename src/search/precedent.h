#pragma once
// Precedent search: "has this been asked before, and what was answered?".
// A draft question (pasted text, or an indexed document) is turned into a
// weighted query of its most telling terms; the hits are the earlier questions
// most like it, answered ones first by the rule below, with re-asked questions
// grouped into one entry, and a summary of what the precedents say about the draft.
//
// How a draft becomes a query:
// - Pasted text: the draft is analysed by the index's FrenchAnalyzer; stopwords
//   are dropped, and so are terms in fewer than `min_df` documents (typos, names
//   that match nothing useful) or in more than `max_df_ratio` of them (words of
//   every question). The rest are ranked by tf in the draft × log(N / df) and the
//   first `max_terms` kept.
// - Document frequencies are counted over the questions (QE, QG, QOSD) when the
//   index holds any (`rarity_over_questions`): in the corpus 91 % of the documents
//   are amendments, whose vocabulary says little of how rare a word is in questions.
// - Any index size: below `statistics_from` documents of that population, a
//   frequency is no evidence, so the limits are 1 document and the whole
//   population. When the limits leave no term, the draft's terms that are in the
//   index at all are kept, rarest first: a draft with a word the index knows
//   always gets a query. A draft with none throws InputError.
// - Question formulae (`question_formulae()`: "attire l'attention", "ministre",
//   "souhaite savoir"…) are dropped from the query when `drop_question_formulae`,
//   and never shown as a reason; first names and other names of people
//   (`is_person_name`) likewise, with `drop_names`.
// - An indexed document (--similar-to): Xapian's relevance feedback, an RSet of
//   that document and Enquire::get_eset, under the same df limits; the document
//   itself is excluded from the hits.
// Precedents are questions: the hits are the QE, QG and QOSD unless the filter
// names a type or the indexed draft is of another type (`questions_only`).
// Each kept term searches the whole text (BM25, the draft's tf as the query's
// wqf) OR the ranked fields' terms (title, rubrique, ministère, territory: S, XR,
// XM, XT) whose precedent boost (index::kFields, or `boosts`) is not 0 — by
// default the title only; the terms are combined with OP_OR.
//
// Answered-first rule (`answered_first_rule()` says it in French, for users):
// an answered question is listed above an unanswered one whenever its
// similarity (BM25 score times the subject vote, below) is at least
// `answered_ratio` of the unanswered one's.
// Equivalently hits are sorted by score, an answered one's divided by
// `answered_ratio`; `score` stays the similarity itself.
//
// Grouping rule: within the `window` best hits, two questions are the same
// question asked again when the Jaccard overlap of their `group_terms` top
// terms (tf × idf over the title and question, the answer and the author's
// name left out as they differ between askings; the frequencies counted by the
// indexer, index::kAskedTermsSlot) is at least `same_title_jaccard`
// and their folded titles (the analyse) are equal, or at least
// `any_title_jaccard` whatever their titles. Groups are closed transitively.
//
// Synthesis, over the `synthesis_precedents` best hits (before grouping): the
// rubrique most of them fall under (votes weighted by score), and the ministries
// that answered them, how many each, with the median days from publication to
// answer. Questions au gouvernement are asked and answered in the same sitting
// and carry only the answer date: they count as answers, not in the delays.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"

namespace hemicycle::search {

struct PrecedentOptions {
  // Precedents are questions: the hits are restricted to the QE, QG and QOSD unless
  // the filter names a type (type:amendement…), the draft is an indexed document of
  // another type (then to its own type), or the index holds no question.
  bool questions_only = true;
  std::size_t max_terms = 100;   // draft terms kept in the query (40: nDCG@10 0.459, 100: 0.519)
  std::size_t shown_terms = 15;  // the most telling of them, shown as `query_terms`
  Xapian::doccount min_df = 2;   // a term must be in at least this many documents
  double max_df_ratio = 0.5;     // ... and in at most this share of them (nDCG@10, tuning half: 0.25 0.519, 0.5 0.536)
  Xapian::doccount statistics_from = 1000;  // smaller populations: no df limit (see above)
  bool rarity_over_questions = true;
  bool drop_question_formulae = true;
  bool drop_names = true;
  // Weight of a kept term's match in a field, by field name ("titre", "rubrique",
  // "ministere", "territoire"); missing names use the precedent boosts of index::kFields.
  std::map<std::string, double> boosts;
  double answered_ratio = 0.75;   // see "Answered-first rule" above
  Xapian::doccount window = 100;  // hits re-ranked and grouped
  bool group = true;              // false: every hit listed apart (--no-group)
  std::size_t group_terms = 30;
  double same_title_jaccard = 0.35;
  double any_title_jaccard = 0.7;
  std::size_t matched_terms_shown = 8;   // shared words listed per hit
  std::size_t answer_start_bytes = 300;  // length of the answer's beginning
  std::size_t synthesis_precedents = 20;
  // Pseudo-relevance feedback: the terms of the best `feedback_documents` hits
  // (Xapian's ESet, `feedback_terms` of them) added to the query at `feedback_weight`.
  std::size_t feedback_documents = 0;
  std::size_t feedback_terms = 20;
  double feedback_weight = 0.5;
  // The subject the draft most likely has: the best `subject_votes` hits vote for
  // their analyse (titre, folded) and their rubrique, each vote the hit's share of
  // their summed weight; a hit's weight is then multiplied by 1 + subject_weight ×
  // its analyse's share + rubrique_weight × its rubrique's share. 0: off.
  // (Held-out half: nDCG@10 0.539 without, 0.628 with 10, 2, 1; bench/eval/README.md.)
  std::size_t subject_votes = 10;
  double subject_weight = 2;
  double rubrique_weight = 1;
  double bm25_k1 = 1.0;  // Xapian's BM25Weight defaults
  double bm25_b = 0.5;
  // Seconds the match may take (0: no limit); past it, Xapian returns the best
  // documents found so far. For servers.
  double time_limit = 0;
};

// The rule of the answered-first ordering, in French, as users read it.
[[nodiscard]] std::string answered_first_rule(double answered_ratio);

// One question asked again, as a member of a group.
struct PrecedentMember {
  std::string id;
  std::string auteur;
  std::string date;  // ISO: publication date, else answer date
  std::optional<int> legislature;
};

// Who answered, and how: a minister speaking in the séance (`repondant` of a QG),
// a ministry's written answer, or a QG transcript with no minister's turn (the
// whole exchange: not presented as a ministerial answer).
enum class AnswerSource { Minister, Ministry, Transcript };

struct PrecedentAnswer {
  AnswerSource source = AnswerSource::Ministry;
  std::string repondant;  // "M. Gérald Darmanin, ministre de l'intérieur"; empty unless Minister
  std::string ministere;  // the ministry the question was assigned to
  std::string date;       // ISO answer date
  std::string debut;      // the answer's first lines
};

// The draft's territory, ministry and rubrique that a hit shares (empty when not).
struct SharedContext {
  std::vector<std::string> territoires;
  std::string ministere;
  std::string rubrique;
};

struct PrecedentHit {
  std::string id;
  double score = 0;  // BM25 similarity (the answered-first rule orders, never changes it)
  bool answered = false;
  nlohmann::ordered_json record;           // the stored record without its long texts
  std::vector<std::string> matched_terms;  // shared telling words as written in the draft, most telling first
  SharedContext shared;
  std::optional<PrecedentAnswer> answer;
  std::string reponse_debut;  // the answer's beginning, "sans réponse", "réponse absente de la source"
                              // (statut "inconnu") or "retirée — <cause>"
  bool withdrawn = false;
  std::vector<PrecedentMember> members;  // the whole group, oldest first; empty when alone
};

struct MinistrySummary {
  std::string ministere;  // answering_ministry() of the answers counted
  std::size_t answers = 0;
  std::size_t in_sitting = 0;               // of which questions au gouvernement, answered in the séance
  std::size_t delays = 0;                   // answers with both dates
  std::optional<double> median_delay_days;  // over those
};

struct PrecedentSynthesis {
  std::size_t precedents = 0;  // hits it is computed from
  std::string rubrique;        // the likeliest rubrique; empty when no precedent has one
  std::size_t rubrique_precedents = 0;
  std::vector<MinistrySummary> ministeres;  // most answers first
};

struct PrecedentResult {
  std::string draft;                     // the draft's beginning, or "id:<ID>" for --similar-to
  std::vector<std::string> query_terms;  // the `shown_terms` most telling draft words
  std::size_t searched_terms = 0;        // terms in the query
  std::string rule;                      // answered_first_rule(options.answered_ratio)
  double answered_ratio = 0;
  PrecedentSynthesis synthesis;
  std::vector<PrecedentHit> hits;
};

// {"draft", "query_terms", "termes_recherches", "classement": {"regle", "ratio_repondu"},
//  "synthese": {"precedents", "rubrique", "rubrique_precedents",
//               "ministeres": [{"ministere", "reponses", "en_seance", "delais_mesures", "delai_median_jours"}]},
//  "hits": [{"id", "score", "repondu", "record", "matched_terms",
//            "en_commun": {"territoires", "ministere", "rubrique"},
//            "reponse": {"source", "repondant", "ministere", "date", "debut"} | null,
//            "reponse_debut", "groupe_taille", "membres": [{"id", "auteur", "date", "legislature"}]}]}
// (groupe_taille and membres only for a group of two or more).
[[nodiscard]] nlohmann::ordered_json to_json(const PrecedentResult& result);

// The ranking alone, for evaluations: ids best first, within options.window.
struct PrecedentRanking {
  std::vector<std::string> ungrouped;
  std::vector<std::vector<std::string>> grouped;  // each group best-ranked member first
};

// The embedded list of question formulae (data/precedent/question_formulae.txt).
[[nodiscard]] std::string_view question_formulae();

class PrecedentFinder {
 public:
  PrecedentFinder(const analysis::FrenchAnalyzer& analyzer, Xapian::Database db, PrecedentOptions options = {});

  // `filter` (may be an empty Query) restricts the hits, e.g. ParsedQuery::filter;
  // `required` (may be empty) must match too and adds its weight, e.g. ParsedQuery::scored.
  // Throws InputError when the draft has no searchable word (empty, only stopwords or
  // punctuation, or no word the index knows), or when `id` is not in the index.
  [[nodiscard]] PrecedentResult similar_to_text(std::string_view draft, const Xapian::Query& filter,
                                                const Xapian::Query& required, Xapian::doccount offset,
                                                Xapian::doccount limit) const;
  [[nodiscard]] PrecedentResult similar_to_document(const std::string& id, const Xapian::Query& filter,
                                                    const Xapian::Query& required, Xapian::doccount offset,
                                                    Xapian::doccount limit) const;

  [[nodiscard]] PrecedentRanking rank_text(std::string_view draft, const Xapian::Query& filter) const;

  // A word that is, in at least half the documents holding it, part of their
  // author's name: first names and surnames of deputies, not "petit" or "pierre".
  [[nodiscard]] bool is_person_name(const std::string& term) const;
  [[nodiscard]] bool is_question_formula(const std::string& term) const { return formulae_.contains(term); }

  [[nodiscard]] const PrecedentOptions& options() const noexcept { return options_; }

 private:
  struct Draft;
  struct Candidate;
  struct Matches;
  using DocumentFrequencies = std::unordered_map<std::string, Xapian::doccount>;
  [[nodiscard]] Draft draft_from_text(std::string_view text) const;
  [[nodiscard]] Draft draft_from_document(const std::string& id) const;
  [[nodiscard]] Xapian::doccount population_df(const std::string& term) const;
  [[nodiscard]] std::pair<Xapian::doccount, Xapian::doccount> df_limits() const;
  [[nodiscard]] bool left_out_of_query(const std::string& term) const;
  // The types the hits are restricted to (empty Query: none), by `questions_only`.
  [[nodiscard]] Xapian::Query scope(const Draft& draft, const Xapian::Query& filter) const;
  [[nodiscard]] Matches match(const Draft& draft, const Xapian::Query& filter, const Xapian::Query& required) const;
  void vote_for_subject(std::vector<Candidate>& candidates) const;
  [[nodiscard]] std::vector<std::string> asked_terms(const Candidate& candidate, Xapian::doccount documents,
                                                     Xapian::doccount max_df, DocumentFrequencies& dfs) const;
  [[nodiscard]] std::vector<std::vector<std::size_t>> groups(const std::vector<Candidate>& candidates) const;
  [[nodiscard]] SharedContext shared_context(const Draft& draft, const nlohmann::ordered_json& record) const;
  // The ministry whose answer a hit is: the one the question was assigned to, but
  // for a QG answered in the séance by a minister heading another ministry ("M. X,
  // ministre de la santé" for a question the open data assigns to the Premier
  // ministre or, by mistake, to the numérique): then "Ministère de la santé".
  [[nodiscard]] std::string answering_ministry(const nlohmann::ordered_json& record) const;
  [[nodiscard]] PrecedentSynthesis synthesis(const std::vector<Candidate>& candidates) const;
  [[nodiscard]] PrecedentResult render(const Draft& draft, const Matches& matches, Xapian::doccount offset,
                                       Xapian::doccount limit) const;

  const analysis::FrenchAnalyzer& analyzer_;
  Xapian::Database db_;
  PrecedentOptions options_;
  std::unordered_set<std::string> formulae_;      // analyser terms of question_formulae()
  std::unordered_set<std::string> office_terms_;  // analyser terms of the words of offices (kOfficeWords)
  // The questions as runs of docids [first, last], when rarity is counted over them.
  std::vector<std::pair<Xapian::docid, Xapian::docid>> population_runs_;
  std::vector<std::string> question_types_;  // the type terms of the questions the index holds
  Xapian::doccount population_ = 0;
};

// The convenience the evaluation calls: PrecedentFinder(analyzer, db, options).rank_text(draft, filter).
[[nodiscard]] PrecedentRanking rank_precedents(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
                                               std::string_view draft, const PrecedentOptions& options,
                                               const Xapian::Query& filter);

}  // namespace hemicycle::search
