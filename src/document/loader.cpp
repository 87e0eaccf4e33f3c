#include "document/loader.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "document/input_stream.h"
#include "document/json_reader.h"
#include "document/text_formats.h"
#include "errors.h"

namespace hemicycle::document {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view trim_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

char first_significant_char(std::string_view text) {
  text = trim_bom(text);
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return '\0';
}

InputFormat guess_format(const std::string& path, std::string_view head) {
  const std::string name = uncompressed_name(path);
  if (ends_with(name, ".csv") || ends_with(name, ".tsv")) return InputFormat::Csv;
  if (ends_with(name, ".json") || ends_with(name, ".jsonl") || ends_with(name, ".ndjson")) return InputFormat::Json;
  const char first = first_significant_char(head);
  if (first == '{' || first == '[') return InputFormat::Json;
  return InputFormat::Auto;  // exported text, kind found from the content
}

std::string megabytes(std::size_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB"; }

// `item` is what was too large: "a line of 120 MB".
std::string too_large(const std::string& item) {
  return item + ", larger than the " + megabytes(kMaxDocumentBytes) + " limit of a document: not read";
}

// InputStream's messages start with the path, which the error sink is given apart.
std::string without_path(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

constexpr std::string_view kConvertedWarning =
    "not UTF-8: read as Windows-1252 (Latin-1) and converted; convert the file to UTF-8 to silence this";

std::string describe(const nlohmann::json::exception& e) {
  // nlohmann's messages start with "[json.exception.parse_error.101] ": keep the readable part.
  std::string what = e.what();
  if (const std::size_t close = what.find("] "); what.front() == '[' && close != std::string::npos) {
    what.erase(0, close + 2);
  }
  return what;
}

}  // namespace

InputFormat parse_input_format(std::string_view name) {
  if (name == "auto") return InputFormat::Auto;
  if (name == "question") return InputFormat::Question;
  if (name == "amendement" || name == "amendment") return InputFormat::Amendment;
  if (name == "communique") return InputFormat::PressRelease;
  if (name == "json" || name == "jsonl") return InputFormat::Json;
  if (name == "csv") return InputFormat::Csv;
  throw ConfigError("unknown format '" + std::string(name) +
                    "' (expected auto, question, amendement, communique, json or csv)");
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

std::string escape_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  std::string escaped;
  escaped.reserve(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0) {
      escaped.append(text.substr(start, i - start));
      continue;
    }
    constexpr std::string_view kHex = "0123456789ABCDEF";
    for (int32_t at = start; at < i; ++at) {
      escaped += "\\x";
      escaped += kHex[bytes[at] >> 4];
      escaped += kHex[bytes[at] & 0xF];
    }
  }
  return escaped;
}

std::optional<std::string> convert_windows1252_text(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open("windows-1252", &status), ucnv_close);
  if (U_FAILURE(status)) return std::nullopt;
  // Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stop the conversion instead of becoming U+FFFD.
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  const icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(), status);
  if (U_FAILURE(status)) return std::nullopt;
  std::size_t non_ascii = 0;
  std::size_t letters = 0;
  for (int32_t i = 0; i < text.length(); ++i) {
    const char16_t c = text[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return std::nullopt;
    if (c >= 0x7F && c < 0xA0) return std::nullopt;  // C1 controls: binary, not text
    if (c >= 0x80) {
      ++non_ascii;
      if (u_isalpha(c)) ++letters;
    }
  }
  if (letters * 2 < non_ascii) return std::nullopt;
  std::string utf8;
  text.toUTF8String(utf8);
  return utf8;
}

Loader::Loader(LoaderOptions options, RecordSink on_record, ErrorSink on_error)
    : options_(std::move(options)), on_record_(std::move(on_record)), on_error_(std::move(on_error)) {}

LoadStats Loader::load(const std::string& path) {
  LoadStats stats;
  try {
    InputStream in(path);
    InputFormat format = options_.format;
    if (format == InputFormat::Auto) format = guess_format(path, in.peek(4096));
    switch (format) {
      case InputFormat::Json:
        load_json_stream(in, stats);
        break;
      case InputFormat::Csv:
        load_csv(in, stats);
        break;
      default:
        load_text(in, stats);
        break;
    }
    stats.bytes = in.bytes_read();
  } catch (const InputError& e) {
    // Open, read and decompression errors: whatever was read before stays loaded.
    on_error_(path, without_path(e.what(), path));
    ++stats.rejected;
  }
  return stats;
}

