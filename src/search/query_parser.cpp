#include "search/query_parser.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <utility>

#include "errors.h"
#include "index/schema.h"
#include "search/date_filter.h"
#include "search/query_syntax.h"
#include "search/territory_filter.h"

namespace hemicycle::search {
namespace {

bool is_query_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_query_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_query_space(text.back())) text.remove_suffix(1);
  return text;
}

Xapian::Query and_of(std::vector<Xapian::Query> queries) {
  if (queries.empty()) return {};
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(Xapian::Query::OP_AND, queries.begin(), queries.end());
}

Xapian::Query or_of(std::vector<Xapian::Query> queries) {
  if (queries.empty()) return {};
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

// One operand of the query, before it is placed in its conjunction.
struct Clause {
  enum class Kind {
    Nothing,  // nothing searchable (punctuation, stopwords, an empty group)
    Scored,   // ranks documents
    Filter,   // boolean
    Word,     // a plain word, left for the enclosing conjunction to analyse with its neighbours
  };
  Kind kind = Kind::Nothing;
  Xapian::Query query;
  bool negated = false;
  std::size_t lexeme = 0;  // Word: index of its lexeme
};

// The operands of one level of implicit or explicit AND.
struct Conjunction {
  std::vector<Xapian::Query> scored;
  std::vector<Xapian::Query> filters;
  std::vector<Xapian::Query> excluded_scored;  // negated words, phrases, groups
  std::vector<Xapian::Query> excluded_filters;

  void add(Clause clause) {
    if (clause.kind == Clause::Kind::Nothing) return;
    const bool filter = clause.kind == Clause::Kind::Filter;
    auto& bucket = clause.negated ? (filter ? excluded_filters : excluded_scored) : (filter ? filters : scored);
    bucket.push_back(std::move(clause.query));
  }

  // What ranks: the scored operands minus the excluded ones (empty when nothing ranks).
  [[nodiscard]] Xapian::Query scored_part() const {
    if (scored.empty()) return {};
    Xapian::Query query = and_of(scored);
    if (excluded_scored.empty()) return query;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, query, or_of(excluded_scored));
  }

  // The boolean part: positive filters minus excluded filters, and minus the excluded scored
  // operands when nothing ranks (all documents when there are only exclusions).
  [[nodiscard]] Xapian::Query boolean_part() const {
    Xapian::Query base = and_of(filters);
    std::vector<Xapian::Query> exclusions = excluded_filters;
    if (scored.empty()) exclusions.insert(exclusions.end(), excluded_scored.begin(), excluded_scored.end());
    if (exclusions.empty()) return base;
    if (base.empty()) base = Xapian::Query::MatchAll;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, base, or_of(std::move(exclusions)));
  }

  // The whole conjunction as one clause (for a parenthesised group).
  [[nodiscard]] Clause as_clause() const {
    const Xapian::Query boolean = boolean_part();
    if (scored.empty()) return boolean.empty() ? Clause{} : Clause{Clause::Kind::Filter, boolean};
    if (boolean.empty()) return {Clause::Kind::Scored, scored_part()};
    return {Clause::Kind::Scored, Xapian::Query(Xapian::Query::OP_FILTER, scored_part(), boolean)};
  }
};

// A searchable unit of free text: one word, a split word, a run of words that is a synonym,
// or a quoted phrase; `terms` keep their stopwords (phrases need them).
struct TextUnit {
  std::vector<std::string> terms;
  std::vector<bool> stopwords;
  std::size_t last_word = 0;  // the last query word of the run that it covers

  [[nodiscard]] bool only_stopwords() const {
    return std::all_of(stopwords.begin(), stopwords.end(), [](bool stop) { return stop; });
  }
};

// Lowers the syntax tree to Xapian: words analysed as at index time, synonyms,
// ranked fields with their boosts, field filters.
class Lowering {
 public:
  Lowering(const QuerySyntax& syntax, const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
           const QueryOptions& options)
      : query_(syntax.query), lexemes_(syntax.lexemes), analyzer_(analyzer), db_(db), options_(options) {}

  ParsedQuery lower(const SyntaxNode& root) {
    Conjunction top = lower_all(root, false);
    ParsedQuery parsed;
    parsed.scored = with_title_coverage(with_territory_boost(top.scored_part()));
    parsed.filter = top.boolean_part();
    parsed.highlight_terms = std::move(highlight_terms_);
    parsed.words = std::move(words_);
    parsed.has_phrase = has_phrase_;
    return parsed;
  }

