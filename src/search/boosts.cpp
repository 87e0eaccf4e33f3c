#include "search/boosts.h"

#include <charconv>
#include <cmath>

#include "errors.h"
#include "index/schema.h"

namespace hemicycle::search {

std::pair<std::string, double> parse_boost(std::string_view field_name, std::string_view weight_text) {
  std::string name(field_name == "ministère" ? "ministere" : field_name);
  const index::Field* field = index::find_field(name);
  if (field == nullptr || !field->ranked()) {
    throw ConfigError("unknown boost field '" + name + "' (boostable: " + index::ranked_field_names() + ")");
  }
  double weight = 0;
  const auto [end, error] = std::from_chars(weight_text.data(), weight_text.data() + weight_text.size(), weight);
  if (weight_text.empty() || error != std::errc() || end != weight_text.data() + weight_text.size() ||
      !std::isfinite(weight) || weight < 0 || weight > 1000) {
    throw ConfigError("boost " + name + ": the weight must be a number from 0 to 1000, got '" +
                      std::string(weight_text) + "'");
  }
  return {std::move(name), weight};
}

std::pair<std::string, double> parse_boost_assignment(std::string_view assignment) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    throw ConfigError("a boost is written FIELD=WEIGHT, got '" + std::string(assignment) + "'");
  }
  return parse_boost(assignment.substr(0, eq), assignment.substr(eq + 1));
}

}  // namespace hemicycle::search