void Loader::emit(const std::string& where, Record&& record, LoadStats& stats, bool require_text) {
  if (record.id.empty()) {
    on_error_(where, "no identifier could be found or derived for this document");
    ++stats.rejected;
    return;
  }
  // A flat record of the wrong shape (no known key holds text) would be an empty,
  // unfindable document under a derived id. Official records are documents even
  // without text: an amendment withdrawn before its exposé was written still has
  // its uid, authors, article and fate.
  const bool has_text = !record.titre.empty() || !record.tete_analyse.empty() || !record.texte_question.empty() ||
                        !record.texte_reponse.empty() || !record.texte.empty() || !record.dispositif.empty() ||
                        !record.expose.empty();
  if (require_text && !has_text) {
    on_error_(where, "no title and no text in this record: not a document (a record of another shape?)");
    ++stats.rejected;
    return;
  }
  record.source = escape_invalid_utf8(where);
  ++stats.records;
  on_record_(std::move(record));
}

void Loader::emit_json_object(const std::string& where, const nlohmann::json& object, LoadStats& stats) {
  if (!object.is_object()) {
    on_error_(where, std::string("expected a JSON object, found ") + object.type_name());
    ++stats.rejected;
    return;
  }
  try {
    switch (detect_json_kind(object)) {
      case JsonKind::AnQuestion:
        emit(where, parse_an_question(object, options_.actors), stats);
        break;
      case JsonKind::AnAmendment:
        emit(where, parse_an_amendment(object, options_.actors), stats);
        break;
      case JsonKind::Acteur:
      case JsonKind::Organe:
        on_error_(where, "a reference table row (acteur/organe), not a document: give the file with --actors/--organs");
        ++stats.rejected;
        break;
      case JsonKind::Flat:
        emit(where, parse_flat(object, options_.mapping), stats, /*require_text=*/true);
        break;
    }
  } catch (const InputError& e) {
    on_error_(where, e.what());
    ++stats.rejected;
  } catch (const nlohmann::json::exception& e) {
    on_error_(where, "unexpected JSON shape: " + describe(e));
    ++stats.rejected;
  }
}

void Loader::load_json_stream(InputStream& in, LoadStats& stats) {
  const std::string& path = in.path();
  if (first_significant_char(in.peek(4096)) == '[') return load_json_array(in, stats);
  std::string line;
  std::uint64_t line_number = 0;
  // JSON Lines unless the first non-empty line is not a whole JSON value
  // (a pretty-printed object or array), in which case the file is one value.
  while (in.read_line(line, kMaxDocumentBytes)) {
    ++line_number;
    if (first_significant_char(line) == '\0') continue;
    if (line.size() > kMaxDocumentBytes) {
      on_error_(path + ":" + std::to_string(line_number), too_large("a line of over " + megabytes(kMaxDocumentBytes)));
      ++stats.rejected;
      continue;
    }
    const std::string_view text = line_number == 1 ? trim_bom(line) : std::string_view(line);
    nlohmann::json value = parse_json(text);
    if (value.is_discarded()) {
      if (stats.records + stats.rejected == 0) {
        // Not JSON Lines, or a bad first line: try the file as one value, and
        // fall back to lines if that fails too.
        std::string whole(text);
        whole += '\n';
        whole += in.read_all();
        value = nlohmann::json::parse(whole, nullptr, false);
        if (!value.is_discarded()) {
          if (value.is_array()) {
            std::size_t index = 0;
            for (const auto& element : value) {
              emit_json_object(path + "[" + std::to_string(index++) + "]", element, stats);
            }
          } else {
            emit_json_object(path, value, stats);
          }
          return;
        }
        load_json_lines(path, whole, stats);
        return;
      }
      std::string reason = "malformed JSON";
      try {
        value = nlohmann::json::parse(text);
      } catch (const nlohmann::json::parse_error& e) {
        reason += ": " + describe(e);
      }
      on_error_(path + ":" + std::to_string(line_number), reason);
      ++stats.rejected;
      continue;
    }
    const std::string where = path + ":" + std::to_string(line_number);
    if (value.is_array()) {
      for (const auto& element : value) emit_json_object(where, element, stats);
    } else {
      emit_json_object(where, value, stats);
    }
  }
}

