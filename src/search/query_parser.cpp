#include "search/query_parser.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "document/gazetteer.h"
#include "errors.h"
#include "index/document_builder.h"
#include "index/schema.h"

namespace hemicycle::search {
namespace {

// The Text fields whose matches raise a word's weight (the others are filters only).
constexpr std::array<std::string_view, 4> kRankedFields{"titre", "rubrique", "ministere", "territoire"};

// Date fields: not in index::kFields because they are value ranges, not terms.
struct DateField {
  std::string_view name;
  Xapian::valueno slot;
};
constexpr std::array<DateField, 2> kDateFields{{{"date", index::slot::kDate}, {"reponse", index::slot::kAnswerDate}}};

std::string known_field_names() {
  std::string names;
  for (const auto& field : index::kFields) names.append(names.empty() ? "" : ", ").append(field.name);
  for (const auto& field : kDateFields) names.append(", ").append(field.name);
  return names;
}

bool is_query_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Opening quotation marks and the marks that close them.
struct QuoteMark {
  std::string_view open;
  std::array<std::string_view, 2> close;
};
constexpr std::array<QuoteMark, 3> kQuoteMarks{{
    {"\"", {"\"", "\""}},
    {"\xC2\xAB", {"\xC2\xBB", "\xC2\xBB"}},    // « »
    {"\xE2\x80\x9C", {"\xE2\x80\x9D", "\""}},  // “ ” (or a straight closing quote)
}};

const QuoteMark* quote_at(std::string_view query, std::size_t at) {
  for (const auto& mark : kQuoteMarks) {
    if (query.substr(at).starts_with(mark.open)) return &mark;
  }
  return nullptr;
}

// Rejects what the analyzer would silently turn into spaces, so that the user sees the problem.
void check_characters(std::string_view query) {
  std::size_t at = 0;
  while (at < query.size()) {
    const std::size_t start = at;
    UChar32 c = 0;
    U8_NEXT(query.data(), at, query.size(), c);
    if (c < 0) throw QueryError("invalid UTF-8 at byte " + std::to_string(start), start);
    const bool control = (c < 0x20 && !is_query_space(static_cast<char>(c))) || (c >= 0x7F && c <= 0x9F);
    if (control) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
      throw QueryError(std::string("control character ") + code + " at byte " + std::to_string(start), start);
    }
  }
}

enum class Lex { Word, Phrase, Field, Or, And, Not, Minus, Open, Close, End };

struct Lexeme {
  Lexeme(Lex kind_, std::size_t begin_, std::size_t end_, std::string_view text_ = {}, std::size_t text_begin_ = 0,
         std::string field_ = {})
      : kind(kind_), begin(begin_), end(end_), text(text_), text_begin(text_begin_), field(std::move(field_)) {}

  Lex kind = Lex::End;
  std::size_t begin = 0;  // bytes of the whole lexeme in the query
  std::size_t end = 0;
  std::string_view text;       // Word: the word; Phrase and Field: the text (value) without quotes
  std::size_t text_begin = 0;  // offset of `text` in the query
  std::string field;           // Field: the canonical field name ("ministere" for "ministère")
};

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

class Parser {
 public:
  Parser(std::string_view query, const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
         const QueryOptions& options)
      : query_(query), analyzer_(analyzer), db_(db), options_(options), builder_(analyzer) {}

  ParsedQuery parse() {
    lex();
    Conjunction top = parse_and(0, false);
    if (peek().kind == Lex::Close) throw QueryError("unbalanced ')': no '(' before it", peek().begin);

    ParsedQuery parsed;
    parsed.scored = with_territory_boost(top.scored_part());
    parsed.filter = top.boolean_part();
    parsed.highlight_terms = std::move(highlight_terms_);
    parsed.words = std::move(words_);
    return parsed;
  }

 private:
  // ---- Lexing -------------------------------------------------------------------------------

