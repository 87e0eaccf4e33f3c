#pragma once
// The gazetteer's territories by the key of their name, from a table laid out at
// build time and read in place: a lookup is a binary search that builds nothing,
// so that a query naming no place never pays for Gazetteer::embedded() (whose
// hash tables cost more than the rest of a command-line search's start-up).

#include <cstdint>
#include <string_view>
#include <vector>

#include "document/gazetteer.h"

namespace hemicycle::document {

struct NamedPlace {
  TerritoryLevel level;
  std::string_view code;  // as in GazetteerEntry
  std::string_view name;  // the official name
  std::uint32_t population;
};

// What Gazetteer::embedded().named(key) gives, in the same order: every territory
// whose official name has this key (territory_name_key), larger levels first.
[[nodiscard]] std::vector<NamedPlace> places_named(std::string_view key);

}  // namespace hemicycle::document