void Loader::parse_array_element(const std::string& where, const std::string& element, std::size_t element_bytes,
                                 LoadStats& stats) {
  if (element_bytes > kMaxDocumentBytes) {
    on_error_(where, too_large("an element of over " + megabytes(kMaxDocumentBytes)));
    ++stats.rejected;
    return;
  }
  try {
    emit_json_object(where, nlohmann::json::parse(element), stats);
  } catch (const nlohmann::json::parse_error& e) {
    on_error_(where, "malformed JSON: " + describe(e));
    ++stats.rejected;
  }
}

void Loader::load_json_array(InputStream& in, LoadStats& stats) {
  const std::string& path = in.path();
  std::string chunk;
  std::string element;            // its first kMaxDocumentBytes + 1 bytes
  std::size_t element_bytes = 0;  // all of them
  std::size_t index = 0;
  std::size_t depth = 0;  // 0 outside an array, 1 between its elements
  bool in_string = false;
  bool escaped = false;
  bool first_chunk = true;
  const auto finish_element = [&] {
    if (element_bytes == 0) return;
    parse_array_element(path + "[" + std::to_string(index++) + "]", element, element_bytes, stats);
    element.clear();
    element_bytes = 0;
  };
  while (in.read_chunk(chunk)) {
    const std::string_view text = first_chunk ? trim_bom(chunk) : std::string_view(chunk);
    first_chunk = false;
    for (const char c : text) {
      const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
      if (depth == 0) {
        // Before the array, or after it: another array may follow (one per line).
        if (space) continue;
        if (c != '[') {
          on_error_(path + "[" + std::to_string(index) + "]",
                    "malformed JSON: expected an array or the end of the file, not read further");
          ++stats.rejected;
          return;
        }
        depth = 1;
        continue;
      }
      if (depth == 1 && !in_string) {
        if (space) continue;
        if (c == ',') {
          finish_element();
          continue;
        }
        if (c == ']') {
          finish_element();
          depth = 0;
          continue;
        }
      }
      if (element_bytes++ <= kMaxDocumentBytes) element += c;
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if (c == ']' || c == '}') {
        --depth;
      }
    }
  }
  if (depth > 0) {
    on_error_(path + "[" + std::to_string(index) + "]", "malformed JSON: the file ends before the array is closed");
    ++stats.rejected;
  }
}

void Loader::load_json_lines(const std::string& path, std::string_view content, LoadStats& stats) {
  std::uint64_t line_number = 0;
  while (!content.empty()) {
    ++line_number;
    const std::size_t end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first_significant_char(line) == '\0') continue;
    const std::string where = path + ":" + std::to_string(line_number);
    try {
      const nlohmann::json value = nlohmann::json::parse(line);
      emit_json_object(where, value, stats);
    } catch (const nlohmann::json::parse_error& e) {
      on_error_(where, "malformed JSON: " + describe(e));
      ++stats.rejected;
    }
  }
}

void Loader::load_csv(InputStream& in, LoadStats& stats) {
  const std::string& path = in.path();
  std::string line;
  if (!in.read_line(line, kMaxDocumentBytes)) {
    on_error_(path, "empty file");
    ++stats.rejected;
    return;
  }
  const std::string header_line(trim_bom(line));
  const char separator = guess_csv_separator(header_line);
  const std::vector<std::string> header = split_csv_line(header_line, separator).fields;
  std::uint64_t line_number = 1;
  bool warned_converted = false;
  while (in.read_line(line, kMaxDocumentBytes)) {
    ++line_number;
    const std::uint64_t first_line = line_number;
    if (line.empty()) continue;
    CsvSplit row = split_csv_line(line, separator);
    std::string pending = line;
    std::string next;
    while (!row.complete && pending.size() <= kMaxDocumentBytes && in.read_line(next, kMaxDocumentBytes)) {
      ++line_number;
      pending += '\n';
      pending += next;
      // Inside a quoted field only a quote can end it: splitting again otherwise would
      // make a long multi-line field quadratic.
      if (next.find('"') != std::string::npos) row = split_csv_line(pending, separator);
    }
    const std::string where = path + ":" + std::to_string(first_line);
    if (pending.size() > kMaxDocumentBytes) {
      on_error_(where, too_large("a row of over " + megabytes(pending.size())) + " (an unterminated quoted field?)");
      ++stats.rejected;
      break;
    }
    if (!row.complete) {
      on_error_(where, "unterminated quoted field");
      ++stats.rejected;
      break;
    }
    if (auto bad = find_invalid_utf8(pending)) {
      std::optional<std::string> converted = convert_windows1252_text(pending);
      if (!converted) {
        on_error_(where, "invalid UTF-8 at byte " + std::to_string(*bad) + " of the row");
        ++stats.rejected;
        continue;
      }
      if (!warned_converted && options_.on_warning) options_.on_warning(path, std::string(kConvertedWarning));
      warned_converted = true;
      row = split_csv_line(*converted, separator);
    }
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t i = 0; i < header.size() && i < row.fields.size(); ++i) object[header[i]] = row.fields[i];
    emit_json_object(where, object, stats);
  }
}

