#include "search/precedent.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "document/record.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"

namespace hemicycle::search {
namespace {

// The texts that say what a document asks, for grouping (the answer is left out).
constexpr std::array<std::string_view, 5> kAskedKeys{"titre", "texte_question", "texte", "expose", "dispositif"};

constexpr std::size_t kDraftShownBytes = 120;

std::string text_of(const nlohmann::ordered_json& record, std::string_view key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// The first `bytes` bytes of `text` or a little less, whitespace runs made one
// space, cut between words (never inside a UTF-8 sequence), "…" when cut.
std::string beginning(std::string_view text, std::size_t bytes) {
  std::string out;
  bool pending_space = false;
  std::size_t last_word_end = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_space(text[i])) {
      if (!out.empty() && !pending_space) last_word_end = out.size();
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += text[i];
    if (out.size() > bytes) {
      std::size_t cut = last_word_end;
      if (cut == 0) {  // one over-long word: cut at a character boundary
        cut = bytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
      }
      out.resize(cut);
      while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':')) out.pop_back();
      return out + "…";
    }
  }
  return out;
}

// "Fin de mandat" -> "fin de mandat": the cause reads as the end of a phrase.
std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::string answer_summary(const nlohmann::ordered_json& record, std::size_t bytes) {
  if (text_of(record, "statut") == "retire") {
    const std::string cause = text_of(record, "cloture");
    return cause.empty() ? "retirée" : "retirée — " + lower_first(cause);
  }
  const std::string answer = text_of(record, "texte_reponse");
  if (answer.find_first_not_of(" \n\r\t") == std::string::npos) return "sans réponse";
  return beginning(answer, bytes);
}

// Analyzer terms carry no prefix; the schema's prefixes are upper-case ASCII.
bool is_prefixed(std::string_view term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

std::string_view without_prefix(std::string_view term) {
  while (is_prefixed(term)) term.remove_prefix(1);
  return term;
}

double idf(Xapian::doccount documents, Xapian::doccount df) {
  return std::log(static_cast<double>(documents) / std::max<Xapian::doccount>(df, 1));
}

// Accepts the ESet terms that a pasted draft would keep: analyzer terms, not stopwords, within the df limits,
// and not the author's name or group (a transcript names its speaker again and again; others ask the same).
class DraftTermDecider final : public Xapian::ExpandDecider {
 public:
  DraftTermDecider(const analysis::FrenchAnalyzer& analyzer, Xapian::doccount min_df, Xapian::doccount max_df,
                   std::unordered_set<std::string> author_terms)
      : analyzer_(analyzer), min_df_(min_df), max_df_(max_df), author_terms_(std::move(author_terms)), db_(nullptr) {}
  void set_database(const Xapian::Database* db) { db_ = db; }
  bool operator()(const std::string& term) const override {
    if (is_prefixed(term) || analyzer_.is_stopword(term) || author_terms_.contains(term)) return false;
    const Xapian::doccount df = db_->get_termfreq(term);
    return df >= min_df_ && df <= max_df_;
  }

 private:
  const analysis::FrenchAnalyzer& analyzer_;
  Xapian::doccount min_df_;
  Xapian::doccount max_df_;
  std::unordered_set<std::string> author_terms_;
  const Xapian::Database* db_;
};

}  // namespace

struct PrecedentFinder::Draft {
  struct Term {
    std::string term;
    Xapian::termcount frequency = 0;  // in the draft: the query's wqf
  };
  std::string description;
  std::vector<Term> terms;                                // kept terms, most discriminating first
  std::unordered_map<std::string, std::string> surfaces;  // term -> its most frequent written form
  std::string excluded_id;                                // the document a --similar-to search starts from
};

struct PrecedentFinder::Candidate {
  Xapian::docid docid = 0;
  double score = 0;
  nlohmann::ordered_json record;
};

