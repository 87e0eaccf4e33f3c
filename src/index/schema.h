#pragma once
// The index schema: one table of fields, the single source of truth for the
// indexer (terms and values), the query language (field filters, ranked
// fields, boosts), facets, precedent search, the server and the command line.
// Adding a field is one row of kFields plus the function that reads its values
// from a Record (schema.cpp).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "document/record.h"

namespace hemicycle::analysis {
class FrenchAnalyzer;
}

namespace hemicycle::index {

// Xapian refuses terms longer than 245 bytes; longer ones are cut to this.
inline constexpr std::size_t kMaxTermBytes = 240;

// Prefix of the unique id term; a document's id term is kIdPrefix + id.
inline constexpr std::string_view kIdPrefix = "Q";

// One amendment read from the exported text (its id made up from the text,
// "AMENDEMENT-L16-T1512-N1370") and from the official open data (its uid) is one
// document: both carry the term kAmendmentKeyPrefix + "16/1512/1370" (législature,
// bill number, amendment number), and the official record replaces the exported
// one, whichever comes first (index_writer.cpp). Empty when a part is unknown.
inline constexpr std::string_view kAmendmentKeyPrefix = "XAMK";
inline constexpr std::string_view kExportedAmendmentIdPrefix = "AMENDEMENT-";
[[nodiscard]] std::string amendment_key_term(const document::Record& record);

// Adjacent words of a body text, for phrases. Each word and the next word of the
// same text (stopwords skipped) at most kMaxPairGap positions on have the term
// pair_term(word, next, distance), with wdf 0, when the two are a frequent pair
// (is_frequent_pair): a phrase of such two words is matched from posting lists
// alone instead of every document's positions of both words, and a longer one has
// its positions read only where all its pairs are (search/query_parser.cpp).
// A phrase is slow to check by positions only when its words are together in many
// documents; the frequent pairs are the pair words (data/phrase_pairs/
// common_words.txt, the words of many documents, as Lucene's and Solr's common
// grams) together in many documents (frequent_pairs.txt): a phrase of other words
// has its positions read in the few documents holding them all, and the pairs of
// other words, most of the pairs of a text, would cost their postings for nothing.
// Every document of an index with pairs has pairs_indexed_term(): a search uses
// the pairs only if all its documents have it, or an older layout's marker: an
// index of layout 11 has the pairs of every two pair words and
// pair_words_indexed_term(), one of layout 10 the pairs of every two words and
// kAllPairsIndexedTerm.
// (Hashing the pairs into 2^18 buckets kept the index smaller, but a bucket
// cannot tell a phrase from a collision: every match had its positions read again,
// and the slowest phrases stayed at 4–5 ms.)
inline constexpr std::string_view kPairPrefix = "XPH";
inline constexpr std::string_view kAllPairsIndexedTerm = "XPAIRS";
inline constexpr Xapian::termpos kMaxPairGap = 4;
// kPairPrefix, the distance as one digit, the word, a space and the next word;
// empty for a distance out of 1..kMaxPairGap or a term longer than kMaxTermBytes
// (no such pair is indexed).
[[nodiscard]] std::string pair_term(std::string_view word, std::string_view next, Xapian::termpos distance);
// Whether `term` (an unprefixed term) is a pair word, and its place among the pair
// words sorted bytewise (pair_words_in_order).
[[nodiscard]] bool is_pair_word(std::string_view term);
[[nodiscard]] std::optional<std::size_t> pair_word_place(std::string_view term);
[[nodiscard]] std::vector<std::string_view> pair_words_in_order();
// Whether the pairs of `word` and `next` (pair words, or their places) are indexed:
// the two are together in many documents (frequent_pairs.txt). Symmetric.
[[nodiscard]] bool is_frequent_pair(std::size_t word, std::size_t next);
[[nodiscard]] bool is_frequent_pair(std::string_view word, std::string_view next);
// "XPAIRF" and a hash of the pair words and their frequent pairs: an index written
// with other lists has other pairs, and its phrases are read from positions.
[[nodiscard]] const std::string& pairs_indexed_term();
// "XPAIRC" and a hash of the pair words: the marker of layout 11, whose indexes
// have the pairs of every two pair words.
[[nodiscard]] const std::string& pair_words_indexed_term();
// The embedded data/phrase_pairs/common_words.txt and frequent_pairs.txt.
[[nodiscard]] std::string_view common_words();
[[nodiscard]] std::string_view frequent_pairs();

enum class FieldKind {
  Text,       // analysed words under `text_prefix`, and folded whole values under `exact_prefix`
  Keyword,    // folded whole values only (filters, facets)
  Names,      // people's names: folded whole values only; a filter of some of a name's words is
              // the OR of the indexed names holding them all (search/query_parser.cpp): the
              // words are matched within one name, and need no posting of their own
  Territory,  // as Text, plus the code terms of each territory and of those containing it;
              // filtered by name or code (search/territory_filter.h)
  Date,       // no terms: a YYYYMMDD value in `slot`, filtered by ranges (search/date_filter.h)
};

enum class Facet {
  None,
  Values,       // the display value in `slot`, one per document, counted as they are
  Territories,  // the territories encoded in `slot` (encode_territories), counted by name as
                // "territoire", and apart for the levels "departement" and "region"
};

// What a field reads from a record: its values as written (not folded) for the
// terms, and the one value kept in its slot (a display value, or YYYYMMDD).
using FieldValues = std::vector<std::string> (*)(const document::Record&);
using SlotValue = std::string (*)(const document::Record&);

struct Field {
  std::string_view name;   // in the query language ("rubrique:"), --boost, facets and the JSON output
  std::string_view label;  // for people, in French ("Ministère"): the page's facet headings
  FieldKind kind;
  std::string_view text_prefix;   // prefix of the analysed words ("" when none)
  std::string_view exact_prefix;  // prefix of the folded whole values ("" when none)
  // Weight of a match of a searched word in this field, in search and in precedent
  // search; 0: matches in the field rank nothing (a filter only). The ranked
  // fields are the ones --boost and boost.<field> may change.
  double boost;
  double precedent_boost;
  // A Date field's value slot (ranges, sorting). A faceted field's value is kept
  // with the others in kFacetValuesSlot; its own slot is where indexes of layout 7
  // and before had it (counted slot by slot), and layouts 8 to 10 had it too.
  std::optional<Xapian::valueno> slot;
  Facet facet;
  FieldValues values;    // nullptr for a Date field
  SlotValue slot_value;  // the date, or the faceted value; nullptr when `slot` is empty
  // What a filter's value becomes before it is folded into the exact term, so that
  // it is written as `values` writes it ("0324" -> "324"); nullptr: as typed.
  std::string (*filter_value)(std::string) = nullptr;

