// Flat exports (JSON Lines or CSV rows) read through a FieldMapping, and the
// CSV line splitting they need.

#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "document/an_json.h"
#include "document/dates.h"
#include "document/territories.h"
#include "errors.h"

namespace hemicycle::document {
namespace {

using nlohmann::json;

// Keys whose values are dates, and keys whose values may hold HTML.
constexpr std::string_view kDateKeys[] = {"date_publication", "date_reponse", "date_retrait"};
constexpr std::string_view kTextKeys[] = {"texte_question", "texte_reponse", "texte", "dispositif", "expose"};

// Source keys read when the mapping names none for a record key: exports call
// the official identifier "uid".
constexpr std::pair<std::string_view, std::string_view> kDefaultAliases[] = {{"id", "uid"}};

template <std::size_t N>
bool is_one_of(std::string_view key, const std::string_view (&keys)[N]) {
  for (std::string_view k : keys) {
    if (k == key) return true;
  }
  return false;
}

// The record keys come from the record's own JSON form (record.h), so that a
// field added there is mappable at once: a key is a record key when a record
// read back from {key: value} writes it again.
bool is_record_key(const std::string& key) {
  if (key == "legislature") return true;
  nlohmann::ordered_json probe = nlohmann::ordered_json::object();
  probe[key] = key == "auteurs" ? nlohmann::ordered_json::array({"x"}) : nlohmann::ordered_json("x");
  return to_json(record_from_json(probe)).contains(key);
}

std::string value_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) {
    // A whole number written as 16.0 reads as "16"; the range check keeps the
    // conversion defined (7e300 has no int64 value).
    const double d = value.get<double>();
    constexpr double kInt64Bound = 9.2e18;
    if (std::isfinite(d) && std::fabs(d) < kInt64Bound && d == std::trunc(d)) {
      return std::to_string(static_cast<std::int64_t>(d));
    }
    return value.dump();
  }
  return {};
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool looks_like_html(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '<' && (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/')) return true;
    if (text[i] == '&' && (std::isalnum(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '#')) {
      const std::size_t semicolon = text.find(';', i);
      if (semicolon != std::string_view::npos && semicolon - i <= 10) return true;
    }
  }
  return false;
}

// Plain text keeps its line breaks; only what looks like HTML goes through html_to_text.
std::string clean_text(const std::string& text) {
  if (looks_like_html(text)) return html_to_text(text);
  return trim(text);
}

// FNV-1a, 64 bits: a stable identifier for records the source does not number.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string content_id(const Record& record) {
  std::uint64_t hash = fnv1a(record.type);
  for (const std::string* part : {&record.auteur, &record.date_publication, &record.titre, &record.texte_question,
                                  &record.texte_reponse, &record.texte, &record.dispositif, &record.expose}) {
    hash = fnv1a("\x1f", hash);
    hash = fnv1a(*part, hash);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = (record.type.empty() ? std::string("DOC") : record.type) + "-";
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(hash >> shift) & 0xF];
  return id;
}

}  // namespace

FieldMapping FieldMapping::from_json(const json& config) {
  if (!config.is_object()) throw ConfigError("field mapping: expected a JSON object");
  FieldMapping mapping;
  for (const auto& [key, value] : config.items()) {
    if (key != "columns" && key != "constants") throw ConfigError("field mapping: unknown member \"" + key + "\"");
    if (!value.is_object()) throw ConfigError("field mapping: \"" + key + "\" must be an object");
    auto& target = key == "columns" ? mapping.columns : mapping.constants;
    for (const auto& [record_key, source] : value.items()) {
      if (!is_record_key(record_key)) {
        throw ConfigError("field mapping: \"" + record_key + "\" in \"" + key + "\" is not a record field");
      }
      const std::string text = value_text(source);
      if (text.empty()) {
        throw ConfigError("field mapping: \"" + key + "." + record_key + "\" must be a non-empty string or number");
      }
      target[record_key] = text;
    }
  }
  return mapping;
}

Record parse_flat(const json& object, const FieldMapping& mapping) {
  if (!object.is_object())
    throw InputError("flat record: expected a JSON object, got " + std::string(object.type_name()));

  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  std::optional<int> legislature;
  auto take = [&](const std::string& record_key, std::string value) {
    value = trim(value);
    if (value.empty()) return;
    if (record_key == "legislature") {
      if (value.size() <= 3 && value.find_first_not_of("0123456789") == std::string::npos)
        legislature = std::stoi(value);
      return;
    }
    if (record_key == "auteurs") {
      fields["auteurs"] = nlohmann::ordered_json::array({value});
      return;
    }
    if (is_one_of(record_key, kDateKeys)) value = parse_date(value);
    if (is_one_of(record_key, kTextKeys)) value = clean_text(value);
    if (!value.empty()) fields[record_key] = value;
  };

  for (const auto& [source_key, value] : object.items()) {
    if (is_record_key(source_key) && mapping.columns.find(source_key) == mapping.columns.end()) {
      take(source_key, value_text(value));
    }
  }
  for (const auto& [record_key, alias] : kDefaultAliases) {
    const std::string key(record_key);
    if (fields.contains(key) || mapping.columns.count(key) != 0) continue;
    if (auto it = object.find(std::string(alias)); it != object.end()) take(key, value_text(*it));
  }
  for (const auto& [record_key, source_key] : mapping.columns) {
    if (auto it = object.find(source_key); it != object.end()) take(record_key, value_text(*it));
  }
  for (const auto& [record_key, value] : mapping.constants) take(record_key, value);

  Record record = record_from_json(fields);
  record.legislature = legislature;
  complete_record(record);
  if (record.id.empty()) record.id = content_id(record);
  tag_territories(record);
  return record;
}

CsvSplit split_csv_line(std::string_view line, char separator) {
  // The line terminator (LF or CRLF) is no part of the last field.
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  CsvSplit split;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == separator) {
      split.fields.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
    } else if (c == '"' && !field_was_quoted && trim(field).empty()) {
      // RFC 4180 opens quotes at the start of a field; spaces before them are dropped.
      field.clear();
      in_quotes = true;
      field_was_quoted = true;
    } else {
      field += c;
    }
  }
  split.fields.push_back(std::move(field));
  split.complete = !in_quotes;
  return split;
}

char guess_csv_separator(std::string_view header_line) {
  constexpr char kCandidates[] = {',', ';', '|', '\t'};
  char best = ',';
  std::size_t best_count = 0;
  for (char candidate : kCandidates) {
    std::size_t count = 0;
    bool in_quotes = false;
    for (char c : header_line) {
      if (c == '"') in_quotes = !in_quotes;
      if (!in_quotes && c == candidate) ++count;
    }
    if (count > best_count) {
      best = candidate;
      best_count = count;
    }
  }
  return best;
}

}  // namespace hemicycle::document
