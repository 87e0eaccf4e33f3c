#include "search/precedent.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <ranges>
#include <unordered_map>
#include <unordered_set>

#include "document/official_url.h"
#include "document/record.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "index/stored_record.h"

namespace hemicycle::search {
namespace {

constexpr std::size_t kDraftShownBytes = 120;

// The types of the questions (the type field's folded values).
constexpr std::array<std::string_view, 3> kQuestionTypes{"qe", "qg", "qosd"};

std::string type_term(std::string_view type) {
  return std::string(index::field("type").exact_prefix) + std::string(type);
}

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
  if (answer.find_first_not_of(" \n\r\t") == std::string::npos) {
    // A question of a past législature whose source carries no answer may well have had one.
    return text_of(record, "statut") == "inconnu" ? "réponse absente de la source" : "sans réponse";
  }
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

// The ESet terms a draft keeps, as its finder decides (df limits, names, formulae).
class DraftTermDecider final : public Xapian::ExpandDecider {
 public:
  explicit DraftTermDecider(std::function<bool(const std::string&)> accept) : accept_(std::move(accept)) {}
  bool operator()(const std::string& term) const override { return accept_(term); }

 private:
  std::function<bool(const std::string&)> accept_;
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
  // What shared context is judged against: every term of a pasted draft, or the
  // folded values of the indexed document's own fields.
  std::unordered_set<std::string> words;
  std::optional<nlohmann::ordered_json> record;
  std::vector<std::string> type_terms;  // the indexed document's type terms
};

struct PrecedentFinder::Candidate {
  Xapian::docid docid = 0;
  double score = 0;
  bool answered = false;
  nlohmann::ordered_json record;
  std::string analyse;   // titre, folded: the subject vote and the grouping compare it
  std::string rubrique;  // folded, for the subject vote
  std::string asked;     // the document's index::kAskedTermsSlot, for the grouping
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

namespace {

// The words of a government office that name no field of government: "ministre
// délégué chargé de l'industrie" and "Ministère de l'industrie" share "industrie".
constexpr std::string_view kOfficeWords =
    "ministre ministère ministres délégué déléguée secrétaire secrétariat État chargé chargée auprès Premier "
    "Première gouvernement porte-parole";

bool is_answered(const nlohmann::ordered_json& record) {
  return text_of(record, "statut") == "repondu" &&
         text_of(record, "texte_reponse").find_first_not_of(" \n\r\t") != std::string::npos;
}

std::string ministry_of(const nlohmann::ordered_json& record) {
  std::string ministry = text_of(record, "ministere_attributaire");
  return ministry.empty() ? text_of(record, "ministere_interroge") : ministry;
}

std::optional<PrecedentAnswer> answer_of(const nlohmann::ordered_json& record, std::size_t bytes) {
  if (!is_answered(record)) return std::nullopt;
  PrecedentAnswer answer;
  answer.repondant = text_of(record, "repondant");
  if (!answer.repondant.empty()) {
    answer.source = AnswerSource::Minister;
  } else if (text_of(record, "type") == "QG") {
    answer.source = AnswerSource::Transcript;  // the QG split found no minister's turn
  }
  answer.ministere = ministry_of(record);
  answer.date = text_of(record, "date_reponse");
  answer.debut = beginning(text_of(record, "texte_reponse"), bytes);
  return answer;
}

std::string_view source_name(AnswerSource source) {
  switch (source) {
    case AnswerSource::Minister:
      return "ministre";
    case AnswerSource::Transcript:
      return "compte_rendu";
    case AnswerSource::Ministry:
      break;
  }
  return "ministere";
}

std::optional<std::chrono::sys_days> iso_day(const std::string& iso) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_days(day);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// A hit's value shares the draft's when enough of its words are in the draft:
// all of them for a territory or a rubrique, half for a ministry, whose long
// names ("Santé et prévention") a draft rarely writes out in full. Formulae
// ("ministère", "chargé", "auprès") say nothing of which ministry it is.
bool words_in(const analysis::FrenchAnalyzer& analyzer, const std::unordered_set<std::string>& words,
              const std::unordered_set<std::string>& formulae, std::string_view value, double share) {
  std::size_t total = 0;
  std::size_t found = 0;
  for (const analysis::Token& token : analyzer.analyze(value)) {
    if (token.stopword || token.term.empty() || formulae.contains(token.term)) continue;
    ++total;
    if (words.contains(token.term)) ++found;
  }
  return total > 0 && static_cast<double>(found) >= share * static_cast<double>(total);
}

}  // namespace

std::string answered_first_rule(double answered_ratio) {
  const long percent = std::lround(answered_ratio * 100);
  return "Une question répondue est classée avant une question sans réponse dès que sa similarité atteint " +
         std::to_string(percent) + " % de celle de la question sans réponse.";
}

PrecedentFinder::PrecedentFinder(const analysis::FrenchAnalyzer& analyzer, Xapian::Database db,
                                 PrecedentOptions options)
    : analyzer_(analyzer), db_(std::move(db)), options_(std::move(options)) {
  for (std::string_view line : std::views::split(question_formulae(), '\n') | std::views::transform([](auto range) {
                                 return std::string_view(range.begin(), range.end());
                               })) {
    if (line.empty() || line.front() == '#') continue;
    for (const analysis::Token& token : analyzer_.analyze(line)) {
      if (!token.stopword && !token.term.empty()) formulae_.insert(token.term);
    }
  }
  for (const analysis::Token& token : analyzer_.analyze(kOfficeWords)) office_terms_.insert(token.term);
  population_ = db_.get_doccount();
  for (std::string_view type : kQuestionTypes) {
    if (db_.term_exists(type_term(type))) question_types_.push_back(type_term(type));
  }
  if (!options_.rarity_over_questions) return;
  // Questions are indexed in runs (one input file after another), so a few
  // [first, last] runs describe them and a term's postings are counted by skip_to.
  std::vector<Xapian::docid> questions;
  for (const std::string& term : question_types_) {
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) questions.push_back(*it);
  }
  if (questions.empty()) return;
  std::sort(questions.begin(), questions.end());
  for (Xapian::docid id : questions) {
    if (!population_runs_.empty() && population_runs_.back().second + 1 == id) {
      population_runs_.back().second = id;
    } else {
      population_runs_.emplace_back(id, id);
    }
  }
  population_ = static_cast<Xapian::doccount>(questions.size());
}

Xapian::doccount PrecedentFinder::population_df(const std::string& term) const {
  if (population_runs_.empty()) return db_.get_termfreq(term);
  Xapian::doccount count = 0;
  Xapian::PostingIterator it = db_.postlist_begin(term);
  const Xapian::PostingIterator end = db_.postlist_end(term);
  for (const auto& [first, last] : population_runs_) {
    if (it == end) break;
    it.skip_to(first);
    for (; it != end && *it <= last; ++it) ++count;
  }
  return count;
}

std::pair<Xapian::doccount, Xapian::doccount> PrecedentFinder::df_limits() const {
  if (population_ < options_.statistics_from) return {1, std::max<Xapian::doccount>(population_, 1)};
  return {std::max<Xapian::doccount>(options_.min_df, 1),
          static_cast<Xapian::doccount>(options_.max_df_ratio * population_)};
}

bool PrecedentFinder::is_person_name(const std::string& term) const {
  static const std::string author_prefix(index::field("auteur").text_prefix);
  const Xapian::doccount as_author = db_.get_termfreq(author_prefix + term);
  return as_author > 0 && 2 * as_author >= db_.get_termfreq(term);
}

bool PrecedentFinder::left_out_of_query(const std::string& term) const {
  return (options_.drop_question_formulae && is_question_formula(term)) ||
         (options_.drop_names && is_person_name(term));
}

PrecedentFinder::Draft PrecedentFinder::draft_from_text(std::string_view text) const {
  Draft draft;
  draft.description = beginning(text, kDraftShownBytes);
  std::unordered_map<std::string, Xapian::termcount> frequencies;
  SurfaceCounter surfaces;
  for (const analysis::Token& token : analyzer_.analyze(text)) {
    if (token.stopword || token.term.empty() || token.term.size() > index::kMaxTermBytes) continue;
    ++frequencies[token.term];
    draft.words.insert(token.term);
    surfaces.add(token.term, text.substr(token.begin, token.end - token.begin));
  }
  if (frequencies.empty()) {
    throw InputError("the draft has no word to search: it is empty or made only of stopwords and punctuation");
  }
  draft.surfaces = surfaces.most_frequent();

  const auto [min_df, max_df] = df_limits();
  struct Scored {
    Draft::Term term;
    double weight;
    bool within_limits;
  };
  std::vector<Scored> scored;
  for (const auto& [term, frequency] : frequencies) {
    const Xapian::doccount df = population_df(term);
    if (df == 0 || left_out_of_query(term)) continue;
    scored.push_back({{term, frequency}, frequency * idf(population_, df), df >= min_df && df <= max_df});
  }
  // The limits only choose among the draft's words: when they leave none, the
  // words the index knows are searched all the same.
  const bool any_within = std::any_of(scored.begin(), scored.end(), [](const Scored& s) { return s.within_limits; });
  if (any_within) std::erase_if(scored, [](const Scored& s) { return !s.within_limits; });
  if (scored.empty()) {
    throw InputError("none of the draft's words is in the questions of the index: there is nothing to compare it with");
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.term.term < b.term.term;
  });
  if (scored.size() > options_.max_terms) scored.resize(options_.max_terms);
  for (auto& s : scored) draft.terms.push_back(std::move(s.term));
  return draft;
}

PrecedentFinder::Draft PrecedentFinder::draft_from_document(const std::string& id) const {
  const std::optional<Xapian::Document> doc = index::find_document(db_, id);
  if (!doc) throw InputError("no indexed document has the id '" + id + "'");
  Draft draft;
  draft.description = "id:" + id;
  draft.excluded_id = id;

  // The draft is what the document asks (kAskedTermsSlot: its title and question,
  // not the answer, as a drafter's text would be); an index written without that
  // slot gives all of the document's words.
  std::unordered_map<std::string, Xapian::termcount> frequencies;
  const std::string asked = doc->get_value(index::kAskedTermsSlot);
  for (const auto& [term, frequency] : index::decode_term_frequencies(asked)) {
    if (!analyzer_.is_stopword(term)) frequencies.emplace(term, frequency);
  }
  const std::string type_prefix(index::field("type").exact_prefix);
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    if (asked.empty() && !is_prefixed(*it) && !analyzer_.is_stopword(*it)) frequencies.emplace(*it, it.get_wdf());
    if ((*it).starts_with(type_prefix)) draft.type_terms.push_back(*it);
  }
  draft.record = index::decode_stored_record(index::stored_record_bytes(*doc));
  const document::Record record = document::record_from_json(*draft.record);
  std::unordered_set<std::string> author_terms;
  for (const std::string* who : {&record.auteur, &record.groupe}) {
    for (const analysis::Token& token : analyzer_.analyze(*who)) author_terms.insert(token.term);
  }
  const auto [min_df, max_df] = df_limits();
  DraftTermDecider decider([&](const std::string& term) {
    if (!frequencies.contains(term) || author_terms.contains(term) || left_out_of_query(term)) return false;
    const Xapian::doccount df = population_df(term);
    return df >= min_df && df <= max_df;
  });
  Xapian::Enquire enquire(db_);
  Xapian::RSet rset;
  rset.add_document(doc->get_docid());
  const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(options_.max_terms), rset, &decider);
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    draft.terms.push_back({*it, std::max<Xapian::termcount>(frequencies.at(*it), 1)});
  }
  if (draft.terms.empty()) {
    // As for a pasted draft: the limits left nothing, so the document's words
    // that other documents share are searched, rarest first.
    std::vector<std::pair<double, std::string>> known;
    for (const auto& [term, frequency] : frequencies) {
      const Xapian::doccount df = population_df(term);
      if (df > 1 && !author_terms.contains(term)) known.emplace_back(frequency * idf(population_, df), term);
    }
    std::sort(known.begin(), known.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (known.size() > options_.max_terms) known.resize(options_.max_terms);
    for (const auto& [weight, term] : known) draft.terms.push_back({term, frequencies.at(term)});
  }
  if (draft.terms.empty()) {
    throw InputError("the document '" + id + "' shares no word with the other questions of the index");
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

Xapian::Query PrecedentFinder::scope(const Draft& draft, const Xapian::Query& filter) const {
  if (!options_.questions_only) return {};
  const std::string_view type_prefix = index::field("type").exact_prefix;
  for (auto it = filter.get_unique_terms_begin(); it != filter.get_unique_terms_end(); ++it) {
    if ((*it).starts_with(type_prefix)) return {};  // the caller chose the types
  }
  const bool question_draft =
      draft.type_terms.empty() || std::any_of(draft.type_terms.begin(), draft.type_terms.end(), [&](const auto& t) {
        return std::find(question_types_.begin(), question_types_.end(), t) != question_types_.end();
      });
  const std::vector<std::string>& types = question_draft ? question_types_ : draft.type_terms;
  if (types.empty()) return {};
  return {Xapian::Query::OP_OR, types.begin(), types.end()};
}

// The Enquire is kept to ask which query terms each shown hit matched.
struct PrecedentFinder::Matches {
  Xapian::Enquire enquire;
  std::vector<Candidate> candidates;  // best first, by the answered-first rule
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
  auto term_query = [&](const std::string& term, Xapian::termcount frequency) {
    std::vector<Xapian::Query> variants{Xapian::Query(term, frequency)};
    for (const auto& [prefix, boost] : fields) {
      const std::string prefixed = prefix + term;
      if (db_.term_exists(prefixed)) {
        variants.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(prefixed, frequency), boost);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, variants.begin(), variants.end());
  };
  std::vector<Xapian::Query> per_term;
  for (const Draft::Term& t : draft.terms) per_term.push_back(term_query(t.term, t.frequency));
  const Xapian::Query types = scope(draft, filter);
  auto restricted = [&](Xapian::Query query) {
    if (!required.empty()) query = Xapian::Query(Xapian::Query::OP_AND, query, required);
    if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
    if (!types.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, types);
    if (!draft.excluded_id.empty()) {
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                            Xapian::Query(std::string(index::kIdPrefix) + draft.excluded_id));
    }
    return query;
  };

  Matches matches{Xapian::Enquire(db_), {}};
  std::vector<Candidate>& found = matches.candidates;
  try {
    matches.enquire.set_weighting_scheme(Xapian::BM25Weight(options_.bm25_k1, 0, 1, options_.bm25_b, 0.5));
    if (options_.time_limit > 0) matches.enquire.set_time_limit(options_.time_limit);
    Xapian::Query query = restricted(Xapian::Query(Xapian::Query::OP_OR, per_term.begin(), per_term.end()));
    if (options_.feedback_documents > 0) {
      matches.enquire.set_query(query);
      Xapian::RSet rset;
      const Xapian::MSet first =
          matches.enquire.get_mset(0, static_cast<Xapian::doccount>(options_.feedback_documents));
      for (auto it = first.begin(); it != first.end(); ++it) rset.add_document(*it);
      std::unordered_set<std::string> already;
      for (const Draft::Term& t : draft.terms) already.insert(t.term);
      const auto [min_df, max_df] = df_limits();
      DraftTermDecider decider([&](const std::string& term) {
        if (is_prefixed(term) || already.contains(term) || analyzer_.is_stopword(term) || left_out_of_query(term))
          return false;
        const Xapian::doccount df = population_df(term);
        return df >= min_df && df <= max_df;
      });
      const Xapian::ESet eset =
          matches.enquire.get_eset(static_cast<Xapian::termcount>(options_.feedback_terms), rset, &decider);
      for (auto it = eset.begin(); it != eset.end(); ++it) {
        per_term.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, term_query(*it, 1), options_.feedback_weight);
      }
      query = restricted(Xapian::Query(Xapian::Query::OP_OR, per_term.begin(), per_term.end()));
    }
    matches.enquire.set_query(query);
    const Xapian::MSet mset = matches.enquire.get_mset(0, options_.window);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Candidate candidate;
      candidate.docid = *it;
      const Xapian::Document document = it.get_document();
      candidate.record = index::decode_stored_record(index::stored_record_bytes(document));
      candidate.asked = document.get_value(index::kAskedTermsSlot);
      candidate.answered = is_answered(candidate.record);
      candidate.analyse = analyzer_.fold(text_of(candidate.record, "titre"));
      candidate.rubrique = analyzer_.fold(text_of(candidate.record, "rubrique"));
      candidate.score = it.get_weight();
      found.push_back(std::move(candidate));
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("precedent search failed: " + e.get_description());
  }
  vote_for_subject(found);
  // The answered-first rule (precedent.h); equal keys keep Xapian's order.
  const double ratio = std::clamp(options_.answered_ratio, 1e-6, 1.0);
  auto key = [ratio](const Candidate& c) { return c.answered ? c.score / ratio : c.score; };
  std::stable_sort(found.begin(), found.end(), [&](const Candidate& a, const Candidate& b) { return key(a) > key(b); });
  return matches;
}