namespace {

// Per term, its written forms and their counts, in order of first appearance.
class SurfaceCounter {
 public:
  void add(const std::string& term, std::string_view surface) {
    auto& forms = forms_[term];
    for (auto& [form, count] : forms) {
      if (form == surface) {
        ++count;
        return;
      }
    }
    forms.emplace_back(std::string(surface), 1);
  }
  [[nodiscard]] std::unordered_map<std::string, std::string> most_frequent() const {
    std::unordered_map<std::string, std::string> chosen;
    for (const auto& [term, forms] : forms_) {
      auto best = forms.begin();
      for (auto it = forms.begin(); it != forms.end(); ++it) {
        if (it->second > best->second) best = it;
      }
      chosen.emplace(term, best->first);
    }
    return chosen;
  }

 private:
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::size_t>>> forms_;
};

}  // namespace

PrecedentFinder::PrecedentFinder(const analysis::FrenchAnalyzer& analyzer, Xapian::Database db,
                                 PrecedentOptions options)
    : analyzer_(analyzer), db_(std::move(db)), options_(std::move(options)) {}

PrecedentFinder::Draft PrecedentFinder::draft_from_text(std::string_view text) const {
  Draft draft;
  draft.description = beginning(text, kDraftShownBytes);
  std::unordered_map<std::string, Xapian::termcount> frequencies;
  SurfaceCounter surfaces;
  for (const analysis::Token& token : analyzer_.analyze(text)) {
    if (token.stopword || token.term.empty() || token.term.size() > index::kMaxTermBytes) continue;
    ++frequencies[token.term];
    surfaces.add(token.term, text.substr(token.begin, token.end - token.begin));
  }
  if (frequencies.empty()) {
    throw InputError("the draft has no word to search: it is empty or made only of stopwords and punctuation");
  }
  draft.surfaces = surfaces.most_frequent();

  const Xapian::doccount documents = db_.get_doccount();
  const auto max_df = static_cast<Xapian::doccount>(options_.max_df_ratio * documents);
  struct Scored {
    Draft::Term term;
    double weight;
  };
  std::vector<Scored> scored;
  for (const auto& [term, frequency] : frequencies) {
    const Xapian::doccount df = db_.get_termfreq(term);
    if (df < std::max<Xapian::doccount>(options_.min_df, 1) || df > max_df) continue;
    scored.push_back({{term, frequency}, frequency * idf(documents, df)});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.term.term < b.term.term;
  });
  if (scored.size() > options_.max_terms) scored.resize(options_.max_terms);
  for (Scored& s : scored) draft.terms.push_back(std::move(s.term));
  return draft;
}

PrecedentFinder::Draft PrecedentFinder::draft_from_document(const std::string& id) const {
  const std::optional<Xapian::Document> doc = index::find_document(db_, id);
  if (!doc) throw InputError("no indexed document has the id '" + id + "'");
  Draft draft;
  draft.description = "id:" + id;
  draft.excluded_id = id;

  std::unordered_map<std::string, Xapian::termcount> frequencies;
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    if (!is_prefixed(*it)) frequencies.emplace(*it, it.get_wdf());
  }
  const document::Record record = document::record_from_json(nlohmann::ordered_json::parse(doc->get_data()));
  std::unordered_set<std::string> author_terms;
  for (const std::string* who : {&record.auteur, &record.groupe}) {
    for (const analysis::Token& token : analyzer_.analyze(*who)) author_terms.insert(token.term);
  }
  const Xapian::doccount documents = db_.get_doccount();
  DraftTermDecider decider(analyzer_, std::max<Xapian::doccount>(options_.min_df, 1),
                           static_cast<Xapian::doccount>(options_.max_df_ratio * documents), std::move(author_terms));
  decider.set_database(&db_);
  Xapian::Enquire enquire(db_);
  Xapian::RSet rset;
  rset.add_document(doc->get_docid());
  const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(options_.max_terms), rset, &decider);
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const auto found = frequencies.find(*it);
    draft.terms.push_back({*it, found != frequencies.end() ? std::max<Xapian::termcount>(found->second, 1) : 1});
  }
  if (draft.terms.empty() && frequencies.empty()) {
    throw InputError("the document '" + id + "' has no word to search");
  }

  // Written forms come from the document's own texts.
  SurfaceCounter surfaces;
  for (std::string_view text : index::body_texts(record)) {
    for (const analysis::Token& token : analyzer_.analyze(text)) {
      if (!token.stopword && !token.term.empty())
        surfaces.add(token.term, text.substr(token.begin, token.end - token.begin));
    }
  }
  draft.surfaces = surfaces.most_frequent();
  return draft;
}

