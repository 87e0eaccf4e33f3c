#pragma once
// A JSON text as an nlohmann::json value, read by simdjson when it can: the
// corpus is about 500 MB of JSON, and nlohmann's parser, which looks at one
// character at a time, was about 7 % of indexing's CPU time.

#include <string_view>

#include <nlohmann/json.hpp>

namespace hemicycle::document {

// The same value as nlohmann::json::parse(text, nullptr, false): a discarded
// value when `text` is not one well-formed JSON value. A text that simdjson
// refuses is read again by nlohmann, so that what is accepted and what is
// refused do not change (tests/document/test_json_reader.cpp). Thread-safe.
[[nodiscard]] nlohmann::json parse_json(std::string_view text);

}  // namespace hemicycle::document
