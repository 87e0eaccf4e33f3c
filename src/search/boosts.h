#pragma once
// Boost settings as users write them (hemicycle-query --boost titre=4, the
// server's boost.titre=4): a ranked field of index::kFields and a weight.

#include <string>
#include <string_view>
#include <utility>

namespace hemicycle::search {

// ("titre", "4") -> ("titre", 4.0); "ministère" is "ministere". Throws ConfigError
// for a field that is not ranked, or a weight that is not a number from 0 to 1000.
[[nodiscard]] std::pair<std::string, double> parse_boost(std::string_view field, std::string_view weight);

// "titre=4" -> ("titre", 4.0), as parse_boost; ConfigError without '='.
[[nodiscard]] std::pair<std::string, double> parse_boost_assignment(std::string_view assignment);

}  // namespace hemicycle::search
