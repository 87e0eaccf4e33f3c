#include "document/input_stream.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include <zlib.h>
#include <zstd.h>

#include "errors.h"

namespace hemicycle::document {
namespace {

// A folder's README or licence describes the data beside it: it is not one of
// the documents. (Given by name on the command line, such a file is indexed.)
bool describes_a_folder(const std::string& name) {
  std::string stem = name.substr(0, name.find('.'));
  for (char& c : stem) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return stem == "README" || stem == "LICENSE" || stem == "LICENCE" || stem == "COPYING";
}

// The files under `root`, into `found`. A folder that cannot be read is reported in
// `errors` (the rest of the walk goes on); symbolic links to folders are not followed.
void walk_folder(const std::filesystem::path& root, std::vector<std::string>& found, std::vector<std::string>& errors) {
  namespace fs = std::filesystem;
  std::vector<fs::path> pending{root};
  while (!pending.empty()) {
    const fs::path folder = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      errors.push_back(folder.string() + ": cannot read folder: " + ec.message());
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        errors.push_back(folder.string() + ": cannot read folder: " + ec.message());
        break;
      }
      const std::string name = it->path().filename().string();
      if (!name.empty() && name.front() == '.') continue;
      std::error_code type_ec;
      if (it->is_symlink(type_ec) && it->is_directory(type_ec)) continue;
      if (it->is_directory(type_ec)) {
        pending.push_back(it->path());
      } else if (it->is_regular_file(type_ec)) {
        if (!describes_a_folder(name)) found.push_back(it->path().string());
      } else {
        // Opening a FIFO would wait for a writer forever; say why the entry is left out.
        errors.push_back(it->path().string() + ": not a regular file (a FIFO, socket, device or broken link)");
      }
    }
  }
}

constexpr std::size_t kChunk = 1 << 17;

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

// Reads raw bytes from a FILE* and hands out decompressed bytes.
class InputStream::Decoder {
 public:
  enum class Kind { Plain, Zstd, Gzip };

  // `sniffed` holds raw bytes already read from `file` (standard input's magic bytes).
  Decoder(std::FILE* file, bool owned, Kind kind, std::string path, std::string sniffed)
      : file_(file), owned_(owned), kind_(kind), path_(std::move(path)), in_(std::move(sniffed)) {
    saw_input_ = !in_.empty();
    if (kind_ == Kind::Zstd) {
      zstd_ = ZSTD_createDStream();
      ZSTD_initDStream(zstd_);
    } else if (kind_ == Kind::Gzip) {
      std::memset(&zlib_, 0, sizeof zlib_);
      if (inflateInit2(&zlib_, 15 + 32) != Z_OK) throw InputError(path_ + ": cannot start gzip decoder");
    }
  }
  ~Decoder() {
    if (zstd_ != nullptr) ZSTD_freeDStream(zstd_);
    if (kind_ == Kind::Gzip) inflateEnd(&zlib_);
    if (owned_) std::fclose(file_);
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Appends decompressed bytes to `out`; false at the end of the input.
  bool read(std::string& out) {
    if (kind_ == Kind::Plain) {
      if (!in_.empty()) {
        out += in_;
        in_.clear();
        return true;
      }
      return read_raw(out);
    }
    while (true) {
      if (in_pos_ == in_.size()) {
        in_.clear();
        in_pos_ = 0;
        if (!read_raw(in_)) {
          if (!stream_ended_ && saw_input_) throw InputError(path_ + ": truncated compressed data");
          return false;
        }
        saw_input_ = true;
      }
      const std::size_t before = out.size();
      out.resize(before + kChunk);
      std::size_t produced = 0;
      if (kind_ == Kind::Zstd) {
        ZSTD_inBuffer input{in_.data(), in_.size(), in_pos_};
        ZSTD_outBuffer output{out.data() + before, kChunk, 0};
        const std::size_t rc = ZSTD_decompressStream(zstd_, &output, &input);
        if (ZSTD_isError(rc)) {
          out.resize(before);
          throw InputError(path_ + ": corrupt zstd data (" + ZSTD_getErrorName(rc) + ")");
        }
        stream_ended_ = rc == 0;
        in_pos_ = input.pos;
        produced = output.pos;
      } else {
        zlib_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
        zlib_.avail_in = static_cast<uInt>(in_.size() - in_pos_);
        zlib_.next_out = reinterpret_cast<Bytef*>(out.data() + before);
        zlib_.avail_out = static_cast<uInt>(kChunk);
        const int rc = inflate(&zlib_, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
          out.resize(before);
          throw InputError(path_ + ": corrupt gzip data");
        }
        if (rc == Z_STREAM_END) {
          stream_ended_ = true;
          inflateReset(&zlib_);  // concatenated gzip members
        } else {
          stream_ended_ = false;
        }
        in_pos_ = in_.size() - zlib_.avail_in;
        produced = kChunk - zlib_.avail_out;
      }
      out.resize(before + produced);
      if (produced > 0) return true;
    }
  }

 private:
  bool read_raw(std::string& out) {
    const std::size_t before = out.size();
    out.resize(before + kChunk);
    const std::size_t n = std::fread(out.data() + before, 1, kChunk, file_);
    out.resize(before + n);
    if (n == 0 && std::ferror(file_)) throw InputError(path_ + ": read error: " + std::strerror(errno));
    return n > 0;
  }

  std::FILE* file_;
  bool owned_;
  Kind kind_;
  std::string path_;
  ZSTD_DStream* zstd_ = nullptr;
  z_stream zlib_{};
  std::string in_;
  std::size_t in_pos_ = 0;
  bool stream_ended_ = false;
  bool saw_input_ = false;
};

InputStream::InputStream(const std::string& path) : path_(path) {
  std::FILE* file = nullptr;
  bool owned = true;
  if (path == "-") {
    file = stdin;
    owned = false;
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a folder");
    file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) throw InputError(path + ": cannot open: " + std::strerror(errno));
  }
  Decoder::Kind kind = Decoder::Kind::Plain;
  std::string sniffed;
  if (ends_with(path, ".zst")) {
    kind = Decoder::Kind::Zstd;
  } else if (ends_with(path, ".gz")) {
    kind = Decoder::Kind::Gzip;
  } else if (path == "-") {
    // Standard input has no name: recognise compressed data by its magic bytes.
    sniffed.resize(4);
    sniffed.resize(std::fread(sniffed.data(), 1, 4, file));
    const auto byte = [&sniffed](std::size_t i) { return static_cast<unsigned char>(sniffed[i]); };
    if (sniffed.size() == 4 && byte(0) == 0x28 && byte(1) == 0xB5 && byte(2) == 0x2F && byte(3) == 0xFD) {
      kind = Decoder::Kind::Zstd;
    } else if (sniffed.size() >= 2 && byte(0) == 0x1F && byte(1) == 0x8B) {
      kind = Decoder::Kind::Gzip;
    }
  }
  decoder_ = std::make_unique<Decoder>(file, owned, kind, path, std::move(sniffed));
}