  void lex() {
    std::size_t at = 0;
    while (true) {
      while (at < query_.size() && is_query_space(query_[at])) ++at;
      if (at == query_.size()) break;
      const char c = query_[at];
      if (c == '(' || c == ')') {
        lexemes_.push_back({c == '(' ? Lex::Open : Lex::Close, at, at + 1});
        ++at;
      } else if (const QuoteMark* mark = quote_at(query_, at)) {
        auto [text, text_begin, end] = quoted(*mark, at);
        lexemes_.push_back({Lex::Phrase, at, end, text, text_begin});
        at = end;
      } else if (c == '-' && at + 1 < query_.size() && !is_query_space(query_[at + 1]) && query_[at + 1] != ')') {
        lexemes_.push_back({Lex::Minus, at, at + 1});
        ++at;
      } else {
        at = lex_word(at);
      }
    }
    lexemes_.push_back({Lex::End, query_.size(), query_.size()});
  }

  // The text between the quote opened at `open` and its closing mark.
  std::tuple<std::string_view, std::size_t, std::size_t> quoted(const QuoteMark& mark, std::size_t open) const {
    const std::size_t text_begin = open + mark.open.size();
    std::size_t close = std::string_view::npos;
    std::size_t close_size = 0;
    for (const auto closing : mark.close) {
      const std::size_t found = query_.find(closing, text_begin);
      if (found < close) {
        close = found;
        close_size = closing.size();
      }
    }
    if (close == std::string_view::npos) {
      throw QueryError("unbalanced quote: no closing " + std::string(mark.close.front()) + " for the quote opened here",
                       open);
    }
    return {query_.substr(text_begin, close - text_begin), text_begin, close + close_size};
  }

  std::size_t lex_word(std::size_t begin) {
    std::size_t end = begin;
    while (end < query_.size() && !is_query_space(query_[end]) && query_[end] != '(' && query_[end] != ')' &&
           quote_at(query_, end) == nullptr) {
      ++end;
    }
    const std::string_view word = query_.substr(begin, end - begin);
    if (word == "OR" || word == "AND" || word == "NOT") {
      lexemes_.push_back({word == "OR" ? Lex::Or : word == "AND" ? Lex::And : Lex::Not, begin, end});
      return end;
    }
    const std::size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0 && !word.substr(colon + 1).starts_with("//")) {
      if (std::optional<std::string> field = field_name(word.substr(0, colon), begin)) {
        Lexeme lexeme{Lex::Field, begin, end, word.substr(colon + 1), begin + colon + 1, std::move(*field)};
        if (lexeme.text.empty() && end < query_.size()) {
          if (const QuoteMark* mark = quote_at(query_, end)) {
            auto [text, text_begin, quote_end] = quoted(*mark, end);
            lexeme.text = text;
            lexeme.text_begin = text_begin;
            lexeme.end = quote_end;
          }
        }
        if (trimmed(lexeme.text).empty()) {
          throw QueryError("missing value after '" + std::string(word.substr(0, colon + 1)) + "'", lexeme.text_begin);
        }
        const std::size_t next = lexeme.end;
        lexemes_.push_back(std::move(lexeme));
        return next;
      }
    }
    lexemes_.push_back({Lex::Word, begin, end, word, begin});
    return end;
  }

