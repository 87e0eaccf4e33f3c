#pragma once
// The index schema: one table of fields, the single source of truth for the
// indexer, the query parser, facets and the server. Adding a field is one row
// here plus its extraction in `field_values`.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "document/record.h"

namespace hemicycle::index {

// Value slots (sorting, ranges, facets).
namespace slot {
inline constexpr Xapian::valueno kDate = 0;         // YYYYMMDD: publication date, else answer date
inline constexpr Xapian::valueno kAnswerDate = 1;   // YYYYMMDD
inline constexpr Xapian::valueno kLegislature = 2;  // the number as text ("16")
inline constexpr Xapian::valueno kType = 3;
inline constexpr Xapian::valueno kRubrique = 4;
inline constexpr Xapian::valueno kMinistere = 5;  // attributaire, else interrogé
inline constexpr Xapian::valueno kStatut = 6;
inline constexpr Xapian::valueno kYear = 7;         // year of kDate
inline constexpr Xapian::valueno kTerritoires = 8;  // "level\tcode\tname" lines, see encode_territories
inline constexpr Xapian::valueno kGroupe = 9;
inline constexpr Xapian::valueno kAuteur = 10;
}  // namespace slot

// Prefix of the unique id term; a document's id term is kIdPrefix + id.
inline constexpr std::string_view kIdPrefix = "Q";

enum class FieldKind {
  Text,     // analysed words under `text_prefix`, and exact values under `exact_prefix`
  Keyword,  // exact values only (filters, facets)
};

struct Field {
  std::string_view name;  // in the query language ("rubrique:") and the JSON output
  FieldKind kind;
  std::string_view text_prefix;               // prefix of the field's analysed terms ("" for Keyword)
  std::string_view exact_prefix;              // prefix of the field's folded whole values
  double boost;                               // default weight of a match in this field (Text fields)
  std::optional<Xapian::valueno> facet_slot;  // slot holding the display value, if any
};

inline constexpr std::array<Field, 12> kFields{{
    {"titre", FieldKind::Text, "S", "", 3.0, std::nullopt},
    {"rubrique", FieldKind::Text, "XR", "XRUB", 2.0, slot::kRubrique},
    {"ministere", FieldKind::Text, "XM", "XMIN", 1.5, slot::kMinistere},
    {"territoire", FieldKind::Text, "XT", "XTER", 1.5, slot::kTerritoires},
    {"auteur", FieldKind::Text, "A", "XAUT", 1.0, slot::kAuteur},
    {"groupe", FieldKind::Text, "XG", "XGRP", 1.0, slot::kGroupe},
    {"type", FieldKind::Keyword, "", "XTYPE", 1.0, slot::kType},
    {"legislature", FieldKind::Keyword, "", "XLEG", 1.0, slot::kLegislature},
    {"statut", FieldKind::Keyword, "", "XSTAT", 1.0, slot::kStatut},
    {"numero", FieldKind::Keyword, "", "XNUM", 1.0, std::nullopt},
    {"id", FieldKind::Keyword, "", "Q", 1.0, std::nullopt},
    {"annee", FieldKind::Keyword, "", "Y", 1.0, slot::kYear},
}};

// The field named `name` (accent-insensitive spelling "ministère" is accepted by the
// query parser before calling this); nullptr when unknown.
[[nodiscard]] const Field* find_field(std::string_view name);

// The record's values for a field, as written (not folded).
[[nodiscard]] std::vector<std::string> field_values(const Field& field, const document::Record& record);

// The free-text parts of a record, in indexing order (titre first). Each is
// indexed without prefix, with positions; fields of kFields add their prefixed terms.
[[nodiscard]] std::vector<std::string_view> body_texts(const document::Record& record);

// "YYYY-MM-DD" -> "YYYYMMDD"; empty for anything else.
[[nodiscard]] std::string date_value(std::string_view iso_date);

// Territories of a record as stored in slot::kTerritoires, and back.
[[nodiscard]] std::string encode_territories(const std::vector<document::Territory>& territories);
[[nodiscard]] std::vector<document::Territory> decode_territories(std::string_view value);

// Metadata keys of the database.
inline constexpr std::string_view kMetaAnalyzer = "hemicycle.analyzer";
inline constexpr std::string_view kMetaSchema = "hemicycle.schema";
// 2: stopwords have no postings (1 indexed them with positions).
inline constexpr std::string_view kSchemaVersion = "2";

}  // namespace hemicycle::index
