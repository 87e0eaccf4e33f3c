#include "document/place_names.h"

#include <algorithm>

#include "document/place_table.h"

namespace hemicycle::document {
namespace {

std::string_view key_of(const place_table::Row& row) { return {place_table::kText + row.text, row.key_size}; }

}  // namespace

std::vector<NamedPlace> places_named(std::string_view key) {
  const place_table::Row* const begin = place_table::kRows;
  const place_table::Row* const end = begin + place_table::kRowCount;
  const auto first = std::lower_bound(
      begin, end, key, [](const place_table::Row& row, std::string_view wanted) { return key_of(row) < wanted; });
  std::vector<NamedPlace> places;
  for (auto row = first; row != end && key_of(*row) == key; ++row) {
    const char* code = place_table::kText + row->text + row->key_size;
    places.push_back({static_cast<TerritoryLevel>(row->level),
                      {code, row->code_size},
                      {code + row->code_size, row->name_size},
                      row->population});
  }
  return places;
}

}  // namespace hemicycle::document
