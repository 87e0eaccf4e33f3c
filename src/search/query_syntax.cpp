#include "search/query_syntax.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <tuple>

#include "errors.h"
#include "index/schema.h"

namespace hemicycle::search {
namespace {

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

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_query_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_query_space(text.back())) text.remove_suffix(1);
  return text;
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

class Lexer {
 public:
  Lexer(std::string_view query, const analysis::FrenchAnalyzer& analyzer) : query_(query), analyzer_(analyzer) {}

  std::vector<Lexeme> lex() {
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
    return std::move(lexemes_);
  }

 private:
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
    if (index::find_field(folded) != nullptr) return folded;
    // A facet's name filters as its field does: "departement" and "region" are territoire:.
    for (const index::FacetDescription& facet : index::facets()) {
      if (facet.name == folded) return std::string(facet.field);
    }
    throw QueryError("unknown field '" + std::string(name) + "' (known: " + index::field_names() + ")", offset);
  }

  std::string_view query_;
  const analysis::FrenchAnalyzer& analyzer_;
  std::vector<Lexeme> lexemes_;
};

class Parser {
 public:
  Parser(std::string_view query, const std::vector<Lexeme>& lexemes, std::size_t max_depth)
      : query_(query), lexemes_(lexemes), max_depth_(max_depth) {}

  SyntaxNode parse() {
    SyntaxNode root = parse_and(0);
    if (peek().kind == Lex::Close) throw QueryError("unbalanced ')': no '(' before it", peek().begin);
    return root;
  }

 private:
  [[nodiscard]] const Lexeme& peek() const { return lexemes_[next_]; }
  const Lexeme& take() { return lexemes_[next_++]; }

  [[nodiscard]] static bool starts_operand(Lex kind) {
    return kind != Lex::End && kind != Lex::Close && kind != Lex::Or && kind != Lex::And;
  }

  // AND of its operands, implicit or explicit.
  SyntaxNode parse_and(std::size_t depth) {
    SyntaxNode all{SyntaxNode::Kind::All, false, 0, {}};
    while (peek().kind != Lex::End && peek().kind != Lex::Close) {
      if (peek().kind == Lex::And || peek().kind == Lex::Or) {
        const Lexeme& op = take();
        if (all.children.empty() || !starts_operand(peek().kind)) {
          throw QueryError("'" + std::string(query_.substr(op.begin, op.end - op.begin)) +
                               "' needs something to search on each side",
                           op.begin);
        }
        continue;
      }
      all.children.push_back(parse_or(depth));
    }
    return all;
  }

  SyntaxNode parse_or(std::size_t depth) {
    SyntaxNode first = parse_unary(depth);
    if (peek().kind != Lex::Or) return first;
    SyntaxNode any{SyntaxNode::Kind::Any, false, 0, {}};
    any.lexeme = next_;
    any.children.push_back(std::move(first));
    while (peek().kind == Lex::Or) {
      const Lexeme& op = take();
      if (!starts_operand(peek().kind)) throw QueryError("'OR' needs something to search on each side", op.begin);
      any.children.push_back(parse_unary(depth));
    }
    return any;
  }

  // NOT and '-' in any number, then an operand.
  SyntaxNode parse_unary(std::size_t depth) {
    bool negated = false;
    while (peek().kind == Lex::Not || peek().kind == Lex::Minus) {
      const Lexeme& op = take();
      negated = !negated;
      if (!starts_operand(peek().kind)) {
        throw QueryError(
            std::string(op.kind == Lex::Not ? "'NOT'" : "'-'") + " must be followed by something to exclude", op.begin);
      }
    }
    SyntaxNode node = parse_primary(depth);
    node.negated = negated;
    return node;
  }

  SyntaxNode parse_primary(std::size_t depth) {
    const std::size_t index = next_;
    const Lexeme& lexeme = take();
    switch (lexeme.kind) {
      case Lex::Open: {
        if (depth >= max_depth_) {
          throw QueryError("parentheses nested more than " + std::to_string(max_depth_) + " deep", lexeme.begin);
        }
        SyntaxNode group = parse_and(depth + 1);
        if (peek().kind != Lex::Close) throw QueryError("unbalanced '(': no ')' after it", lexeme.begin);
        take();
        group.lexeme = index;
        return group;
      }
      case Lex::Word:
        return {lexeme.text.ends_with('*') ? SyntaxNode::Kind::Wildcard : SyntaxNode::Kind::Word, false, index, {}};
      case Lex::Phrase:
        return {SyntaxNode::Kind::Phrase, false, index, {}};
      case Lex::Field:
        return {SyntaxNode::Kind::Field, false, index, {}};
      default:  // excluded by starts_operand before every call
        throw QueryError("unexpected '" + std::string(query_.substr(lexeme.begin, lexeme.end - lexeme.begin)) + "'",
                         lexeme.begin);
    }
  }

  std::string_view query_;
  const std::vector<Lexeme>& lexemes_;
  std::size_t max_depth_;
  std::size_t next_ = 0;
};

}  // namespace

QuerySyntax parse_query_syntax(std::string_view query, const analysis::FrenchAnalyzer& analyzer,
                               const SyntaxLimits& limits) {
  if (query.size() > limits.max_query_bytes) {
    throw QueryError("the query is too long (" + std::to_string(query.size()) + " bytes; at most " +
                         std::to_string(limits.max_query_bytes) + ")",
                     limits.max_query_bytes);
  }
  check_characters(query);
  QuerySyntax syntax;
  syntax.query = query;
  syntax.lexemes = Lexer(query, analyzer).lex();
  syntax.root = Parser(query, syntax.lexemes, limits.max_depth).parse();
  return syntax;
}

}  // namespace hemicycle::search
