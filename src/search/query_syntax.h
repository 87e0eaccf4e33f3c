#pragma once
// The query language's syntax: the query string lexed and parsed into a tree of
// what the user wrote (words, phrases, fields, OR, NOT, groups), before any
// analysis or lookup in the index. query_parser.cpp lowers the tree to a
// Xapian query. Syntax errors are found here, with their byte offsets.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/analyzer.h"

namespace hemicycle::search {

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

struct SyntaxNode {
  enum class Kind {
    All,       // operands joined by AND, implicit or explicit: the whole query, or a ( group )
    Any,       // operands joined by OR (never negated itself: NOT binds tighter)
    Word,      // a plain word
    Wildcard,  // prefix*
    Phrase,    // "quoted words"
    Field,     // name:value
  };
  Kind kind = Kind::All;
  bool negated = false;    // under an odd number of NOT or '-'
  std::size_t lexeme = 0;  // its lexeme (for a group: its '(')
  std::vector<SyntaxNode> children;
};

struct QuerySyntax {
  std::string_view query;
  std::vector<Lexeme> lexemes;  // in query order, ending with Lex::End
  SyntaxNode root;              // Kind::All
};

struct SyntaxLimits {
  std::size_t max_query_bytes = 4096;
  std::size_t max_depth = 32;  // nesting of parentheses
};

// Throws QueryError (with the byte offset of the problem) for an unbalanced quote or
// parenthesis, an operator with nothing to apply to, an unknown field, a missing field
// value, an over-long or over-deep query, a control character or invalid UTF-8.
// `analyzer` folds field names ("Ministère:" is "ministere:").
[[nodiscard]] QuerySyntax parse_query_syntax(std::string_view query, const analysis::FrenchAnalyzer& analyzer,
                                             const SyntaxLimits& limits);

}  // namespace hemicycle::search
