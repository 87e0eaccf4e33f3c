#pragma once
// From an input file to records: detects the format (or takes the one given),
// streams JSON Lines and CSV line by line, and reports each bad item without
// stopping at it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "document/an_json.h"
#include "document/record.h"

namespace hemicycle::document {

enum class InputFormat {
  Auto,          // from the content (and the name for .csv)
  Question,      // exported question page (text, Markdown, PDF-extracted)
  Amendment,     // exported amendment text
  PressRelease,  // other exported text
  Json,          // official open-data JSON or flat JSON objects: one object, an array, or JSON Lines
  Csv,           // a flat export with a header line, read through the field mapping
};

// "auto", "question", "amendement", "communique", "json", "csv"; throws ConfigError.
[[nodiscard]] InputFormat parse_input_format(std::string_view name);

// The largest document read: a text file, a JSON Lines line or a CSV row. Parliamentary
// documents are at most a few megabytes; a bigger item is rejected unread, so that one
// stray file cannot make the analyzer hold hundreds of megabytes of tokens.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{16} << 20;

struct LoaderOptions {
  InputFormat format = InputFormat::Auto;
  FieldMapping mapping;                    // for flat JSON and CSV
  const ActorDirectory* actors = nullptr;  // resolves PA.../PO... references when given
  // Told about inputs read with a correction (a Windows-1252 file converted to UTF-8):
  // (path, what was done). Not an error: the input is indexed.
  std::function<void(const std::string& where, const std::string& what)> on_warning;
};

struct LoadStats {
  std::uint64_t records = 0;
  std::uint64_t rejected = 0;  // items (lines, rows, files) that gave no record
  std::uint64_t bytes = 0;     // decompressed bytes read
};

class Loader {
 public:
  using RecordSink = std::function<void(Record&&)>;
  // `where` is "path" or "path:line"; `what` says what is wrong.
  using ErrorSink = std::function<void(const std::string& where, const std::string& what)>;

  Loader(LoaderOptions options, RecordSink on_record, ErrorSink on_error);

  // Reads one input ("-" for standard input). Errors are reported through the
  // error sink; returns the figures for this input. Never throws for bad content.
  LoadStats load(const std::string& path);

  // Reference tables (AMO acteurs/organes) are recognised by their first object;
  // true when `path` is one, which is then loaded into `actors`.
  static bool load_if_reference_table(const std::string& path, ActorDirectory& actors, const ErrorSink& on_error);

 private:
  void load_json_stream(class InputStream& in, LoadStats& stats);
  // A file that is a JSON array, streamed element by element: an array of any size,
  // on one line or many, costs the memory of its largest element.
  void load_json_array(class InputStream& in, LoadStats& stats);
  void parse_array_element(const std::string& where, const std::string& element, std::size_t element_bytes,
                           LoadStats& stats);
  void load_json_lines(const std::string& path, std::string_view content, LoadStats& stats);
  void load_csv(class InputStream& in, LoadStats& stats);
  void load_text(class InputStream& in, LoadStats& stats);
  void emit_json_object(const std::string& where, const nlohmann::json& object, LoadStats& stats);
  void emit(const std::string& where, Record&& record, LoadStats& stats, bool require_text = false);

  LoaderOptions options_;
  RecordSink on_record_;
  ErrorSink on_error_;
};

// Checks that `text` is valid UTF-8; the byte offset of the first invalid sequence otherwise.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// `text` with each byte of an ill-formed UTF-8 sequence written as the four characters
// \xHH: a file name in another encoding, kept readable and safe to store as JSON.
[[nodiscard]] std::string escape_invalid_utf8(std::string_view text);

// `bytes` (not valid UTF-8) converted from Windows-1252, the superset of Latin-1 that
// French Windows exports use; nullopt when they do not read as text in that encoding:
// NUL or control bytes, bytes the encoding leaves undefined, or non-ASCII characters
// that are mostly not letters.
[[nodiscard]] std::optional<std::string> convert_windows1252_text(std::string_view bytes);

}  // namespace hemicycle::document