  static std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_query_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_query_space(text.back())) text.remove_suffix(1);
    return text;
  }

  // The canonical field name when `name` (before a colon) names a field; nothing when it does
  // not look like one; an error when it looks like one (letters only) but is unknown.
  std::optional<std::string> field_name(std::string_view name, std::size_t offset) const {
    if (!std::all_of(name.begin(), name.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80 || is_ascii_letter(c); })) {
      return std::nullopt;
    }
    std::string folded = analyzer_.fold(name);
    if (folded.empty() || !std::all_of(folded.begin(), folded.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      return std::nullopt;
    }
    const bool known = index::find_field(folded) != nullptr ||
                       std::any_of(kDateFields.begin(), kDateFields.end(),
                                   [&](const DateField& field) { return field.name == folded; });
    if (!known) {
      throw QueryError("unknown field '" + std::string(name) + "' (known: " + known_field_names() + ")", offset);
    }
    return folded;
  }

  // ---- Parsing ------------------------------------------------------------------------------

  [[nodiscard]] const Lexeme& peek() const { return lexemes_[next_]; }
  const Lexeme& take() { return lexemes_[next_++]; }

  [[nodiscard]] bool starts_operand(Lex kind) const {
    return kind != Lex::End && kind != Lex::Close && kind != Lex::Or && kind != Lex::And;
  }

  // AND of its operands, implicit or explicit. `negative`: inside an odd number of negations
  // (its words are not highlighted).
  Conjunction parse_and(std::size_t depth, bool negative) {
    Conjunction conjunction;
    std::vector<std::size_t> run;  // consecutive plain words, analysed together
    bool has_operand = false;
    while (peek().kind != Lex::End && peek().kind != Lex::Close) {
      if (peek().kind == Lex::And || peek().kind == Lex::Or) {
        const Lexeme& op = take();
        if (!has_operand || !starts_operand(peek().kind)) {
          throw QueryError("'" + std::string(query_.substr(op.begin, op.end - op.begin)) +
                               "' needs something to search on each side",
                           op.begin);
        }
        continue;
      }
      Clause clause = parse_or(depth, negative);
      has_operand = true;
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

  Clause parse_or(std::size_t depth, bool negative) {
    Clause first = parse_unary(depth, negative);
    if (peek().kind != Lex::Or) return first;
    std::vector<Clause> operands;
    operands.push_back(resolve(std::move(first), negative));
    while (peek().kind == Lex::Or) {
      const Lexeme& op = take();
      if (!starts_operand(peek().kind)) throw QueryError("'OR' needs something to search on each side", op.begin);
      operands.push_back(resolve(parse_unary(depth, negative), negative));
    }
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

  // NOT and '-' in any number, then an operand.
  Clause parse_unary(std::size_t depth, bool negative) {
    bool negated = false;
    while (peek().kind == Lex::Not || peek().kind == Lex::Minus) {
      const Lexeme& op = take();
      negated = !negated;
      if (!starts_operand(peek().kind)) {
        throw QueryError(
            std::string(op.kind == Lex::Not ? "'NOT'" : "'-'") + " must be followed by something to exclude", op.begin);
      }
    }
    Clause clause = parse_primary(depth, negative != negated);
    clause.negated = negated;
    return clause;
  }

  Clause parse_primary(std::size_t depth, bool negative) {
    const Lexeme& lexeme = take();
    switch (lexeme.kind) {
      case Lex::Open: {
        if (depth >= options_.max_depth) {
          throw QueryError("parentheses nested more than " + std::to_string(options_.max_depth) + " deep",
                           lexeme.begin);
        }
        Conjunction group = parse_and(depth + 1, negative);
        if (peek().kind != Lex::Close) throw QueryError("unbalanced '(': no ')' after it", lexeme.begin);
        take();
        return group.as_clause();
      }
      case Lex::Word:
        if (lexeme.text.ends_with('*')) return wildcard(lexeme, negative);
        return {Clause::Kind::Word, {}, false, next_ - 1};
      case Lex::Phrase:
        return phrase(lexeme, negative);
      case Lex::Field:
        return field_filter(lexeme);
      default:  // excluded by starts_operand before every call
        throw QueryError("unexpected '" + std::string(query_.substr(lexeme.begin, lexeme.end - lexeme.begin)) + "'",
                         lexeme.begin);
    }
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
    std::size_t first = terms.size();
    std::size_t last = 0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (stopwords[i]) continue;
      kept.push_back(terms[i]);
      first = std::min(first, i);
      last = i;
    }
    if (kept.empty()) return {};
    std::vector<Xapian::Query> places;
    places.push_back(kept.size() == 1 ? Xapian::Query(kept.front())
                                      : Xapian::Query(Xapian::Query::OP_PHRASE, kept.begin(), kept.end(),
                                                      static_cast<Xapian::termcount>(last - first + 1)));
    for (const std::string_view name : kRankedFields) {
      const index::Field* field = index::find_field(name);
      const double boost = field_boost(*field);
      if (boost <= 0) continue;
      std::vector<Xapian::Query> field_terms;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        if (!stopwords[i]) field_terms.emplace_back(std::string(field->text_prefix) + terms[i]);
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
    for (const auto& date_field : kDateFields) {
      if (date_field.name == lexeme.field) return {Clause::Kind::Filter, date_range(lexeme, date_field.slot)};
    }
    const index::Field& field = *index::find_field(lexeme.field);
    const std::string_view value = trimmed(lexeme.text);
    if (field.name == "territoire") {
      if (auto filter = territory_filter(value)) return {Clause::Kind::Filter, *filter};
    }
    if (!field.exact_prefix.empty()) {
      std::string exact = builder_.exact_term(field.exact_prefix, value);
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
    // A Text field written in part ("ministere:economie"): all of its words.
    std::vector<Xapian::Query> terms;
    for (const auto& token : analyzer_.analyze(value)) {
      if (!token.stopword) terms.emplace_back(std::string(field.text_prefix) + token.term);
    }
    if (terms.empty()) {
      throw QueryError("'" + std::string(value) + "' has no word to search for in " + std::string(field.name) + ":",
                       lexeme.text_begin);
    }
    return {Clause::Kind::Filter, and_of(std::move(terms))};
  }

  // Documents tagged with a territory named among the free-text words rank higher
  // ("fermeture usine vienne"): the territory's exact name term, weighted by the
  // "territoire" boost, without widening what the words match.
  Xapian::Query with_territory_boost(Xapian::Query scored) const {
    if (scored.empty()) return scored;
    std::vector<std::string> terms;
    std::vector<std::string> run;  // folded words of consecutive free-text words and phrases
    for (const Lexeme& lexeme : lexemes_) {
      if (lexeme.kind == Lex::Word || lexeme.kind == Lex::Phrase) {
        const std::string key = document::territory_name_key(lexeme.text);
        for (std::size_t at = 0; at < key.size();) {
          const std::size_t space = std::min(key.find(' ', at), key.size());
          run.push_back(key.substr(at, space - at));
          at = space + 1;
        }
        continue;
      }
      add_territory_terms(run, terms);
      run.clear();
    }
    if (terms.empty()) return scored;
    const double boost = field_boost(*index::find_field("territoire"));
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, scored,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, or_of_terms(terms), boost));
  }

  // The exact name terms of the territories named in `words`, longest names first.
  void add_territory_terms(const std::vector<std::string>& words, std::vector<std::string>& terms) const {
    constexpr std::size_t kLongestName = 6;
    const auto& gazetteer = document::Gazetteer::embedded();
    for (std::size_t i = 0; i < words.size();) {
      std::size_t matched = 0;
      for (std::size_t n = std::min(kLongestName, words.size() - i); n > 0 && matched == 0; --n) {
        std::string key;
        for (std::size_t k = i; k < i + n; ++k) key.append(k > i ? " " : "").append(words[k]);
        for (const document::GazetteerEntry* entry : gazetteer.named(key)) {
          // A small commune named like a word ("plan", "orange") is not worth a boost.
          if (entry->level == document::TerritoryLevel::Commune && entry->population < 20000) continue;
          std::string term = builder_.exact_term(index::find_field("territoire")->exact_prefix, entry->name);
          if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
          matched = n;
        }
      }
      i += matched > 0 ? matched : 1;
    }
  }

  static Xapian::Query or_of_terms(const std::vector<std::string>& terms) {
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  // A territory code or name: its code term, which documents in any territory
  // it contains carry too (territoire:normandie, territoire:"pas de calais").
  std::optional<Xapian::Query> territory_filter(std::string_view value) const {
    if (auto code = territory_code(value)) return Xapian::Query(*code);
    const auto& gazetteer = document::Gazetteer::embedded();
    const auto named = gazetteer.named(document::territory_name_key(value));
    if (named.empty()) return std::nullopt;
    // The largest level of that name: the département Vienne, not the commune in Isère.
    std::vector<std::string> terms;
    for (const document::GazetteerEntry* entry : named) {
      if (entry->level != named.front()->level) continue;
      terms.push_back(index::territory_code_term(document::level_name(entry->level), entry->code));
    }
    return or_of_terms(terms);
  }

  // A département code ("86", "2A", "971"), else a région code ("75"), when such a term
  // exists; an INSEE commune code ("62765"); an EPCI SIREN ("200069037").
  std::optional<std::string> territory_code(std::string_view value) const {
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
    if (db_.term_exists(departement)) return departement;
    const std::string region = index::territory_code_term("region", code);
    if (db_.term_exists(region)) return region;
    return departement;
  }

  // date:A..B, date:A.., date:..B, date:A where A and B are YYYY, YYYY-MM or YYYY-MM-DD.
  Xapian::Query date_range(const Lexeme& lexeme, Xapian::valueno slot) const {
    const std::string_view value = lexeme.text;
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos) {
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, date_bound(value, lexeme.text_begin, false),
                           date_bound(value, lexeme.text_begin, true));
    }
    const std::string_view low = value.substr(0, dots);
    const std::string_view high = value.substr(dots + 2);
    if (low.empty() && high.empty()) {
      throw QueryError("a date range needs a date on at least one side of '..'", lexeme.text_begin);
    }
    if (low.empty())
      return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, date_bound(high, lexeme.text_begin + dots + 2, true));
    const std::string from = date_bound(low, lexeme.text_begin, false);
    if (high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from);
    const std::string to = date_bound(high, lexeme.text_begin + dots + 2, true);
    if (to < from)
      throw QueryError("the date range '" + std::string(value) + "' ends before it starts", lexeme.text_begin);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, from, to);
  }

  // "2023" -> "20230101" (or "20231231" for the end of a range); "2023-05" -> "20230501" ("20230531").
  static std::string date_bound(std::string_view date, std::size_t offset, bool end_of_period) {
    const auto fail = [&]() -> std::string {
      throw QueryError("bad date '" + std::string(date) + "': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B",
                       offset);
    };
    const auto number = [&](std::size_t at, std::size_t length) {
      int n = 0;
      for (std::size_t i = at; i < at + length; ++i) {
        if (date[i] < '0' || date[i] > '9') fail();
        n = n * 10 + (date[i] - '0');
      }
      return n;
    };
    if (date.size() != 4 && date.size() != 7 && date.size() != 10) return fail();
    const int year = number(0, 4);
    int month = end_of_period ? 12 : 1;
    if (date.size() >= 7) {
      if (date[4] != '-') return fail();
      month = number(5, 2);
      if (month < 1 || month > 12) return fail();
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    int day = end_of_period ? days : 1;
    if (date.size() == 10) {
      if (date[7] != '-') return fail();
      day = number(8, 2);
      if (day < 1 || day > days) return fail();
    }
    char value[16];
    std::snprintf(value, sizeof value, "%04d%02d%02d", year, month, day);
    return value;
  }

  std::string_view query_;
  const analysis::FrenchAnalyzer& analyzer_;
  const Xapian::Database& db_;
  const QueryOptions& options_;
  index::DocumentBuilder builder_;
  std::vector<Lexeme> lexemes_;
  std::size_t next_ = 0;
  std::vector<std::string> highlight_terms_;
  std::set<std::string> highlighted_;
  std::vector<std::string> words_;
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
  if (query.size() > options_.max_query_bytes) {
    throw QueryError("the query is too long (" + std::to_string(query.size()) + " bytes; at most " +
                         std::to_string(options_.max_query_bytes) + ")",
                     options_.max_query_bytes);
  }
  check_characters(query);
  return Parser(query, analyzer_, db_, options_).parse();
}

}  // namespace hemicycle::search
