#pragma once
// The record a document stores as its data. Its long texts (the question, the
// answer, a press release's text, an amendment's dispositif and exposé) are kept
// apart from its JSON, raw: a hit shows the record's short keys and a passage of
// one text, and lexing hundreds of kilobytes of JSON to reach them cost more than
// the search itself.
//
// Layout: the record's JSON (nlohmann's dump, which never holds a raw newline)
// with each long text's value left "" in its place, a newline, then each long
// text as its key's index in kStoredApart (1 byte), its length (LEB128) and its
// bytes. A record of 256 bytes or more is all of that compressed as a
// zstd frame (with a checksum): zstd decompresses an amendment's 90 KB several
// times faster than zlib, whose inflating it was half of a query's time.
//
// Where: the value of kRecordSlot (layout 12). Indexes of layout 11 and before
// have it as the document's data, which Xapian 1.4 deflates with zlib whatever it
// holds: deflating the zstd frames again, to no gain, at every write and again at
// every compaction, was a seventh of the indexing time; a value is stored as it is.
// Data without the newline is a record of an index written before (kSchemaVersion
// 6 and earlier): all JSON; data uncompressed with the newline (7 and 8) reads as
// it is.

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

namespace hemicycle::index {

// Append only: the indexes are stored.
inline constexpr std::array<std::string_view, 5> kStoredApart{"texte_question", "texte_reponse", "texte", "dispositif",
                                                              "expose"};

inline constexpr Xapian::valueno kRecordSlot = 19;

// `record` by value: a record made for the occasion is moved in, not copied.
[[nodiscard]] std::string encode_stored_record(nlohmann::ordered_json record);

// The stored record of `document`: its kRecordSlot value, or its data in an index of
// layout 11 and before (which has no such value).
[[nodiscard]] std::string stored_record_bytes(const Xapian::Document& document);

// A document's data read without copying its long texts: `fields` has them as ""
// (or whole, from an older index), `text(key)` gives them. Views into `data`,
// which must outlive the StoredRecord, or into the decompressed texts it holds.
struct StoredRecord {
  nlohmann::ordered_json fields;
  std::vector<std::pair<std::string_view, std::string_view>> texts;  // key, text
  std::shared_ptr<const std::string> decompressed;                   // what the views see, when compressed

  [[nodiscard]] std::string_view text(std::string_view key) const;
};
// Throws IndexError when the data is not a stored record.
[[nodiscard]] StoredRecord read_stored_record(std::string_view data);

// The whole record, its texts in their places.
[[nodiscard]] nlohmann::ordered_json decode_stored_record(std::string_view data);

}  // namespace hemicycle::index
