#pragma once
// The layout of the table of place names that generate_place_names.cpp writes at
// build time and place_names.cpp reads in place. Offsets rather than pointers, so
// that the table needs no relocation when a program starts and only the pages a
// lookup touches are read from the executable.

#include <cstddef>
#include <cstdint>

namespace hemicycle::document::place_table {

// One territory under one name key. Its key, code and official name follow one
// another in kText from `text`.
struct Row {
  std::uint32_t text;
  std::uint16_t key_size;
  std::uint16_t name_size;
  std::uint8_t code_size;
  std::uint8_t level;  // a TerritoryLevel
  std::uint32_t population;
};

// Sorted by key (bytes compared as std::string_view does); a key's rows in the
// order of Gazetteer::named: larger levels first.
extern const Row kRows[];
extern const std::size_t kRowCount;
extern const char kText[];

}  // namespace hemicycle::document::place_table