  [[nodiscard]] bool ranked() const noexcept { return boost > 0; }
};

// The fields, in the order facets and field names are listed to users.
extern const std::span<const Field> kFields;

// The field named `name` (the query parser folds "ministère" first); nullptr when unknown.
[[nodiscard]] const Field* find_field(std::string_view name);
// The field named `name`, which must exist (a name written in the code).
[[nodiscard]] const Field& field(std::string_view name);

// "titre, rubrique, …": every field name, for messages and --help.
[[nodiscard]] std::string field_names();
// The ranked fields' names ("titre, rubrique, ministere, territoire").
[[nodiscard]] std::string ranked_field_names();
// The facets, in display order: each Values field, and for a Territories field
// its own name then "departement" and "region" (the territories of those levels).
struct FacetDescription {
  std::string name;        // its key in search results
  std::string label;       // its heading for people
  std::string_view field;  // the field that filters on its values
};
[[nodiscard]] const std::vector<FacetDescription>& facets();
[[nodiscard]] const std::vector<std::string>& facet_names();

// The exact-value term of `value` in `field` (filters, facets): the prefix and
// the folded value; an id as written.
[[nodiscard]] std::string exact_term(const analysis::FrenchAnalyzer& analyzer, const Field& field,
                                     std::string_view value);

// Territory code terms: the territory field's exact prefix, the level's initial
// and the code ("XTERd86", "XTERr75").
[[nodiscard]] std::string territory_code_term(std::string_view level, std::string_view code);

// The free-text parts of a record, in indexing order (titre first). Each is
// indexed without prefix, with positions; fields of kFields add their prefixed terms.
[[nodiscard]] std::vector<std::string_view> body_texts(const document::Record& record);
// The same, each with its key in the record's JSON ("titre", "texte_reponse"…).
struct KeyedText {
  std::string_view key;
  std::string_view text;
};
[[nodiscard]] std::vector<KeyedText> keyed_body_texts(const document::Record& record);

// The texts among body_texts that say what a record asks: its title, its question, an
// amendment's dispositif and exposé, a press release's text; not the answer (which
// differs between askings of one question) nor the metadata. Views into `record`.
[[nodiscard]] std::vector<std::string_view> asked_texts(const document::Record& record);

// The territories containing those a record names (a commune's EPCI, département
// and région…), from the gazetteer, each once and none of those named.
[[nodiscard]] std::vector<document::Territory> containing_territories(const document::Record& record);

// "YYYY-MM-DD" -> "YYYYMMDD"; empty for anything else.
[[nodiscard]] std::string date_value(std::string_view iso_date);

// Territories of a record as stored in the territory field's slot, and back. The
// slot also holds the territories containing those named, their level marked
// by kImpliedLevel ("+departement").
inline constexpr char kImpliedLevel = '+';
[[nodiscard]] std::string encode_territories(const std::vector<document::Territory>& territories);
// A decoded territory: views into the slot value it was read from.
struct TerritoryView {
  std::string_view name;
  std::string_view level;
  std::string_view code;
};
[[nodiscard]] std::vector<TerritoryView> decode_territories(std::string_view value);

// The title coverage (search/query_parser.cpp) reads, for each document with a
// title, 1 / the number of distinct words of its title field (every value of
// "titre"), sortable_serialise'd: a title that is the query weighs most,
// whatever the length of the rest of the document.
inline constexpr std::string_view kTitleField = "titre";
inline constexpr Xapian::valueno kTitleInverseLengthSlot = 14;

// What a document asks, for precedent grouping (search/precedent.cpp): the
// frequency of each analyzer term of asked_texts, stopwords and the author's name
// left out, encoded by encode_term_frequencies.
inline constexpr Xapian::valueno kAskedTermsSlot = 15;
using TermFrequencies = std::vector<std::pair<std::string, Xapian::termcount>>;
// Sorted terms, each as its prefix shared with the previous term (1 byte), the
// rest's length (1 byte), the rest, and its frequency (LEB128). Terms are at most
// kMaxTermBytes; decoding throws IndexError on a malformed value.
[[nodiscard]] std::string encode_term_frequencies(const TermFrequencies& sorted);
[[nodiscard]] TermFrequencies decode_term_frequencies(std::string_view value);

// Where each body text's words are among the document's positions, so that an
// extract is found from the positions of the query's terms (search/extract.h)
// instead of analysing the texts again: a word of text `key` that is its `i`th
// token (stopwords counted) is at position base + i + 1; and the byte offset of
// every kCheckpointTokens'th token, where the analysis of a passage may start.
inline constexpr Xapian::valueno kTextLayoutSlot = 16;
inline constexpr std::uint32_t kCheckpointTokens = 16;
struct TextLayout {
  std::string key;
  Xapian::termpos base = 0;
  std::uint32_t tokens = 0;
  std::vector<std::uint32_t> checkpoints;  // byte offset of token kCheckpointTokens × (k + 1)
};
// Each text as its key's index among the body texts' keys (1 byte), then base,
// tokens, the number of checkpoints and their increasing offsets as deltas, in
// LEB128. Decoding throws IndexError on a malformed value.
[[nodiscard]] std::string encode_text_layout(const std::vector<TextLayout>& texts);
[[nodiscard]] std::vector<TextLayout> decode_text_layout(std::string_view value);

// The values of every faceted field's slot (kFields order), together, so that
// one ValueCountMatchSpy counts all the facets: a spy per slot looked each
// value up apart, and twelve lookups a match were most of a faceted query's time.
inline constexpr Xapian::valueno kFacetValuesSlot = 17;
// Slot 18: the "decision" date; slot 19: the stored record (kRecordSlot, index/stored_record.h).
// Each value as its length (LEB128) and its bytes, an absent value as length 0.
// The values are read back by their place: a new faceted field changes the layout
// (kSchemaVersion), as readers of an older index would count its values in the
// wrong fields.
// Decoding throws IndexError on a malformed value.
[[nodiscard]] std::string encode_facet_values(const std::vector<std::string>& values);
[[nodiscard]] std::vector<std::string_view> decode_facet_values(std::string_view value);

// Metadata keys of the database.
inline constexpr std::string_view kMetaAnalyzer = "hemicycle.analyzer";
inline constexpr std::string_view kMetaSchema = "hemicycle.schema";
// 12: the stored record in a value (kRecordSlot, index/stored_record.h) instead of
// the document's data; the pairs of adjacent words only where they are a frequent
// pair (is_frequent_pair), and pairs_indexed_term() "XPAIRF…" instead of "XPAIRC…".
// 11: the pairs of adjacent words only where both are pair words (is_pair_word),
// and pair_words_indexed_term() instead of kAllPairsIndexedTerm; the signatories' names
// without the terms of their words (FieldKind::Names); no value slot of its own for
// a faceted field (its value is in kFacetValuesSlot), nor for the author and group.
// 10: the pairs of adjacent words (kPairPrefix) and kAllPairsIndexedTerm.
// 9: a record of 1 KB or more compressed with zstd (index/stored_record.h), a text
// layout checkpoint every 16 tokens instead of 64, an amendment's key term
// (kAmendmentKeyPrefix), the "article" field and the "decision" date (slot 18),
// and bill numbers without leading zeros.
// 8: the faceted fields' values together in kFacetValuesSlot.
// 7: the long texts stored apart from the record's JSON (index/stored_record.h).
// 6: the texts' layout in kTextLayoutSlot.
// 5: what a document asks in kAskedTermsSlot.
// 4: the title's inverse length in kTitleInverseLengthSlot.
// 3: amendments have the fields "texte", "sort" and "examen", "auteur" is the
// first signatory and "signataire" anyone who signed, a group is found by its
// abbreviation too, and a title is no longer also a whole unprefixed term (2: stopwords have no postings; 1 indexed
// them with positions).
inline constexpr std::string_view kSchemaVersion = "12";

}  // namespace hemicycle::index
