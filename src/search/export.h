#pragma once
// Search results as files for other tools: CSV for a spreadsheet, JSON Lines for
// a program. Written page by page (ResultExport::next), so that an export of
// 10,000 hits never holds more than one page of them.
//
// CSV: UTF-8 with a byte order mark (so that spreadsheets read the accents as
// UTF-8), fields separated by ';' (what French spreadsheets expect), CRLF line
// ends, quoted as RFC 4180 says; one header row of the record's short keys
// (kCsvColumns), then one row per hit. A list (auteurs, territoires) is one cell,
// its items separated by ", ". A cell that a spreadsheet would read as a formula
// (starting with = + - @) gets a leading apostrophe.
// JSON Lines: one hit per line, as in the JSON of a search
// ({"id", "score", "record", "extrait"}), no byte order mark.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "search/searcher.h"

namespace hemicycle::search {

enum class ExportFormat { Csv, JsonLines };

// "csv" or "jsonl"; nullopt for anything else.
[[nodiscard]] std::optional<ExportFormat> export_format(std::string_view name);
[[nodiscard]] std::string_view media_type(ExportFormat format);
[[nodiscard]] std::string_view file_extension(ExportFormat format);

// The CSV columns: the record keys a hit keeps (no long text, no source path), and its score.
inline constexpr std::array<std::string_view, 31> kCsvColumns{"id",
                                                              "url",
                                                              "type",
                                                              "chambre",
                                                              "legislature",
                                                              "numero",
                                                              "titre",
                                                              "sujet",
                                                              "tete_analyse",
                                                              "rubrique",
                                                              "auteur",
                                                              "groupe",
                                                              "groupe_sigle",
                                                              "circonscription",
                                                              "departement",
                                                              "ministere_interroge",
                                                              "ministere_attributaire",
                                                              "repondant",
                                                              "date_publication",
                                                              "date_reponse",
                                                              "date_retrait",
                                                              "statut",
                                                              "cloture",
                                                              "texte_numero",
                                                              "texte_titre",
                                                              "article",
                                                              "organe_examen",
                                                              "sort",
                                                              "auteurs",
                                                              "territoires",
                                                              "score"};

// The header of an export (the byte order mark and column names of a CSV; nothing for JSON Lines).
[[nodiscard]] std::string export_header(ExportFormat format);
// One line of an export, with its line end.
[[nodiscard]] std::string export_row(ExportFormat format, const Hit& hit);

// A title for any record: its own, else a question's sujet (document::question_subject),
// else "Amendement n° CL42 — Article 3 — <bill>", else "(sans titre)".
[[nodiscard]] std::string display_title(const nlohmann::ordered_json& record);

// A question's statut as a reader is told it: "repondu" -> "répondue", "inconnu" ->
// "inconnu (législature close, réponse absente de la source)", as the page says;
// any other value as it is (a view of `statut` then, which must outlive it).
[[nodiscard]] std::string_view statut_label(std::string_view statut);

// The hits of one search written as an export, one page at a time.
class ResultExport {
 public:
  // `request.offset` is the first hit written, `request.limit` the most written;
  // facets are never counted. The searcher must outlive the export.
  ResultExport(const Searcher& searcher, SearchRequest request, ExportFormat format);

  // The next piece of the file (the header with the first page, then a page of
  // rows each time); false when everything has been written. Throws what
  // Searcher::search throws (QueryError for a malformed query).
  bool next(std::string& piece);
  [[nodiscard]] Xapian::doccount rows() const noexcept { return rows_; }

  static constexpr Xapian::doccount kPageSize = 500;

 private:
  const Searcher& searcher_;
  SearchRequest request_;
  ExportFormat format_;
  Xapian::doccount rows_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace hemicycle::search
