#include "index/stored_record.h"

#include <algorithm>
#include <cstdint>

#include "errors.h"
#include "index/varint.h"

namespace hemicycle::index {
namespace {

constexpr char kSeparator = '\n';

}  // namespace

std::string encode_stored_record(const nlohmann::ordered_json& record) {
  nlohmann::ordered_json fields = record;
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
  return data;
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
