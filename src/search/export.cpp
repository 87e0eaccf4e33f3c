#include "search/export.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace hemicycle::search {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr char kSeparator = ';';
constexpr std::string_view kListSeparator = ", ";

std::string text_of(const nlohmann::ordered_json& record, const char* key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// A record value as the text of one cell: lists joined, territories by name.
std::string cell_text(const nlohmann::ordered_json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return value.dump();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  if (!value.is_array()) return {};
  std::string joined;
  for (const nlohmann::ordered_json& item : value) {
    const std::string text = item.is_object() && item.contains("nom") ? cell_text(item["nom"]) : cell_text(item);
    if (text.empty()) continue;
    if (!joined.empty()) joined += kListSeparator;
    joined += text;
  }
  return joined;
}

std::string csv_cell(std::string text) {
  // A leading = + - @ makes spreadsheets evaluate the cell as a formula.
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) text.insert(0, "'");
  const bool quoted =
      text.find_first_of("\";\r\n") != std::string::npos || text.starts_with(' ') || text.ends_with(' ');
  if (!quoted) return text;
  std::string cell = "\"";
  for (const char c : text) cell += c == '"' ? std::string("\"\"") : std::string(1, c);
  return cell + "\"";
}

std::string score_text(double score) {
  std::ostringstream text;
  text << std::setprecision(6) << score;
  return text.str();
}

}  // namespace

std::optional<ExportFormat> export_format(std::string_view name) {
  if (name == "csv") return ExportFormat::Csv;
  if (name == "jsonl") return ExportFormat::JsonLines;
  return std::nullopt;
}

std::string_view media_type(ExportFormat format) {
  return format == ExportFormat::Csv ? "text/csv; charset=utf-8; header=present"
                                     : "application/x-ndjson; charset=utf-8";
}

std::string_view file_extension(ExportFormat format) { return format == ExportFormat::Csv ? "csv" : "jsonl"; }

std::string export_header(ExportFormat format) {
  if (format == ExportFormat::JsonLines) return {};
  std::string header(kByteOrderMark);
  for (std::size_t i = 0; i < kCsvColumns.size(); ++i) {
    if (i > 0) header += kSeparator;
    header += kCsvColumns[i];
  }
  return header + "\r\n";
}

std::string export_row(ExportFormat format, const Hit& hit) {
  if (format == ExportFormat::JsonLines) {
    const nlohmann::ordered_json line{
        {"id", hit.id}, {"score", hit.score}, {"record", hit.record}, {"extrait", hit.extrait}};
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  std::string row;
  for (std::size_t i = 0; i < kCsvColumns.size(); ++i) {
    if (i > 0) row += kSeparator;
    const std::string key(kCsvColumns[i]);
    if (key == "score") {
      row += score_text(hit.score);
      continue;
    }
    const auto found = hit.record.find(key);
    if (found != hit.record.end()) row += csv_cell(cell_text(*found));
  }
  return row + "\r\n";
}

std::string display_title(const nlohmann::ordered_json& record) {
  if (std::string title = text_of(record, "titre"); !title.empty()) return title;
  if (std::string subject = text_of(record, "sujet"); !subject.empty()) return subject;
  if (text_of(record, "type") == "AMENDEMENT") {
    std::string title = "Amendement n° " + text_of(record, "numero");
    for (const char* key : {"article", "texte_titre"}) {
      if (const std::string part = text_of(record, key); !part.empty()) title += " — " + part;
    }
    return title;
  }
  return "(sans titre)";
}

std::string_view statut_label(std::string_view statut) {
  if (statut == "repondu") return "répondue";
  if (statut == "en_attente") return "en attente de réponse";
  if (statut == "retire") return "retirée";
  if (statut == "inconnu") return "inconnu (législature close, réponse absente de la source)";
  return statut;
}

ResultExport::ResultExport(const Searcher& searcher, SearchRequest request, ExportFormat format)
    : searcher_(searcher), request_(std::move(request)), format_(format) {
  request_.facets = false;
}

bool ResultExport::next(std::string& piece) {
  piece.clear();
  if (finished_) return false;
  // Nothing changes before the search has succeeded, so that a page can be asked again.
  std::string written = started_ ? std::string() : export_header(format_);
  SearchRequest page = request_;
  page.offset = request_.offset + rows_;
  page.limit = std::min(kPageSize, request_.limit - rows_);
  bool last = page.limit == 0;
  if (!last) {
    const SearchResult result = searcher_.search(page);
    for (const Hit& hit : result.hits) written += export_row(format_, hit);
    rows_ += static_cast<Xapian::doccount>(result.hits.size());
    last = result.hits.size() < page.limit || rows_ >= request_.limit;
  }
  started_ = true;
  finished_ = last;
  piece = std::move(written);
  return !piece.empty() || !finished_;
}

}  // namespace hemicycle::search
