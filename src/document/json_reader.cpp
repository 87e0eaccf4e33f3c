#include "document/json_reader.h"

#include <cstdint>
#include <optional>
#include <string>

#include <simdjson.h>

namespace hemicycle::document {
namespace {

using nlohmann::json;

// simdjson's values as nlohmann's parser makes them: non-negative integers
// unsigned, negative ones signed; of two equal keys, the last.
json to_nlohmann(simdjson::dom::element element) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
      json out = json::object();
      auto& members = *out.get_ptr<json::object_t*>();
      for (const simdjson::dom::key_value_pair member : simdjson::dom::object(element)) {
        members[std::string(member.key)] = to_nlohmann(member.value);
      }
      return out;
    }
    case simdjson::dom::element_type::ARRAY: {
      json out = json::array();
      auto& elements = *out.get_ptr<json::array_t*>();
      for (const simdjson::dom::element value : simdjson::dom::array(element)) elements.push_back(to_nlohmann(value));
      return out;
    }
    case simdjson::dom::element_type::STRING:
      return json(std::string(std::string_view(element)));
    case simdjson::dom::element_type::INT64: {
      const std::int64_t value = element;
      return value >= 0 ? json(static_cast<std::uint64_t>(value)) : json(value);
    }
    case simdjson::dom::element_type::UINT64:
      return json(static_cast<std::uint64_t>(element));
    case simdjson::dom::element_type::DOUBLE:
      return json(static_cast<double>(element));
    case simdjson::dom::element_type::BOOL:
      return json(static_cast<bool>(element));
    case simdjson::dom::element_type::NULL_VALUE:
      break;
  }
  return json(nullptr);
}

}  // namespace

// A parser keeps the buffers of the largest text it read, about 14 bytes per
// byte: each thread keeps one for texts up to this size (the corpus's largest
// line is 0.3 MB), and a larger text gets a parser of its own, freed after it.
constexpr std::size_t kKeptParserBytes = std::size_t{1} << 20;

json parse_json(std::string_view text) {
  thread_local simdjson::dom::parser kept;
  std::optional<simdjson::dom::parser> own;
  simdjson::dom::parser& parser = text.size() <= kKeptParserBytes ? kept : own.emplace();
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: told so, it copies the text first.
  simdjson::dom::element parsed;
  if (parser.parse(text.data(), text.size(), true).get(parsed) == simdjson::SUCCESS) return to_nlohmann(parsed);
  // Refused: nlohmann decides (it reads numbers too large for 64 bits, for one).
  return json::parse(text, nullptr, false);
}

}  // namespace hemicycle::document
