#include "fuzz/fuzz_targets.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/an_json.h"
#include "document/loader.h"
#include "document/record.h"
#include "document/text_formats.h"
#include "errors.h"
#include "search/query_parser.h"
#include "search/synonyms.h"

namespace hemicycle::fuzz {
namespace {

// A finding that is not a crash by itself (a broken invariant) is made one.
void check(bool condition) {
  if (!condition) std::abort();
}

const analysis::FrenchAnalyzer& analyzer() {
  static const analysis::FrenchAnalyzer instance;
  return instance;
}

// What the loader does with a record once parsed, so that the record is exercised too.
void finish(document::Record record) {
  document::complete_record(record);
  (void)document::to_json(record).dump();
}

template <typename Parse>
void parse_ignoring_bad_input(Parse&& parse) {
  try {
    finish(parse());
  } catch (const InputError&) {
  } catch (const nlohmann::json::exception&) {
    // The loader reports these as "unexpected JSON shape".
  }
}

}  // namespace

void fuzz_text_formats(std::string_view data) {
  if (document::find_invalid_utf8(data)) return;
  const document::TextFormat detected = document::detect_text_format(data);
  for (const document::TextFormat format : {detected, document::TextFormat::Question, document::TextFormat::Amendment,
                                            document::TextFormat::PressRelease}) {
    parse_ignoring_bad_input([&] { return document::parse_text(data, format); });
  }
  (void)document::reflow_wrapped_text(data);
}

void fuzz_an_json(std::string_view data) {
  const nlohmann::json value = nlohmann::json::parse(data, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return;
  (void)document::detect_json_kind(value);
  parse_ignoring_bad_input([&] { return document::parse_an_question(value, nullptr); });
  parse_ignoring_bad_input([&] { return document::parse_an_amendment(value, nullptr); });
  parse_ignoring_bad_input([&] { return document::parse_flat(value, document::FieldMapping{}); });
  document::ActorDirectory actors;
  // A row the directory refuses throws InputError (the loader reports it and goes on).
  for (const bool acteur : {true, false}) {
    try {
      if (acteur) {
        actors.add_acteur(value);
      } else {
        actors.add_organe(value);
      }
    } catch (const InputError&) {
    } catch (const nlohmann::json::exception&) {
    }
  }
  parse_ignoring_bad_input([&] { return document::parse_an_question(value, &actors); });
}

void fuzz_flat_csv(std::string_view data) {
  const std::size_t end_of_header = data.find('\n');
  const std::string_view header_line = data.substr(0, end_of_header);
  const char separator = document::guess_csv_separator(header_line);
  const std::vector<std::string> header = document::split_csv_line(header_line, separator).fields;
  if (end_of_header == std::string_view::npos) return;
  const document::CsvSplit row = document::split_csv_line(data.substr(end_of_header + 1), separator);
  if (!row.complete) return;
  nlohmann::json object = nlohmann::json::object();
  for (std::size_t i = 0; i < header.size() && i < row.fields.size(); ++i) {
    if (document::find_invalid_utf8(header[i]) || document::find_invalid_utf8(row.fields[i])) return;
    object[header[i]] = row.fields[i];
  }
  parse_ignoring_bad_input([&] { return document::parse_flat(object, document::FieldMapping{}); });
}

void fuzz_html(std::string_view data) { (void)document::html_to_text(data); }

void fuzz_loader(std::string_view data) {
  static const std::string base =
      (std::filesystem::temp_directory_path() / ("hemicycle-fuzz-loader-" + std::to_string(::getpid()))).string();
  if (data.empty()) return;
  // The first byte chooses the name, which chooses the format and the decompression.
  constexpr const char* kExtensions[] = {".txt", ".jsonl", ".json", ".csv", ".jsonl.gz", ".txt.zst"};
  const std::string path = base + kExtensions[static_cast<unsigned char>(data[0]) % std::size(kExtensions)];
  data.remove_prefix(1);
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(data.data(), static_cast<std::streamsize>(data.size()));
  std::size_t records = 0;
  std::size_t errors = 0;
  document::Loader loader(
      document::LoaderOptions{},
      [&](document::Record&& record) {
        check(!record.id.empty());
        ++records;
      },
      [&](const std::string& where, const std::string& what) {
        check(where.starts_with(path) && !what.empty());
        ++errors;
      });
  const document::LoadStats stats = loader.load(path);
  check(stats.records == records && stats.rejected <= errors);
  std::remove(path.c_str());
}

void fuzz_analyzer(std::string_view data) {
  const std::vector<analysis::Token> tokens = analyzer().analyze(data);
  std::uint32_t position = 0;
  for (const analysis::Token& token : tokens) {
    check(token.begin <= token.end && token.end <= data.size());
    check(token.position >= position);
    check(!token.term.empty());
    position = token.position;
  }
  (void)analyzer().fold(data);
  (void)analyzer().term(data);
}

void fuzz_query_parser(std::string_view data) {
  static const Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase inmemory(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document document;
    for (const char* term : {"agricol", "agricultur", "agriculteur", "XRUBagriculture", "XTERvienne", "XTYPEqe"}) {
      document.add_term(term);
    }
    inmemory.add_document(document);
    return inmemory;
  }();
  static const search::Synonyms synonyms = search::Synonyms::parse(search::default_synonyms(), analyzer());
  search::QueryOptions options;
  options.synonyms = &synonyms;
  try {
    const search::ParsedQuery parsed = search::QueryParser(analyzer(), db, options).parse(data);
    (void)parsed.combined().get_description();
  } catch (const QueryError& error) {
    check(error.offset() <= data.size());
  }
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all{
      {"text_formats", fuzz_text_formats},
      {"an_json", fuzz_an_json},
      {"flat_csv", fuzz_flat_csv},
      {"html", fuzz_html},
      {"loader", fuzz_loader},
      {"analyzer", fuzz_analyzer},
      {"query_parser", fuzz_query_parser},
  };
  return all;
}

}  // namespace hemicycle::fuzz