// The Enquire is kept to ask which query terms each shown hit matched.
struct PrecedentFinder::Matches {
  Xapian::Enquire enquire;
  Xapian::doccount total = 0;
  std::vector<Candidate> candidates;  // best first, answered bonus applied
};

PrecedentFinder::Matches PrecedentFinder::match(const Draft& draft, const Xapian::Query& filter,
                                                const Xapian::Query& required) const {
  // A kept term also searches the ranked fields, with their precedent boosts
  // (index::kFields) unless the options change them.
  std::vector<std::pair<std::string, double>> fields;  // text prefix, boost
  for (const index::Field& field : index::kFields) {
    if (!field.ranked()) continue;
    const auto custom = options_.boosts.find(std::string(field.name));
    const double boost = custom != options_.boosts.end() ? custom->second : field.precedent_boost;
    if (boost > 0) fields.emplace_back(std::string(field.text_prefix), boost);
  }
  std::vector<Xapian::Query> per_term;
  for (const Draft::Term& t : draft.terms) {
    std::vector<Xapian::Query> variants{Xapian::Query(t.term, t.frequency)};
    for (const auto& [prefix, boost] : fields) {
      const std::string prefixed = prefix + t.term;
      if (db_.term_exists(prefixed)) {
        variants.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(prefixed, t.frequency), boost);
      }
    }
    per_term.emplace_back(Xapian::Query::OP_OR, variants.begin(), variants.end());
  }
  Xapian::Query query(Xapian::Query::OP_OR, per_term.begin(), per_term.end());
  if (!required.empty()) query = Xapian::Query(Xapian::Query::OP_AND, query, required);
  if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
  if (!draft.excluded_id.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(std::string(index::kIdPrefix) + draft.excluded_id));
  }

  Matches matches{Xapian::Enquire(db_), 0, {}};
  std::vector<Candidate>& found = matches.candidates;
  try {
    matches.enquire.set_query(query);
    matches.enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (options_.time_limit > 0) matches.enquire.set_time_limit(options_.time_limit);
    const Xapian::MSet mset = matches.enquire.get_mset(0, options_.window);
    matches.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Candidate candidate;
      candidate.docid = *it;
      candidate.record = nlohmann::ordered_json::parse(it.get_document().get_data(), nullptr, false);
      if (!candidate.record.is_object()) throw IndexError("document " + std::to_string(*it) + " has no stored record");
      const bool answered = text_of(candidate.record, "statut") == "repondu";
      candidate.score = it.get_weight() * (answered ? 1 + options_.answered_bonus : 1);
      found.push_back(std::move(candidate));
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("precedent search failed: " + e.get_description());
  }
  // The answered bonus may reorder hits; equal scores keep Xapian's order.
  std::stable_sort(found.begin(), found.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  return matches;
}