void PrecedentFinder::vote_for_subject(std::vector<Candidate>& candidates) const {
  const std::size_t voters = std::min(options_.subject_votes, candidates.size());
  if (voters == 0 || (options_.subject_weight <= 0 && options_.rubrique_weight <= 0)) return;
  std::unordered_map<std::string, double> analyses;
  std::unordered_map<std::string, double> rubriques;
  double total = 0;
  for (std::size_t i = 0; i < voters; ++i) {
    const Candidate& c = candidates[i];
    total += c.score;
    if (!c.analyse.empty()) analyses[c.analyse] += c.score;
    if (!c.rubrique.empty()) rubriques[c.rubrique] += c.score;
  }
  if (total <= 0) return;
  auto share = [total](const std::unordered_map<std::string, double>& votes, const std::string& value) {
    if (value.empty()) return 0.0;
    const auto it = votes.find(value);
    return it == votes.end() ? 0.0 : it->second / total;
  };
  for (Candidate& c : candidates) {
    c.score *= 1 + options_.subject_weight * share(analyses, c.analyse) +
               options_.rubrique_weight * share(rubriques, c.rubrique);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
}

// The `group_terms` terms that best characterise what a document asks: those of
// its title and question (not of the answer, which differs between askings of
// the same question, nor of the author's name), by tf × idf; sorted. The indexer
// stores their frequencies (index::kAskedTermsSlot); an index written before it
// did has them counted here from the record.
std::vector<std::string> PrecedentFinder::asked_terms(const Candidate& candidate, Xapian::doccount documents,
                                                      Xapian::doccount max_df, DocumentFrequencies& dfs) const {
  index::TermFrequencies frequencies;
  if (!candidate.asked.empty()) {
    frequencies = index::decode_term_frequencies(candidate.asked);
  } else {
    const document::Record record = document::record_from_json(candidate.record);
    std::unordered_set<std::string> author_terms;
    for (const analysis::Token& token : analyzer_.analyze(record.auteur)) author_terms.insert(token.term);
    std::unordered_map<std::string, Xapian::termcount> counted;
    for (std::string_view text : index::asked_texts(record)) {
      for (const analysis::Token& token : analyzer_.analyze(text)) {
        if (!token.stopword && !token.term.empty() && !author_terms.contains(token.term)) ++counted[token.term];
      }
    }
    frequencies.assign(counted.begin(), counted.end());
  }
  std::vector<std::pair<double, std::string>> weighted;
  for (auto& [term, frequency] : frequencies) {
    auto [cached, added] = dfs.try_emplace(term, 0);
    if (added) cached->second = db_.get_termfreq(term);
    const Xapian::doccount df = cached->second;
    if (df == 0 || df > max_df) continue;
    weighted.emplace_back(frequency * idf(documents, df), std::move(term));
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
  DocumentFrequencies dfs;  // similar hits share most of their words
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    top_terms[i] = asked_terms(candidates[i], documents, max_df, dfs);
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
      const bool same_title = !candidates[i].analyse.empty() && candidates[i].analyse == candidates[j].analyse;
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

std::vector<std::string> territory_names(const nlohmann::ordered_json& record) {
  std::vector<std::string> names;
  const auto found = record.find("territoires");
  if (found == record.end() || !found->is_array()) return names;
  for (const auto& territory : *found) {
    if (territory.is_object()) {
      const std::string name = text_of(territory, "nom");
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

}  // namespace

SharedContext PrecedentFinder::shared_context(const Draft& draft, const nlohmann::ordered_json& record) const {
  SharedContext shared;
  const std::string rubrique = text_of(record, "rubrique");
  const std::string ministry = ministry_of(record);
  if (draft.record) {
    // An indexed draft has fields of its own: the same values, folded.
    std::unordered_set<std::string> territories;
    for (const std::string& name : territory_names(*draft.record)) territories.insert(analyzer_.fold(name));
    for (const std::string& name : territory_names(record)) {
      if (territories.contains(analyzer_.fold(name))) shared.territoires.push_back(name);
    }
    if (!rubrique.empty() && analyzer_.fold(rubrique) == analyzer_.fold(text_of(*draft.record, "rubrique")))
      shared.rubrique = rubrique;
    if (!ministry.empty() && analyzer_.fold(ministry) == analyzer_.fold(ministry_of(*draft.record)))
      shared.ministere = ministry;
    return shared;
  }
  for (const std::string& name : territory_names(record)) {
    if (words_in(analyzer_, draft.words, formulae_, name, 1.0)) shared.territoires.push_back(name);
  }
  if (words_in(analyzer_, draft.words, formulae_, rubrique, 1.0)) shared.rubrique = rubrique;
  if (words_in(analyzer_, draft.words, formulae_, ministry, 0.5)) shared.ministere = ministry;
  return shared;
}

std::string PrecedentFinder::answering_ministry(const nlohmann::ordered_json& record) const {
  std::string assigned = ministry_of(record);
  const std::string repondant = text_of(record, "repondant");
  const std::size_t comma = repondant.find(", ");
  if (text_of(record, "type") != "QG" || comma == std::string::npos) return assigned;
  // "M. X, ministre des solidarités et de la santé": the office after the name,
  // without a leading "garde des sceaux, " or "ministre d'État, ".
  std::string_view office = std::string_view(repondant).substr(comma + 2);
  for (;;) {
    const std::size_t next = office.find(", ");
    if (next == std::string_view::npos) break;
    const std::string part = analyzer_.fold(office.substr(0, next));
    if (part != "garde des sceaux" && part != "ministre d'etat") break;
    office = office.substr(next + 2);
  }
  // Only a ministry in its own right, whose name the office gives: "ministre de
  // la culture" heads the "Ministère de la culture"; a "ministre délégué",
  // "secrétaire d'État" or "Premier ministre" answers for another.
  const std::string folded = analyzer_.fold(office);
  constexpr std::array<std::string_view, 4> kOwnMinistry{"ministre de ", "ministre des ", "ministre du ",
                                                         "ministre d'"};
  if (folded.starts_with("ministre d'etat") ||
      std::none_of(kOwnMinistry.begin(), kOwnMinistry.end(),
                   [&](std::string_view prefix) { return folded.starts_with(prefix); })) {
    return assigned;
  }
  // The same field when a word of the office, but office_terms_, is in the ministry's name.
  std::unordered_set<std::string> assigned_terms;
  for (const analysis::Token& token : analyzer_.analyze(assigned)) {
    if (!token.stopword && !office_terms_.contains(token.term)) assigned_terms.insert(token.term);
  }
  for (const analysis::Token& token : analyzer_.analyze(office)) {
    if (!token.stopword && assigned_terms.contains(token.term)) return assigned;  // the same field
  }
  return "Ministère " + std::string(office.substr(std::string_view("ministre ").size()));
}

PrecedentSynthesis PrecedentFinder::synthesis(const std::vector<Candidate>& candidates) const {
  PrecedentSynthesis summary;
  std::map<std::string, std::pair<double, std::size_t>> rubriques;  // weight, precedents
  struct Ministry {
    std::string name;  // as first met
    std::size_t answers = 0;
    std::size_t in_sitting = 0;
    std::vector<double> delays;
  };
  std::map<std::string, Ministry> ministries;  // by folded name: "Ministère de l’intérieur" is "…de l'intérieur"
  for (const Candidate& c : candidates) {
    if (summary.precedents == options_.synthesis_precedents) break;
    ++summary.precedents;
    if (const std::string rubrique = text_of(c.record, "rubrique"); !rubrique.empty()) {
      auto& [weight, count] = rubriques[rubrique];
      weight += c.score;
      ++count;
    }
    if (!c.answered) continue;
    const std::string ministry = answering_ministry(c.record);
    if (ministry.empty()) continue;
    Ministry& m = ministries[analyzer_.fold(ministry)];
    if (m.name.empty()) m.name = ministry;
    ++m.answers;
    if (text_of(c.record, "type") == "QG") ++m.in_sitting;
    const auto asked = iso_day(text_of(c.record, "date_publication"));
    const auto answered = iso_day(text_of(c.record, "date_reponse"));
    if (asked && answered && *answered >= *asked) m.delays.push_back(static_cast<double>((*answered - *asked).count()));
  }
  double best = 0;
  for (const auto& [rubrique, vote] : rubriques) {
    if (vote.first > best) {
      best = vote.first;
      summary.rubrique = rubrique;
      summary.rubrique_precedents = vote.second;
    }
  }
  for (auto& [key, m] : ministries) {
    MinistrySummary entry{m.name, m.answers, m.in_sitting, m.delays.size(), std::nullopt};
    if (!m.delays.empty()) entry.median_delay_days = median(std::move(m.delays));
    summary.ministeres.push_back(std::move(entry));
  }
  std::stable_sort(summary.ministeres.begin(), summary.ministeres.end(),
                   [](const MinistrySummary& a, const MinistrySummary& b) { return a.answers > b.answers; });
  return summary;
}

PrecedentResult PrecedentFinder::render(const Draft& draft, const Matches& matches, Xapian::doccount offset,
                                        Xapian::doccount limit) const {
  const std::vector<Candidate>& candidates = matches.candidates;
  PrecedentResult result;
  result.draft = draft.description;
  result.searched_terms = draft.terms.size();
  result.answered_ratio = options_.answered_ratio;
  result.rule = answered_first_rule(options_.answered_ratio);
  result.synthesis = synthesis(candidates);

  // What a drafter reads as a reason: the draft's own words, most telling first,
  // without the formulae of every question nor people's names.
  std::vector<std::string> shown(draft.terms.size());
  std::vector<bool> telling(draft.terms.size());
  std::unordered_map<std::string, std::size_t> term_rank;
  for (std::size_t i = 0; i < draft.terms.size(); ++i) {
    const std::string& term = draft.terms[i].term;
    term_rank.emplace(term, i);
    const auto surface = draft.surfaces.find(term);
    shown[i] = surface != draft.surfaces.end() ? surface->second : term;
    telling[i] = !is_question_formula(term) && !is_person_name(term);
    if (telling[i] && result.query_terms.size() < options_.shown_terms) result.query_terms.push_back(shown[i]);
  }

  std::vector<std::vector<std::size_t>> entries;
  if (options_.group) {
    entries = groups(candidates);
  } else {
    for (std::size_t i = 0; i < candidates.size(); ++i) entries.push_back({i});
  }

  for (std::size_t e = offset; e < entries.size() && result.hits.size() < limit; ++e) {
    const std::vector<std::size_t>& members = entries[e];
    // The entry shows the group's latest answer; with none, its best-ranked member.
    std::size_t shown_member = members.front();
    std::string latest_answer;
    for (std::size_t m : members) {
      const std::string answered_on = text_of(candidates[m].record, "date_reponse");
      if (candidates[m].answered && answered_on > latest_answer) {
        latest_answer = answered_on;
        shown_member = m;
      }
    }
    const Candidate& candidate = candidates[shown_member];
    PrecedentHit hit;
    hit.id = text_of(candidate.record, "id");
    hit.score = candidates[members.front()].score;
    hit.answered = candidate.answered;
    hit.answer = answer_of(candidate.record, options_.answer_start_bytes);
    hit.reponse_debut = answer_summary(candidate.record, options_.answer_start_bytes);
    hit.withdrawn = text_of(candidate.record, "statut") == "retire";
    hit.shared = shared_context(draft, candidate.record);

    // Shared words: the query terms the document matched, prefixed field terms
    // counted as their word, most telling first.
    std::vector<std::size_t> ranks;
    for (auto it = matches.enquire.get_matching_terms_begin(candidate.docid);
         it != matches.enquire.get_matching_terms_end(candidate.docid); ++it) {
      const auto found = term_rank.find(std::string(without_prefix(*it)));
      if (found != term_rank.end() && telling[found->second]) ranks.push_back(found->second);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    for (std::size_t r : ranks) {
      if (hit.matched_terms.size() >= options_.matched_terms_shown) break;
      hit.matched_terms.push_back(shown[r]);
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
    document::add_official_url(hit.record);
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

namespace {

nlohmann::ordered_json or_null(const std::string& value) {
  return value.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(value);
}

nlohmann::ordered_json to_json(const PrecedentSynthesis& synthesis) {
  nlohmann::ordered_json ministries = nlohmann::ordered_json::array();
  for (const MinistrySummary& m : synthesis.ministeres) {
    ministries.push_back({{"ministere", m.ministere},
                          {"reponses", m.answers},
                          {"en_seance", m.in_sitting},
                          {"delais_mesures", m.delays},
                          {"delai_median_jours", m.median_delay_days ? nlohmann::ordered_json(*m.median_delay_days)
                                                                     : nlohmann::ordered_json()}});
  }
  return {{"precedents", synthesis.precedents},
          {"rubrique", or_null(synthesis.rubrique)},
          {"rubrique_precedents", synthesis.rubrique_precedents},
          {"ministeres", std::move(ministries)}};
}

}  // namespace

nlohmann::ordered_json to_json(const PrecedentResult& result) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const PrecedentHit& hit : result.hits) {
    nlohmann::ordered_json answer;
    if (hit.answer) {
      answer = {{"source", source_name(hit.answer->source)},
                {"repondant", or_null(hit.answer->repondant)},
                {"ministere", or_null(hit.answer->ministere)},
                {"date", or_null(hit.answer->date)},
                {"debut", hit.answer->debut}};
    }
    nlohmann::ordered_json entry{{"id", hit.id},
                                 {"score", hit.score},
                                 {"repondu", hit.answered},
                                 {"record", hit.record},
                                 {"matched_terms", hit.matched_terms},
                                 {"en_commun",
                                  {{"territoires", hit.shared.territoires},
                                   {"ministere", or_null(hit.shared.ministere)},
                                   {"rubrique", or_null(hit.shared.rubrique)}}},
                                 {"reponse", std::move(answer)},
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
  return {{"draft", result.draft},
          {"query_terms", result.query_terms},
          {"termes_recherches", result.searched_terms},
          {"classement", {{"regle", result.rule}, {"ratio_repondu", result.answered_ratio}}},
          {"synthese", to_json(result.synthesis)},
          {"hits", std::move(hits)}};
}

}  // namespace hemicycle::search
