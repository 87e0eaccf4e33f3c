// The pipeline. Each stage lives in its own file; their order is pinned by
// tests/analysis/test_analyzer.cpp:
//
//   sanitize_utf8            invalid bytes -> spaces, offsets unchanged
//   split_words              ICU word boundaries over UTF-8 (byte offsets)
//   join_caret_ordinals      "1^re" -> "1re"
//   join_grouped_numbers     "25 000" -> "25000"
//   join_legal_references    "L. 2242-1" -> "l2242-1"
//   folding (text/fold.h)   NFKC, case, accents, œ/æ, apostrophes
//   elision                  "l'usine" -> "usine", begin moved past "l'"
//   stopwords                flagged, never removed
//   stemming                 stem rules around Snowball French (not for
//                            stopwords, numbers and legal references)
//   positions                one per remaining word, stopwords included
#include "analysis/analyzer.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "analysis/elision_filter.h"
#include "analysis/legal_reference_joiner.h"
#include "analysis/number_joiner.h"
#include "analysis/ordinal_joiner.h"
#include "analysis/stemming.h"
#include "analysis/stopwords.h"
#include "analysis/utf8_sanitizer.h"
#include "analysis/word_splitter.h"
#include "text/fold.h"
#include "text/hash.h"

namespace hemicycle::analysis {

struct FrenchAnalyzer::Impl {
  StopwordSet stopwords{french_stopwords()};
};

FrenchAnalyzer::FrenchAnalyzer(AnalyzerOptions options) : options_(options), impl_(std::make_unique<Impl>()) {}

FrenchAnalyzer::~FrenchAnalyzer() = default;

std::vector<Token> FrenchAnalyzer::analyze(std::string_view original) const { return analyze_only(original, nullptr); }

std::vector<Token> FrenchAnalyzer::analyze_for(std::string_view text, const std::vector<std::string>& terms) const {
  return analyze_only(text, &terms);
}

std::vector<Token> FrenchAnalyzer::analyze_only(std::string_view original,
                                                const std::vector<std::string>* wanted) const {
  std::string sanitized_storage;
  const std::string_view text = sanitize_utf8(original, sanitized_storage);

  std::vector<WordSpan> words = split_words(text);
  join_caret_ordinals(text, words);
  join_grouped_numbers(text, words);
  join_legal_references(text, words);

  std::vector<Token> tokens;
  tokens.reserve(words.size());
  std::string folded;
  for (const WordSpan& word : words) {
    Token token;
    token.begin = word.begin;
    token.end = word.end;
    token.position = static_cast<std::uint32_t>(tokens.size());
    if (word.kind == WordKind::kLegalReference) {
      token.term = word.joined;
      tokens.push_back(std::move(token));
      continue;
    }
    folded.clear();
    text::append_folded(word_text(text, word), folded);
    if (folded.empty()) continue;  // only default ignorables, such as a lone soft hyphen
    if (word.kind == WordKind::kNumber) {
      token.term = folded;
      tokens.push_back(std::move(token));
      continue;
    }
    if (const std::size_t elided = elided_prefix_length(folded); elided != 0 && word.joined.empty()) {
      token.begin += original_prefix_length(text.substr(word.begin, word.end - word.begin));
      folded.erase(0, elided);
    }
    token.stopword = impl_->stopwords.contains(folded);
    const bool may_match = wanted == nullptr || std::any_of(wanted->begin(), wanted->end(), [&](const std::string& t) {
                             return std::string_view(folded).starts_with(std::string_view(t).substr(0, 2));
                           });
    token.term = token.stopword || !options_.stem || !may_match ? folded : stem_folded_word(folded);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::string FrenchAnalyzer::fold(std::string_view original) const {
  std::string sanitized_storage;
  return text::name_key(sanitize_utf8(original, sanitized_storage));
}

std::string FrenchAnalyzer::term(std::string_view word) const {
  std::string terms;
  for (const Token& token : analyze(word)) {
    if (!terms.empty()) terms.push_back(' ');
    terms += token.term;
  }
  return terms;
}

bool FrenchAnalyzer::is_stopword(std::string_view term) const {
  std::string storage;
  const std::string_view text = sanitize_utf8(term, storage);
  return impl_->stopwords.contains(text::fold(text));
}

std::string FrenchAnalyzer::spelling_form(std::string_view word) const {
  // An ASCII word is lower-cased byte by byte, as ICU would: no UTF-16 round trip.
  if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string lower(word);
    for (char& c : lower) c = text::ascii_lower(c);
    return lower;
  }
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())))
      .toLower(icu::Locale::getFrench())
      .toUTF8String(out);
  return out;
}

std::string FrenchAnalyzer::signature() const {
  return "fr-1:utf8-sanitize+icu-words+ordinal-join+number-join+legal-ref-join+nfkc_cf+fold+elision"
         "+stopwords-" +
         text::fnv1a_hex(french_stopwords()) + (options_.stem ? "+stem-rules-2+snowball-french" : "+no-stem");
}

}  // namespace hemicycle::analysis
