#pragma once
// Reading input files: plain, zstd (.zst) or gzip (.gz), or standard input ("-"),
// as lines or as a whole; folders expanded recursively.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hemicycle::document {

class InputStream {
 public:
  // Opens `path` ("-" for standard input); decompression is chosen from the
  // extension or, for standard input, from the magic bytes. Throws InputError.
  explicit InputStream(const std::string& path);
  ~InputStream();
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  // The next line without its end (LF or CRLF); false at the end. A line longer than
  // `max_length` is cut to its first max_length + 1 bytes and the rest skipped unkept.
  // Throws InputError on a read or decompression error.
  bool read_line(std::string& line, std::size_t max_length = std::string::npos);
  // Everything left.
  std::string read_all();
  // The next bytes, as many as are buffered (at most a read's worth), into `chunk`;
  // false at the end. For readers that cut the stream themselves.
  bool read_chunk(std::string& chunk);
  // The first bytes, without consuming them (for format detection).
  std::string_view peek(std::size_t count);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // Decompressed bytes handed out so far.
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_; }

 private:
  class Decoder;
  bool fill();

  std::string path_;
  std::unique_ptr<Decoder> decoder_;
  std::string buffer_;
  std::size_t buffer_pos_ = 0;
  bool eof_ = false;
  std::uint64_t bytes_read_ = 0;
};

// Files named by `inputs`: files as they are, folders walked recursively in
// name order, "-" kept. In folders, hidden files and the README/LICENSE files
// that describe the folder are skipped. Missing paths are reported in `errors`.
[[nodiscard]] std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs,
                                                     std::vector<std::string>& errors);

// The name without .zst/.gz: "qe.jsonl.zst" -> "qe.jsonl".
[[nodiscard]] std::string uncompressed_name(const std::string& path);

}  // namespace hemicycle::document