// The `group_terms` terms that best characterise what a document asks: those of
// its title and question (not of the answer, which differs between askings of
// the same question, nor of the author's name), by tf × idf; sorted.
std::vector<std::string> PrecedentFinder::asked_terms(const nlohmann::ordered_json& record, Xapian::doccount documents,
                                                      Xapian::doccount max_df, DocumentFrequencies& dfs) const {
  std::unordered_set<std::string> author_terms;
  for (const analysis::Token& token : analyzer_.analyze(text_of(record, "auteur"))) author_terms.insert(token.term);
  std::unordered_map<std::string, Xapian::termcount> frequencies;
  for (std::string_view key : kAskedKeys) {
    for (const analysis::Token& token : analyzer_.analyze(text_of(record, key))) {
      if (!token.stopword && !token.term.empty() && !author_terms.contains(token.term)) ++frequencies[token.term];
    }
  }
  std::vector<std::pair<double, std::string>> weighted;
  for (const auto& [term, frequency] : frequencies) {
    auto [cached, added] = dfs.try_emplace(term, 0);
    if (added) cached->second = db_.get_termfreq(term);
    const Xapian::doccount df = cached->second;
    if (df == 0 || df > max_df) continue;
    weighted.emplace_back(frequency * idf(documents, df), term);
  }
  const std::size_t keep = std::min(options_.group_terms, weighted.size());
  std::partial_sort(
      weighted.begin(), weighted.begin() + static_cast<std::ptrdiff_t>(keep), weighted.end(),
      [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::string> terms;
  for (std::size_t k = 0; k < keep; ++k) terms.push_back(std::move(weighted[k].second));
  std::sort(terms.begin(), terms.end());
  return terms;
}

std::vector<std::vector<std::size_t>> PrecedentFinder::groups(const std::vector<Candidate>& candidates) const {
  const Xapian::doccount documents = db_.get_doccount();
  const auto max_df = static_cast<Xapian::doccount>(options_.max_df_ratio * documents);
  std::vector<std::vector<std::string>> top_terms(candidates.size());
  std::vector<std::string> titles(candidates.size());
  DocumentFrequencies dfs;  // similar hits share most of their words
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const nlohmann::ordered_json& record = candidates[i].record;
    titles[i] = analyzer_.fold(text_of(record, "titre"));
    top_terms[i] = asked_terms(record, documents, max_df, dfs);
  }

  // Union-find over the pairs that look like the same question.
  std::vector<std::size_t> parent(candidates.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&parent](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    for (std::size_t j = i + 1; j < candidates.size(); ++j) {
      const auto& a = top_terms[i];
      const auto& b = top_terms[j];
      if (a.empty() || b.empty()) continue;
      std::vector<std::string> shared;
      std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
      const double jaccard =
          static_cast<double>(shared.size()) / static_cast<double>(a.size() + b.size() - shared.size());
      const bool same_title = !titles[i].empty() && titles[i] == titles[j];
      if (jaccard >= options_.any_title_jaccard || (same_title && jaccard >= options_.same_title_jaccard)) {
        parent[root(j)] = root(i);
      }
    }
  }
  std::vector<std::vector<std::size_t>> grouped;
  std::unordered_map<std::size_t, std::size_t> group_of_root;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto [it, added] = group_of_root.emplace(root(i), grouped.size());
    if (added) grouped.emplace_back();
    grouped[it->second].push_back(i);
  }
  return grouped;
}

namespace {

std::string record_date(const nlohmann::ordered_json& record) {
  return document::main_date(document::record_from_json(record));
}

}  // namespace

