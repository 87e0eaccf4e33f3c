#include "index/document_builder.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "index/schema.h"
#include "index/stored_record.h"

namespace hemicycle::index {
namespace {

// Words worth offering as spelling corrections: letters only, 4 bytes or more.
bool spelling_candidate(std::string_view word) {
  if (word.size() < 4 || word.size() > 40) return false;
  for (unsigned char c : word) {
    if (c < 0x80 && !std::isalpha(c) && c != '-') return false;
  }
  return true;
}

// A territory's code and those of the territories containing it, so that
// territoire:normandie finds a document about Caen.
void add_territory_codes(const document::Record& record, Xapian::Document& doc) {
  for (const auto& territory : record.territoires) {
    if (!territory.code.empty()) doc.add_boolean_term(territory_code_term(territory.level, territory.code));
  }
  for (const auto& containing : containing_territories(record)) {
    doc.add_boolean_term(territory_code_term(containing.level, containing.code));
  }
}

// Slot values are shown as written, but one entity spelled with both
// apostrophes ("l'agriculture", "l’agriculture") must count once in a facet.
std::string shown_value(std::string_view value) {
  std::string shown;
  shown.reserve(value.size());
  for (std::size_t at = 0; at < value.size(); ++at) {
    if (value.substr(at, 3) == "\u2019") {
      shown += '\'';
      at += 2;
    } else {
      shown += value[at];
    }
  }
  return shown;
}

}  // namespace

// The same 1,600 or so names sign the corpus's 75,000 amendments, 25 each on
// average: each building thread folds a name and counts its words once instead
// of analysing every name of every amendment again.
const DocumentBuilder::NameTerm& DocumentBuilder::name_term(const Field& field, const std::string& name) const {
  thread_local std::unordered_map<std::string, NameTerm> terms;
  thread_local std::string made_with;  // the analyzer's signature and the field decide a name's term
  thread_local const Field* made_for = nullptr;
  if (made_with != analyzer_signature_ || made_for != &field) {
    terms.clear();
    made_with = analyzer_signature_;
    made_for = &field;
  }
  if (const auto found = terms.find(name); found != terms.end()) return found->second;
  NameTerm made{exact_term(analyzer_, field, name), 0};
  for (const auto& token : analyzer_.analyze(name)) made.words += token.stopword || token.term.empty() ? 0 : 1;
  if (terms.size() >= (std::size_t{1} << 16)) terms.clear();  // a bound for unusual inputs
  return terms.emplace(name, std::move(made)).first->second;
}

BuiltDocument DocumentBuilder::build(const document::Record& record, bool with_spelling, bool with_pairs) const {
  BuiltDocument built;
  Xapian::Document& doc = built.document;
  doc.add_value(kRecordSlot, encode_stored_record(to_json(record)));
  built.id_term = std::string(kIdPrefix) + record.id;
  built.legislature = record.legislature;
  doc.add_boolean_term(built.id_term);
  if (with_pairs) doc.add_boolean_term(pairs_indexed_term());
  built.amendment_key_term = amendment_key_term(record);
  if (!built.amendment_key_term.empty()) {
    doc.add_boolean_term(built.amendment_key_term);
    built.exported_amendment = record.id.starts_with(kExportedAmendmentIdPrefix);
  }

  // Free text, unprefixed and positional. Stopwords get no posting, but keep
  // their positions, so that a phrase matches its other words at the same distance.
  // The words of what the record asks are counted on the way (kAskedTermsSlot).
  std::vector<std::string_view> surfaces;
  const std::vector<std::string_view> asked = asked_texts(record);
  std::set<std::string> author_terms;
  for (const auto& token : analyzer_.analyze(record.auteur)) author_terms.insert(token.term);
  // The terms of what is asked, as views of their tokens, kept until counted.
  std::vector<std::vector<analysis::Token>> kept_tokens;
  std::vector<std::string_view> asked_terms;
  std::vector<TextLayout> layout;
  Xapian::termpos base = 0;
  for (const auto& [key, text] : keyed_body_texts(record)) {
    const bool is_asked = std::any_of(asked.begin(), asked.end(), [text](std::string_view a) {
      return a.data() == text.data() && a.size() == text.size();
    });
    std::vector<analysis::Token> tokens = analyzer_.analyze(text);
    TextLayout& where =
        layout.emplace_back(TextLayout{std::string(key), base, static_cast<std::uint32_t>(tokens.size()), {}});
    for (std::size_t i = kCheckpointTokens; i < tokens.size(); i += kCheckpointTokens) {
      where.checkpoints.push_back(static_cast<std::uint32_t>(tokens[i].begin));
    }
    Xapian::termpos last = 0;
    const std::string* previous = nullptr;  // the text's last pair word, for its pair with the next word
    std::size_t previous_place = 0;         // its pair_word_place
    Xapian::termpos previous_position = 0;
    for (const auto& token : tokens) {
      if (token.term.empty() || token.term.size() > kMaxTermBytes) continue;
      last = token.position + 1;
      if (token.stopword) continue;
      doc.add_posting(token.term, base + token.position + 1);
      if (with_pairs) {
        const std::optional<std::size_t> place = pair_word_place(token.term);
        if (place && previous != nullptr && is_frequent_pair(previous_place, *place)) {
          std::string pair = pair_term(*previous, token.term, token.position - previous_position);
          if (!pair.empty()) doc.add_boolean_term(pair);
        }
        previous = place ? &token.term : nullptr;
        previous_place = place.value_or(0);
        previous_position = token.position;
      }
      if (is_asked && !author_terms.contains(token.term)) asked_terms.push_back(token.term);
      if (with_spelling) {
        const std::string_view surface = text.substr(token.begin, token.end - token.begin);
        if (spelling_candidate(surface)) surfaces.push_back(surface);
      }
    }
    base += last + kTextGap;
    if (is_asked) kept_tokens.push_back(std::move(tokens));
  }
  std::sort(surfaces.begin(), surfaces.end());
  surfaces.erase(std::unique(surfaces.begin(), surfaces.end()), surfaces.end());

  // Fields: prefixed words (for boosts and word filters), exact values (filters,
  // facets), territory codes, and the slot values.
  std::set<std::string> title_words;
  for (const Field& field : kFields) {
    if (field.values != nullptr) {
      for (const std::string& value : field.values(record)) {
        // A name's words have no terms of their own but count in the document's length,
        // as the wdf of the name's term, as they did as terms (layout 10): BM25 normalises
        // by that length, and the ranking was evaluated with it.
        if (field.kind == FieldKind::Names) {
          if (!field.exact_prefix.empty()) {
            const NameTerm& name = name_term(field, value);
            doc.add_term(name.term, name.words);
          }
          continue;
        }
        if (field.kind == FieldKind::Text || field.kind == FieldKind::Territory) {
          for (const auto& token : analyzer_.analyze(value)) {
            if (token.stopword || token.term.empty()) continue;
            std::string term(field.text_prefix);
            term += token.term;
            if (term.size() > kMaxTermBytes) continue;
            if (field.name == kTitleField) title_words.insert(term);
            doc.add_term(term);
          }
        }
        // A field without exact prefix (the title) is matched by its words only: its
        // whole value as an unprefixed term would be a word for wildcards to find.
        // Exact values are filters: no wdf, so that they do not count in the length.
        if (!field.exact_prefix.empty()) doc.add_term(exact_term(analyzer_, field, value), 0);
      }
    }
    if (field.kind == FieldKind::Territory) add_territory_codes(record, doc);
    // A date in its own slot (ranges, sorting); the faceted values only together, below.
    if (field.kind == FieldKind::Date && field.slot && field.slot_value != nullptr) {
      if (std::string date = field.slot_value(record); !date.empty()) doc.add_value(*field.slot, date);
    }
  }

  // Every document has the slot, even with no faceted value, so that a search
  // knows from its frequency whether all the documents have it.
  std::vector<std::string> facet_values;
  for (const Field& field : kFields) {
    if (field.facet != Facet::None) facet_values.push_back(shown_value(field.slot_value(record)));
  }
  doc.add_value(kFacetValuesSlot, encode_facet_values(facet_values));

  if (!title_words.empty()) {
    doc.add_value(kTitleInverseLengthSlot, Xapian::sortable_serialise(1.0 / static_cast<double>(title_words.size())));
  }

  if (!layout.empty()) doc.add_value(kTextLayoutSlot, encode_text_layout(layout));
  if (!asked_terms.empty()) {
    std::sort(asked_terms.begin(), asked_terms.end());
    TermFrequencies asked_frequencies;
    for (const std::string_view term : asked_terms) {
      if (asked_frequencies.empty() || asked_frequencies.back().first != term) asked_frequencies.emplace_back(term, 0);
      ++asked_frequencies.back().second;
    }
    doc.add_value(kAskedTermsSlot, encode_term_frequencies(asked_frequencies));
  }

  built.spelling_words.reserve(surfaces.size());
  for (std::string_view surface : surfaces) built.spelling_words.push_back(analyzer_.spelling_form(surface));
  return built;
}

}  // namespace hemicycle::index