 private:
  // ---- Structure ----------------------------------------------------------------------------

  // AND of its operands. `negative`: inside an odd number of negations (its words
  // are not highlighted). Consecutive plain words are analysed together.
  Conjunction lower_all(const SyntaxNode& node, bool negative) {
    Conjunction conjunction;
    std::vector<std::size_t> run;  // lexemes of consecutive plain words
    for (const SyntaxNode& child : node.children) {
      Clause clause = lower_operand(child, negative);
      if (clause.kind == Clause::Kind::Word && !clause.negated && (run.empty() || run.back() + 1 == clause.lexeme)) {
        run.push_back(clause.lexeme);
        continue;
      }
      add_run(conjunction, run, negative);
      if (clause.kind == Clause::Kind::Word && !clause.negated) {
        run.push_back(clause.lexeme);
      } else {
        conjunction.add(resolve(std::move(clause), negative));
      }
    }
    add_run(conjunction, run, negative);
    return conjunction;
  }

  Clause lower_operand(const SyntaxNode& node, bool negative) {
    if (node.kind == SyntaxNode::Kind::Any) return lower_any(node, negative);
    const bool inside_negation = negative != node.negated;
    const Lexeme& lexeme = lexemes_[node.lexeme];
    Clause clause;
    switch (node.kind) {
      case SyntaxNode::Kind::All:
        clause = lower_all(node, inside_negation).as_clause();
        break;
      case SyntaxNode::Kind::Word:
        clause = {Clause::Kind::Word, {}, false, node.lexeme};
        break;
      case SyntaxNode::Kind::Wildcard:
        clause = wildcard(lexeme, inside_negation);
        break;
      case SyntaxNode::Kind::Phrase:
        clause = phrase(lexeme, inside_negation);
        break;
      case SyntaxNode::Kind::Field:
        clause = field_filter(lexeme);
        break;
      case SyntaxNode::Kind::Any:
        break;
    }
    clause.negated = node.negated;
    return clause;
  }

