#pragma once
// Record -> Xapian::Document, following the field table of schema.h.

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "document/record.h"

namespace hemicycle::index {

struct BuiltDocument {
  Xapian::Document document;
  std::string id_term;                      // the unique term ("Q" + id)
  std::vector<std::string> spelling_words;  // lower-cased words for the spelling table
  std::optional<int> legislature;           // routes the document to its shard (shards.h)
};

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const analysis::FrenchAnalyzer& analyzer) : analyzer_(analyzer) {}

  // Thread-safe: documents may be built on several threads at once.
  [[nodiscard]] BuiltDocument build(const document::Record& record, bool with_spelling) const;

  // The exact-value term of `value` for a field's exact prefix (filters and facets).
  [[nodiscard]] std::string exact_term(std::string_view prefix, std::string_view value) const;

 private:
  const analysis::FrenchAnalyzer& analyzer_;
};

// Territory code terms: exact prefix + level initial + code ("XTERd86", "XTERr75").
[[nodiscard]] std::string territory_code_term(std::string_view level, std::string_view code);

// Gap between two texts of one document, so that a phrase never spans them.
inline constexpr Xapian::termpos kTextGap = 100;

// Xapian refuses terms longer than this many bytes.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace hemicycle::index