InputStream::~InputStream() = default;

bool InputStream::fill() {
  if (eof_) return false;
  if (buffer_pos_ > 0) {
    buffer_.erase(0, buffer_pos_);
    buffer_pos_ = 0;
  }
  if (!decoder_->read(buffer_)) {
    eof_ = true;
    return false;
  }
  return true;
}

bool InputStream::read_line(std::string& line, std::size_t max_length) {
  std::size_t scanned = buffer_pos_;
  bool overlong = false;
  while (true) {
    const std::size_t newline = buffer_.find('\n', scanned);
    if (newline != std::string::npos && overlong) {
      bytes_read_ += newline + 1 - buffer_pos_;
      buffer_pos_ = newline + 1;
      return true;
    }
    if (newline != std::string::npos) {
      std::size_t end = newline;
      if (end > buffer_pos_ && buffer_[end - 1] == '\r') --end;
      line.assign(buffer_, buffer_pos_, end - buffer_pos_);
      bytes_read_ += newline + 1 - buffer_pos_;
      buffer_pos_ = newline + 1;
      return true;
    }
    if (!overlong && buffer_.size() - buffer_pos_ > max_length) {
      line.assign(buffer_, buffer_pos_, max_length + 1);
      overlong = true;
    }
    if (overlong) {  // the rest of the line is skipped, not kept
      bytes_read_ += buffer_.size() - buffer_pos_;
      buffer_pos_ = buffer_.size();
    }
    scanned = buffer_.size() - buffer_pos_;
    if (!fill()) break;
  }
  if (overlong) return true;
  if (buffer_pos_ >= buffer_.size()) return false;
  line.assign(buffer_, buffer_pos_, std::string::npos);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  bytes_read_ += buffer_.size() - buffer_pos_;
  buffer_pos_ = buffer_.size();
  return true;
}

std::string InputStream::read_all() {
  while (fill()) {
  }
  std::string all = buffer_.substr(buffer_pos_);
  bytes_read_ += all.size();
  buffer_.clear();
  buffer_pos_ = 0;
  return all;
}

bool InputStream::read_chunk(std::string& chunk) {
  if (buffer_pos_ == buffer_.size() && !fill()) return false;
  chunk.assign(buffer_, buffer_pos_);
  bytes_read_ += chunk.size();
  buffer_.clear();
  buffer_pos_ = 0;
  return true;
}

std::string_view InputStream::peek(std::size_t count) {
  while (buffer_.size() - buffer_pos_ < count && fill()) {
  }
  return std::string_view(buffer_).substr(buffer_pos_, count);
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs, std::vector<std::string>& errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    if (input == "-") {
      files.push_back(input);
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(input + ": no such file or folder");
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    walk_folder(input, found, errors);
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string uncompressed_name(const std::string& path) {
  for (std::string_view suffix : {".zst", ".gz"}) {
    if (ends_with(path, suffix)) return path.substr(0, path.size() - suffix.size());
  }
  return path;
}

}  // namespace hemicycle::document