void Loader::load_text(InputStream& in, LoadStats& stats) {
  const std::string& path = in.path();
  auto reject = [&](const std::string& what) {
    on_error_(path, what);
    ++stats.rejected;
  };
  if (in.peek(kMaxDocumentBytes + 1).size() > kMaxDocumentBytes) {
    return reject(too_large("a file of over " + megabytes(kMaxDocumentBytes)));
  }
  std::string content = in.read_all();
  std::string_view text = trim_bom(content);
  // NUL first: first_significant_char answers '\0' for a file that starts with one too.
  if (text.find('\0') != std::string_view::npos) return reject("binary file (it contains NUL bytes), not text");
  if (first_significant_char(text) == '\0') return reject("empty file");
  if (auto bad = find_invalid_utf8(text)) {
    std::optional<std::string> converted = convert_windows1252_text(text);
    if (!converted) {
      return reject("invalid UTF-8 at byte " + std::to_string(*bad) +
                    " (and it does not read as Windows-1252 text either)");
    }
    if (options_.on_warning) options_.on_warning(path, std::string(kConvertedWarning));
    content = std::move(*converted);
    text = content;
  }
  TextFormat kind;
  switch (options_.format) {
    case InputFormat::Question:
      kind = TextFormat::Question;
      break;
    case InputFormat::Amendment:
      kind = TextFormat::Amendment;
      break;
    case InputFormat::PressRelease:
      kind = TextFormat::PressRelease;
      break;
    default:
      kind = detect_text_format(text);
      break;
  }
  try {
    emit(path, parse_text(text, kind), stats);
  } catch (const InputError& e) {
    reject(e.what());
  }
}

bool Loader::load_if_reference_table(const std::string& path, ActorDirectory& actors, const ErrorSink& on_error) {
  bool is_table = false;
  try {
    InputStream in(path);
    std::string line;
    while (in.read_line(line, kMaxDocumentBytes) && first_significant_char(line) == '\0') {
    }
    if (first_significant_char(line) != '{') return false;
    nlohmann::json first = parse_json(line);
    if (first.is_discarded() || !first.is_object()) return false;
    const JsonKind kind = detect_json_kind(first);
    if (kind != JsonKind::Acteur && kind != JsonKind::Organe) return false;
    is_table = true;
    // Rows are added as they are read, so that those before a damaged part of the
    // file are kept. (They were parsed on two threads while nlohmann's parser took
    // a second for the acteurs; simdjson reads both tables in about half a second.)
    std::uint64_t line_number = 0;
    do {
      ++line_number;
      if (first_significant_char(line) == '\0') continue;
      const auto where = [&] { return path + ":" + std::to_string(line_number); };
      const nlohmann::json row = parse_json(line);
      if (row.is_discarded()) {
        on_error(where(), "malformed JSON in a reference table");
        continue;
      }
      // A bad row is reported and skipped: the rest of the table is still needed.
      try {
        if (kind == JsonKind::Acteur) {
          actors.add_acteur(row);
        } else {
          actors.add_organe(row);
        }
      } catch (const InputError& e) {
        on_error(where(), e.what());
      } catch (const nlohmann::json::exception& e) {
        on_error(where(), "unexpected shape in a reference table: " + describe(e));
      }
    } while (in.read_line(line, kMaxDocumentBytes));
    return true;
  } catch (const InputError& e) {
    // An input that cannot be read before its kind is known is reported once, by
    // load(), when it is read as documents.
    if (is_table) on_error(path, without_path(e.what(), path));
    return is_table;
  }
}

}  // namespace hemicycle::document
