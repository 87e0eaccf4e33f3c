#include "index/stored_record.h"

#include <algorithm>
#include <cstdint>

#include <zstd.h>

#include "errors.h"
#include "index/varint.h"

namespace hemicycle::index {
namespace {

constexpr char kSeparator = '\n';
// Records of fewer bytes are stored as they are: a frame's header and checksum
// would take most of what compressing them saves.
constexpr std::size_t kCompressFrom = 256;
// A zstd frame begins with its magic number, little-endian; a record's JSON with "{".
constexpr std::string_view kZstdMagic = "\x28\xB5\x2F\xFD";
// zstd's default level: it compresses the texts as well as zlib does, several
// times faster, and decompresses them three to four times faster.
constexpr int kLevel = 3;

// With a checksum (4 bytes), so that a damaged frame is refused, not shown.
struct CompressionContext {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  CompressionContext() {
    ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, kLevel);
    ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  }
  CompressionContext(const CompressionContext&) = delete;
  CompressionContext& operator=(const CompressionContext&) = delete;
  ~CompressionContext() { ZSTD_freeCCtx(context); }
};

struct DecompressionContext {
  ZSTD_DCtx* context = ZSTD_createDCtx();
  DecompressionContext() = default;
  DecompressionContext(const DecompressionContext&) = delete;
  DecompressionContext& operator=(const DecompressionContext&) = delete;
  ~DecompressionContext() { ZSTD_freeDCtx(context); }
};

std::string compress(std::string_view plain) {
  thread_local CompressionContext zstd;
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  const std::size_t size = ZSTD_compress2(zstd.context, out.data(), out.size(), plain.data(), plain.size());
  if (ZSTD_isError(size) != 0) throw IndexError(std::string("cannot compress a record: ") + ZSTD_getErrorName(size));
  out.resize(size);
  return out;
}

std::string decompress(std::string_view frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > (1ULL << 31)) {
    throw IndexError("a stored record's compression is malformed");
  }
  thread_local DecompressionContext zstd;
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t got = ZSTD_decompressDCtx(zstd.context, out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(got) != 0 || got != out.size()) throw IndexError("a stored record's compression is malformed");
  return out;
}

}  // namespace

std::string encode_stored_record(nlohmann::ordered_json fields) {
  std::string apart;
  for (std::size_t k = 0; k < kStoredApart.size(); ++k) {
    const auto found = fields.find(kStoredApart[k]);
    if (found == fields.end() || !found->is_string() || found->get_ref<const std::string&>().empty()) continue;
    const std::string& text = found->get_ref<const std::string&>();
    apart += static_cast<char>(k);
    put_varint(apart, text.size());
    apart += text;
    *found = "";
  }
  std::string data = fields.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  data += kSeparator;
  data += apart;
  return data.size() >= kCompressFrom ? compress(data) : data;
}

std::string stored_record_bytes(const Xapian::Document& document) {
  std::string bytes = document.get_value(kRecordSlot);
  return bytes.empty() ? document.get_data() : bytes;
}

std::string_view StoredRecord::text(std::string_view key) const {
  for (const auto& [k, text] : texts) {
    if (k == key) return text;
  }
  const auto found = fields.find(key);
  return found != fields.end() && found->is_string() ? std::string_view(found->get_ref<const std::string&>())
                                                     : std::string_view();
}

StoredRecord read_stored_record(std::string_view data) {
  StoredRecord stored;
  if (data.starts_with(kZstdMagic)) {
    stored.decompressed = std::make_shared<const std::string>(decompress(data));
    data = *stored.decompressed;
  }
  const std::size_t separator = data.find(kSeparator);
  stored.fields = nlohmann::ordered_json::parse(data.substr(0, separator), nullptr, false);
  if (!stored.fields.is_object()) throw IndexError("a document's data is not a stored record");
  if (separator == std::string_view::npos) return stored;
  std::size_t at = separator + 1;
  while (at < data.size()) {
    const auto key = static_cast<unsigned char>(data[at++]);
    if (key >= kStoredApart.size()) throw IndexError("a stored record names an unknown text");
    const std::uint32_t length = get_varint(data, at, "a stored record's text");
    if (length > data.size() - at) throw IndexError("a stored record's text is cut short");
    stored.texts.emplace_back(kStoredApart[key], data.substr(at, length));
    at += length;
  }
  return stored;
}

nlohmann::ordered_json decode_stored_record(std::string_view data) {
  StoredRecord stored = read_stored_record(data);
  for (const auto& [key, text] : stored.texts) stored.fields[std::string(key)] = std::string(text);
  return std::move(stored.fields);
}

}  // namespace hemicycle::index
