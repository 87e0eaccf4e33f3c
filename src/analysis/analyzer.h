#pragma once
// The French analyzer: one instance, one configuration, used by the indexer,
// the query tool and the server alike, so that a word is indexed and searched
// the same way.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/token.h"

namespace hemicycle::analysis {

struct AnalyzerOptions {
  bool stem = true;  // Snowball French (plus the project's post-stemming rules)
};

class FrenchAnalyzer final {
 public:
  explicit FrenchAnalyzer(AnalyzerOptions options = {});
  ~FrenchAnalyzer();
  FrenchAnalyzer(const FrenchAnalyzer&) = delete;
  FrenchAnalyzer& operator=(const FrenchAnalyzer&) = delete;

  // All the words of `text`, in order, stopwords included (flagged), with
  // byte offsets into `text`. Invalid UTF-8 is replaced, never fatal.
  // Thread-safe: may be called from several threads at once.
  [[nodiscard]] std::vector<Token> analyze(std::string_view text) const;

  // As analyze, for finding `terms` in a text (extracts): only the words that may
  // stem to one of them are stemmed, the others keep their folded form as term,
  // which is none of `terms`. A French stem keeps the first two letters of its
  // word (Snowball's regions start after them; shorter words are not stemmed), so
  // a word may stem to a term only if it starts with the term's first two bytes.
  [[nodiscard]] std::vector<Token> analyze_for(std::string_view text, const std::vector<std::string>& terms) const;

  // The key of a filter value: NFKC, case and accent folding, ligatures
  // expanded, apostrophes unified, runs of separators (spaces, hyphens,
  // punctuation) collapsed to one space; no stemming.
  // "Pas-de-Calais" -> "pas de calais", "Économie, finances" -> "economie finances".
  [[nodiscard]] std::string fold(std::string_view text) const;

  // The term of a single word as the analyzer would index it ("Députées" -> its stem).
  // Text of several words gives their terms separated by spaces ("Saint-Omer" -> "saint omer").
  [[nodiscard]] std::string term(std::string_view word) const;

  // `term` may be a token's term or any spelling of a word ("MÊME", "meme").
  [[nodiscard]] bool is_stopword(std::string_view term) const;

  // A word as the spelling table keeps it: lower-cased, accents kept, so that a
  // suggestion reads as a word ("désindustrialisation"). The indexer feeds the
  // table and the searcher asks it with this same form.
  [[nodiscard]] std::string spelling_form(std::string_view word) const;

  // Names the analysis (stages and their versions); stored in the index so that
  // a query tool can refuse an index built by an incompatible analyzer.
  [[nodiscard]] std::string signature() const;

  [[nodiscard]] const AnalyzerOptions& options() const noexcept { return options_; }

 private:
  // analyze, or analyze_for when `wanted` is not null.
  [[nodiscard]] std::vector<Token> analyze_only(std::string_view text, const std::vector<std::string>* wanted) const;
  struct Impl;
  AnalyzerOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hemicycle::analysis