PrecedentResult PrecedentFinder::render(const Draft& draft, const Matches& matches, Xapian::doccount offset,
                                        Xapian::doccount limit) const {
  const std::vector<Candidate>& candidates = matches.candidates;
  PrecedentResult result;
  result.draft = draft.description;
  result.total = matches.total;
  for (const Draft::Term& t : draft.terms) {
    const auto surface = draft.surfaces.find(t.term);
    result.query_terms.push_back(surface != draft.surfaces.end() ? surface->second : t.term);
  }

  std::vector<std::vector<std::size_t>> entries;
  if (options_.group) {
    entries = groups(candidates);
  } else {
    for (std::size_t i = 0; i < candidates.size(); ++i) entries.push_back({i});
  }

  std::unordered_map<std::string, std::size_t> term_rank;
  for (std::size_t i = 0; i < draft.terms.size(); ++i) term_rank.emplace(draft.terms[i].term, i);

  for (std::size_t e = offset; e < entries.size() && result.hits.size() < limit; ++e) {
    const std::vector<std::size_t>& members = entries[e];
    // The entry shows the group's latest answer; with none, its best-ranked member.
    std::size_t shown = members.front();
    std::string latest_answer;
    for (std::size_t m : members) {
      const std::string answered_on = text_of(candidates[m].record, "date_reponse");
      if (text_of(candidates[m].record, "statut") == "repondu" && answered_on > latest_answer) {
        latest_answer = answered_on;
        shown = m;
      }
    }
    const Candidate& candidate = candidates[shown];
    PrecedentHit hit;
    hit.id = text_of(candidate.record, "id");
    hit.score = candidates[members.front()].score;
    hit.reponse_debut = answer_summary(candidate.record, options_.answer_start_bytes);
    hit.withdrawn = text_of(candidate.record, "statut") == "retire";

    // Shared words: the query terms the document matched, prefixed field terms
    // counted as their word, most discriminating first.
    std::vector<std::size_t> ranks;
    for (auto it = matches.enquire.get_matching_terms_begin(candidate.docid);
         it != matches.enquire.get_matching_terms_end(candidate.docid); ++it) {
      const auto found = term_rank.find(std::string(without_prefix(*it)));
      if (found != term_rank.end()) ranks.push_back(found->second);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    for (std::size_t r : ranks) {
      if (hit.matched_terms.size() >= options_.matched_terms_shown) break;
      hit.matched_terms.push_back(result.query_terms[r]);
    }

    if (members.size() > 1) {
      for (std::size_t m : members) {
        const auto& record = candidates[m].record;
        PrecedentMember member{text_of(record, "id"), text_of(record, "auteur"), record_date(record), std::nullopt};
        if (auto l = record.find("legislature"); l != record.end() && l->is_number_integer())
          member.legislature = l->get<int>();
        hit.members.push_back(std::move(member));
      }
      std::stable_sort(hit.members.begin(), hit.members.end(),
                       [](const PrecedentMember& a, const PrecedentMember& b) { return a.date < b.date; });
    }
    hit.record = candidate.record;
    for (std::string_view key : document::kKeysLeftOutOfHits) hit.record.erase(std::string(key));
    result.hits.push_back(std::move(hit));
  }
  return result;
}

PrecedentResult PrecedentFinder::similar_to_text(std::string_view draft_text, const Xapian::Query& filter,
                                                 const Xapian::Query& required, Xapian::doccount offset,
                                                 Xapian::doccount limit) const {
  const Draft draft = draft_from_text(draft_text);
  return render(draft, match(draft, filter, required), offset, limit);
}

PrecedentResult PrecedentFinder::similar_to_document(const std::string& id, const Xapian::Query& filter,
                                                     const Xapian::Query& required, Xapian::doccount offset,
                                                     Xapian::doccount limit) const {
  const Draft draft = draft_from_document(id);
  return render(draft, match(draft, filter, required), offset, limit);
}

PrecedentRanking PrecedentFinder::rank_text(std::string_view draft_text, const Xapian::Query& filter) const {
  const Draft draft = draft_from_text(draft_text);
  const std::vector<Candidate> found = match(draft, filter, Xapian::Query()).candidates;
  PrecedentRanking ranking;
  for (const Candidate& c : found) ranking.ungrouped.push_back(text_of(c.record, "id"));
  for (const auto& group : groups(found)) {
    std::vector<std::string> ids;
    for (std::size_t i : group) ids.push_back(ranking.ungrouped[i]);
    ranking.grouped.push_back(std::move(ids));
  }
  return ranking;
}

PrecedentRanking rank_precedents(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
                                 std::string_view draft, const PrecedentOptions& options, const Xapian::Query& filter) {
  return PrecedentFinder(analyzer, db, options).rank_text(draft, filter);
}

nlohmann::ordered_json to_json(const PrecedentResult& result) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const PrecedentHit& hit : result.hits) {
    nlohmann::ordered_json entry{{"id", hit.id},
                                 {"score", hit.score},
                                 {"record", hit.record},
                                 {"matched_terms", hit.matched_terms},
                                 {"reponse_debut", hit.reponse_debut}};
    if (!hit.members.empty()) {
      entry["groupe_taille"] = hit.members.size();
      nlohmann::ordered_json members = nlohmann::ordered_json::array();
      for (const PrecedentMember& m : hit.members) {
        nlohmann::ordered_json member{{"id", m.id}, {"auteur", m.auteur}, {"date", m.date}};
        member["legislature"] = m.legislature ? nlohmann::ordered_json(*m.legislature) : nlohmann::ordered_json();
        members.push_back(std::move(member));
      }
      entry["membres"] = std::move(members);
    }
    hits.push_back(std::move(entry));
  }
  return {
      {"draft", result.draft}, {"query_terms", result.query_terms}, {"total", result.total}, {"hits", std::move(hits)}};
}

}  // namespace hemicycle::search