  Clause lower_any(const SyntaxNode& node, bool negative) {
    std::vector<Clause> operands;
    for (const SyntaxNode& child : node.children) operands.push_back(resolve(lower_operand(child, negative), negative));
    std::erase_if(operands, [](const Clause& clause) { return clause.kind == Clause::Kind::Nothing; });
    if (operands.size() <= 1) return operands.empty() ? Clause{} : operands.front();

    const bool all_filters = std::all_of(operands.begin(), operands.end(), [](const Clause& clause) {
      return clause.negated || clause.kind == Clause::Kind::Filter;
    });
    std::vector<Xapian::Query> alternatives;
    for (Clause& operand : operands) {
      Xapian::Query query = std::move(operand.query);
      const bool boolean = operand.negated || operand.kind == Clause::Kind::Filter;
      if (operand.negated) query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, query);
      if (boolean && !all_filters) query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0.0);
      alternatives.push_back(std::move(query));
    }
    return {all_filters ? Clause::Kind::Filter : Clause::Kind::Scored, or_of(std::move(alternatives))};
  }

  // A clause ready for a conjunction or a disjunction: a plain word is analysed alone.
  Clause resolve(Clause clause, bool negative) {
    if (clause.kind != Clause::Kind::Word) return clause;
    Conjunction alone;
    std::vector<std::size_t> run{clause.lexeme};
    add_run(alone, run, negative != clause.negated);
    Clause resolved = alone.as_clause();
    resolved.negated = clause.negated;
    return resolved;
  }

  // ---- Free text ----------------------------------------------------------------------------

  // Analyses consecutive plain words together (so that "25 000" and "L. 2242-1" are joined as
  // at index time), groups them into units, then finds the synonyms among the units.
  void add_run(Conjunction& conjunction, std::vector<std::size_t>& run, bool negative) {
    if (run.empty()) return;
    const std::size_t begin = lexemes_[run.front()].begin;
    const std::string_view text = query_.substr(begin, lexemes_[run.back()].end - begin);
    const auto tokens = analyzer_.analyze(text);

    // Each token belongs to the word where it begins; a token spanning several words joins them.
    std::vector<std::size_t> word_begins;
    for (const std::size_t lexeme : run) word_begins.push_back(lexemes_[lexeme].begin - begin);
    const auto word_at = [&](std::size_t offset) {
      return static_cast<std::size_t>(std::upper_bound(word_begins.begin(), word_begins.end(), offset) -
                                      word_begins.begin()) -
             1;
    };
    std::vector<TextUnit> units;
    for (const auto& token : tokens) {
      const std::size_t first = word_at(token.begin);
      const std::size_t last = word_at(token.end == 0 ? 0 : token.end - 1);
      if (units.empty() || first > units.back().last_word) units.push_back({{}, {}, last});
      TextUnit& unit = units.back();
      unit.terms.push_back(token.term);
      unit.stopwords.push_back(token.stopword);
      unit.last_word = std::max(unit.last_word, last);
      if (!token.stopword) words_.emplace_back(text.substr(token.begin, token.end - token.begin));
    }
    run.clear();

    std::vector<std::pair<TextUnit, std::vector<std::vector<std::string>>>> items = with_synonyms(units);
    // Stopwords are not indexed: a run made only of them ("à la", "le") searches nothing.
    for (const auto& [unit, alternatives] : items) {
      if (unit.only_stopwords()) continue;
      conjunction.scored.push_back(text_query(unit, alternatives, negative));
    }
  }

  // Units merged greedily into the longest runs that are synonym alternatives.
  std::vector<std::pair<TextUnit, std::vector<std::vector<std::string>>>> with_synonyms(
      const std::vector<TextUnit>& units) const {
    std::vector<std::pair<TextUnit, std::vector<std::vector<std::string>>>> items;
    const Synonyms* synonyms = options_.synonyms;
    std::size_t i = 0;
    while (i < units.size()) {
      std::size_t matched_end = i + 1;
      std::vector<std::vector<std::string>> alternatives;
      if (synonyms != nullptr) {
        std::vector<std::string> terms;
        std::vector<std::size_t> candidate_ends;
        std::vector<std::vector<std::string>> candidates;
        for (std::size_t j = i; j < units.size(); ++j) {
          terms.insert(terms.end(), units[j].terms.begin(), units[j].terms.end());
          if (terms.size() > synonyms->longest()) break;
          candidate_ends.push_back(j + 1);
          candidates.push_back(terms);
        }
        for (std::size_t c = candidates.size(); c-- > 0;) {
          alternatives = synonyms->alternatives(candidates[c]);
          if (!alternatives.empty()) {
            matched_end = candidate_ends[c];
            break;
          }
        }
      }
      TextUnit merged = units[i];
      for (std::size_t j = i + 1; j < matched_end; ++j) {
        merged.terms.insert(merged.terms.end(), units[j].terms.begin(), units[j].terms.end());
        merged.stopwords.insert(merged.stopwords.end(), units[j].stopwords.begin(), units[j].stopwords.end());
      }
      items.emplace_back(std::move(merged), std::move(alternatives));
      i = matched_end;
    }
    return items;
  }

  Clause phrase(const Lexeme& lexeme, bool negative) {
    TextUnit unit;
    for (const auto& token : analyzer_.analyze(lexeme.text)) {
      unit.terms.push_back(token.term);
      unit.stopwords.push_back(token.stopword);
      if (!token.stopword) words_.emplace_back(lexeme.text.substr(token.begin, token.end - token.begin));
    }
    if (unit.only_stopwords()) return {};  // nothing indexed to search ("\"le\"")
    std::vector<std::vector<std::string>> alternatives;
    if (options_.synonyms != nullptr) alternatives = options_.synonyms->alternatives(unit.terms);
    return {Clause::Kind::Scored, text_query(unit, alternatives, negative)};
  }

  // OR of the unit and its alternatives, each in the body and, boosted, in the ranked fields.
  Xapian::Query text_query(const TextUnit& unit, const std::vector<std::vector<std::string>>& alternatives,
                           bool negative) {
    std::vector<Xapian::Query> queries{one_text_query(unit.terms, unit.stopwords, negative)};
    for (const auto& terms : alternatives) {
      std::vector<bool> stopwords;
      for (const auto& term : terms) stopwords.push_back(analyzer_.is_stopword(term));
      queries.push_back(one_text_query(terms, stopwords, negative));
    }
    return or_of(std::move(queries));
  }

  // Stopwords are not indexed but keep their positions: a phrase is its other
  // words, in order, within the span they had ("projet de loi" = projet, loi
  // within 3 positions). Field terms have no positions, so a phrase in a field
  // is the AND of its non-stopwords.
  Xapian::Query one_text_query(const std::vector<std::string>& terms, const std::vector<bool>& stopwords,
                               bool negative) {
    std::vector<std::string> kept;
    std::vector<std::size_t> places_in_query;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (stopwords[i]) continue;
      kept.push_back(terms[i]);
      places_in_query.push_back(i);
    }
    if (kept.empty()) return {};
    std::vector<Xapian::Query> places;
    places.push_back(kept.size() == 1 ? Xapian::Query(kept.front()) : body_phrase(kept, places_in_query));
    for (const index::Field& field : index::kFields) {
      if (!field.ranked()) continue;
      const double boost = field_boost(field);
      if (boost <= 0) continue;
      std::vector<Xapian::Query> field_terms;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        if (!stopwords[i]) field_terms.emplace_back(std::string(field.text_prefix) + terms[i]);
      }
      if (field_terms.empty()) continue;
      places.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, and_of(std::move(field_terms)), boost);
    }
    if (!negative) {
      for (std::size_t i = 0; i < terms.size(); ++i) {
        if (!stopwords[i]) add_highlight(terms[i]);
      }
    }
    return or_of(std::move(places));
  }

  // The body's phrase of `kept` words, at `at` in the query: the words in order
  // within the span they have in the query. Where the index has the pairs of
  // adjacent frequent pairs (index/schema.h), each two successive words that are
  // such a pair must also have its pair term, at most as far apart as in the query
  // (none or one stopword between "projet" and "loi" for "projet de loi", and no
  // other word): a phrase of two words is then matched by posting lists alone,
  // weighted as the AND of its words (as OP_PHRASE is), and a longer one has its
  // positions read only in the documents holding its pairs. A phrase without such
  // a pair (a rarer word, two words seldom together, words further apart than
  // kMaxPairGap, an index without pairs) has the positional phrase alone: the
  // documents holding all its words, few, bound those whose positions are read.
  Xapian::Query body_phrase(const std::vector<std::string>& kept, const std::vector<std::size_t>& at) {
    has_phrase_ = true;
    const auto window = static_cast<Xapian::termcount>(at.back() - at.front() + 1);
    Xapian::Query positional(Xapian::Query::OP_PHRASE, kept.begin(), kept.end(), window);
    const PairsIndexed indexed = pairs_indexed();
    if (indexed == PairsIndexed::None) return positional;
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < kept.size(); ++i) {
      const std::size_t gap = at[i + 1] - at[i];
      if (gap > index::kMaxPairGap) continue;
      if (indexed == PairsIndexed::OfPairWords && !(index::is_pair_word(kept[i]) && index::is_pair_word(kept[i + 1]))) {
        continue;
      }
      if (indexed == PairsIndexed::OfFrequentPairs && !index::is_frequent_pair(kept[i], kept[i + 1])) continue;
      std::vector<Xapian::Query> distances;
      for (std::size_t distance = 1; distance <= gap; ++distance) {
        std::string pair = index::pair_term(kept[i], kept[i + 1], static_cast<Xapian::termpos>(distance));
        if (!pair.empty()) distances.emplace_back(std::move(pair));
      }
      if (distances.size() == gap) pairs.push_back(or_of(std::move(distances)));
    }
    if (pairs.empty()) return positional;
    Xapian::Query words =
        kept.size() == 2 ? Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end()) : std::move(positional);
    return {Xapian::Query::OP_FILTER, words, and_of(std::move(pairs))};
  }

  // Which pairs of adjacent words every document of the database has; asked once,
  // at the first phrase. Each layout's pairs include the next one's: a database of
  // parts of layouts 10 to 12 has the frequent pairs in all of them as soon as one
  // part is of layout 12, and the pairs of pair words if it is of layouts 10 and 11.
  enum class PairsIndexed { None, OfFrequentPairs, OfPairWords, All };
  PairsIndexed pairs_indexed() {
    if (!pairs_indexed_) {
      const Xapian::doccount documents = db_.get_doccount();
      const Xapian::doccount all = db_.get_termfreq(std::string(index::kAllPairsIndexedTerm));
      const Xapian::doccount of_pair_words = db_.get_termfreq(index::pair_words_indexed_term());
      const Xapian::doccount of_frequent_pairs = db_.get_termfreq(index::pairs_indexed_term());
      if (documents > 0 && all == documents) {
        pairs_indexed_ = PairsIndexed::All;
      } else if (documents > 0 && all + of_pair_words + of_frequent_pairs == documents) {
        pairs_indexed_ = of_frequent_pairs > 0 ? PairsIndexed::OfFrequentPairs : PairsIndexed::OfPairWords;
      } else {
        pairs_indexed_ = PairsIndexed::None;
      }
    }
    return *pairs_indexed_;
  }

  double field_boost(const index::Field& field) const {
    const auto boost = options_.boosts.find(std::string(field.name));
    return boost == options_.boosts.end() ? field.boost : boost->second;
  }

  void add_highlight(const std::string& term) {
    if (highlighted_.insert(term).second) highlight_terms_.push_back(term);
  }

  // prefix*: the indexed (unprefixed) terms starting with the folded, unstemmed prefix.
  Clause wildcard(const Lexeme& lexeme, bool negative) {
    std::string_view written = lexeme.text;
    while (written.ends_with('*')) written.remove_suffix(1);
    const auto tokens = analyzer_.analyze(written);
    if (tokens.empty()) {
      throw QueryError("'*' must end the beginning of a word, as in agricult*", lexeme.begin);
    }
    if (tokens.size() > 1) {
      throw QueryError("'" + std::string(lexeme.text) + "': '*' completes one word, not several", lexeme.begin);
    }
    const std::string prefix =
        analyzer_.fold(written.substr(tokens.front().begin, tokens.front().end - tokens.front().begin));
    Xapian::termcount matches = 0;
    std::vector<std::string> expansions;
    for (auto term = db_.allterms_begin(prefix); term != db_.allterms_end(prefix); ++term) {
      if (++matches > options_.max_wildcard_terms) {
        throw QueryError("'" + std::string(lexeme.text) + "' matches more than " +
                             std::to_string(options_.max_wildcard_terms) + " words; make the prefix longer",
                         lexeme.begin);
      }
      expansions.push_back(*term);
    }
    if (!negative) {
      for (const auto& term : expansions) add_highlight(term);
    }
    return {Clause::Kind::Scored, Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, options_.max_wildcard_terms,
                                                Xapian::Query::WILDCARD_LIMIT_ERROR)};
  }

  // ---- Fields -------------------------------------------------------------------------------

  Clause field_filter(const Lexeme& lexeme) {
    const index::Field& field = index::field(lexeme.field);
    if (field.kind == index::FieldKind::Date) {
      return {Clause::Kind::Filter, date_filter(lexeme.text, lexeme.text_begin, *field.slot)};
    }
    const std::string_view value = trimmed(lexeme.text);
    if (field.kind == index::FieldKind::Territory) {
      if (auto filter = territory_filter(value, db_)) return {Clause::Kind::Filter, *filter};
    }
    if (!field.exact_prefix.empty()) {
      std::string exact = index::exact_term(analyzer_, field, value);
      if (field.exact_prefix == index::kIdPrefix && !db_.term_exists(exact)) {
        // Identifiers are indexed as written; accept them in any case when they are upper case.
        std::string upper(exact);
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
        if (db_.term_exists(upper)) exact = std::move(upper);
      }
      if (field.kind == index::FieldKind::Keyword || db_.term_exists(exact)) {
        return {Clause::Kind::Filter, Xapian::Query(exact)};
      }
    }
    // A field written in part ("ministere:economie"): all of its words.
    std::vector<std::string> words;
    for (const auto& token : analyzer_.analyze(value)) {
      if (!token.stopword) words.push_back(token.term);
    }
    if (words.empty()) {
      throw QueryError("'" + std::string(value) + "' has no word to search for in " + std::string(field.name) + ":",
                       lexeme.text_begin);
    }
    if (field.kind == index::FieldKind::Names) return {Clause::Kind::Filter, names_with_words(field, words)};
    std::vector<Xapian::Query> terms;
    for (const std::string& word : words) terms.emplace_back(std::string(field.text_prefix) + word);
    return {Clause::Kind::Filter, and_of(std::move(terms))};
  }

  // The names of a Names field holding every one of `words` (analysed terms): the
  // OR of their exact terms, looked up among the field's indexed values (a few
  // thousand people) by analysing each as the query was.
  Xapian::Query names_with_words(const index::Field& field, const std::vector<std::string>& words) const {
    const std::string prefix(field.exact_prefix);
    std::vector<Xapian::Query> names;
    for (auto term = db_.allterms_begin(prefix); term != db_.allterms_end(prefix); ++term) {
      const std::string name = *term;
      const auto tokens = analyzer_.analyze(std::string_view(name).substr(prefix.size()));
      const bool holds_all = std::all_of(words.begin(), words.end(), [&tokens](const std::string& word) {
        return std::any_of(tokens.begin(), tokens.end(), [&word](const analysis::Token& t) { return t.term == word; });
      });
      if (holds_all) names.emplace_back(name);
    }
    if (names.empty()) return Xapian::Query::MatchNothing;
    return or_of(std::move(names));
  }

  // Documents tagged with a territory named among the free-text words rank higher
  // ("fermeture usine vienne"): the territory's exact name term, weighted by the
  // territory field's boost, without widening what the words match.
  Xapian::Query with_territory_boost(Xapian::Query scored) const {
    if (scored.empty()) return scored;
    std::vector<std::vector<std::string_view>> runs(1);  // consecutive free-text words and phrases
    for (const Lexeme& lexeme : lexemes_) {
      if (lexeme.kind == Lex::Word || lexeme.kind == Lex::Phrase) {
        runs.back().push_back(lexeme.text);
      } else if (!runs.back().empty()) {
        runs.emplace_back();
      }
    }
    const std::vector<std::string> terms = named_territory_terms(runs, analyzer_);
    if (terms.empty()) return scored;
    return Xapian::Query(
        Xapian::Query::OP_AND_MAYBE, scored,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                      field_boost(index::field("territoire"))));
  }

  // A title made of the query's words is the strongest evidence of the document
  // sought ("soins palliatifs", the question titled "Soins palliatifs"), but BM25
  // weighs the title's words by the length of the whole document, so that the
  // title of a long séance transcript counts less than the same words in a short
  // written question. The coverage weighs the title as a field of its own: each
  // query word in a document's title adds weight × (1/|title| + 1/|query|), where
  // |title| is the number of distinct words of its title (stored at index time,
  // index::kTitleInverseLengthSlot) and |query| that of the query's positive
  // words. It widens nothing: the words' own query decides what matches. Only
  // Xapian's stock posting sources, so that remote shards evaluate it too. A
  // custom boost of the title scales it as it scales the title's words
  // (titre=0 turns it off).
  Xapian::Query with_title_coverage(Xapian::Query scored) const {
    const index::Field& title = index::field(index::kTitleField);
    const double weight = options_.title_coverage * (title.boost > 0 ? field_boost(title) / title.boost : 1.0);
    if (scored.empty() || weight <= 0 || highlight_terms_.empty()) return scored;
    const std::string_view prefix = title.text_prefix;
    const double per_query_word = weight / static_cast<double>(highlight_terms_.size());
    std::vector<Xapian::Query> words;
    for (const std::string& term : highlight_terms_) {
      const std::array<Xapian::Query, 3> parts{
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(std::string(prefix) + term), 0.0),
          Xapian::Query(
              Xapian::Query::OP_SCALE_WEIGHT,
              Xapian::Query((new Xapian::ValueWeightPostingSource(index::kTitleInverseLengthSlot))->release()), weight),
          Xapian::Query((new Xapian::FixedWeightPostingSource(per_query_word))->release())};
      words.emplace_back(Xapian::Query::OP_AND, parts.begin(), parts.end());
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, scored, or_of(std::move(words)));
  }

  std::string_view query_;
  const std::vector<Lexeme>& lexemes_;
  const analysis::FrenchAnalyzer& analyzer_;
  const Xapian::Database& db_;
  const QueryOptions& options_;
  std::optional<PairsIndexed> pairs_indexed_;
  std::vector<std::string> highlight_terms_;
  std::set<std::string> highlighted_;
  std::vector<std::string> words_;
  bool has_phrase_ = false;  // body_phrase was used
};

}  // namespace

Xapian::Query ParsedQuery::combined() const {
  if (filter.empty()) return scored;
  if (scored.empty()) return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0);
  return Xapian::Query(Xapian::Query::OP_FILTER, scored, filter);
}

QueryParser::QueryParser(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db, QueryOptions options)
    : analyzer_(analyzer), db_(db), options_(std::move(options)) {}

ParsedQuery QueryParser::parse(std::string_view query) const {
  const QuerySyntax syntax = parse_query_syntax(query, analyzer_, {options_.max_query_bytes, options_.max_depth});
  return Lowering(syntax, analyzer_, db_, options_).lower(syntax.root);
}

}  // namespace hemicycle::search
