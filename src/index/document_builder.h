#pragma once
// Record -> Xapian::Document: the body texts, then every field of the table of
// schema.h, handled by its kind.

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "index/schema.h"

namespace hemicycle::index {

struct BuiltDocument {
  Xapian::Document document;
  std::string id_term;                      // the unique term ("Q" + id)
  std::vector<std::string> spelling_words;  // lower-cased words for the spelling table
  std::optional<int> legislature;           // routes the document to its shard (shards.h)
  std::string amendment_key_term;           // one amendment however read (schema.h), or empty
  bool exported_amendment = false;          // read from exported text: an official record replaces it

  // What chooses a document's part or hash shard: the amendment key when there is
  // one, so that both readings of an amendment meet in one database; else the id.
  [[nodiscard]] std::string_view routing_key() const noexcept {
    return amendment_key_term.empty() ? std::string_view(id_term).substr(1) : std::string_view(amendment_key_term);
  }
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const analysis::FrenchAnalyzer& analyzer)
      : analyzer_(analyzer), analyzer_signature_(analyzer.signature()) {}

  // Thread-safe: documents may be built on several threads at once. With
  // `with_pairs`, the document has the terms of its pairs of adjacent words that
  // are a frequent pair (pair_term, is_frequent_pair) and pairs_indexed_term()
  // (index/schema.h).
  [[nodiscard]] BuiltDocument build(const document::Record& record, bool with_spelling, bool with_pairs = true) const;

 private:
  // A name's term (a signatory's), with its words as wdf: they count in the
  // document's length.
  struct NameTerm {
    std::string term;
    Xapian::termcount words = 0;
  };
  [[nodiscard]] const NameTerm& name_term(const Field& field, const std::string& name) const;

  const analysis::FrenchAnalyzer& analyzer_;
  std::string analyzer_signature_;  // what name_term's cache was made with
};

// Gap between two texts of one document, so that a phrase never spans them.
inline constexpr Xapian::termpos kTextGap = 100;

}  // namespace hemicycle::index
