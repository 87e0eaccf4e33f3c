// generate_place_names TSV OUTPUT: writes the table of place names that
// place_names.cpp reads (layout in place_table.h) from data/gazetteer/territories.tsv.
// A program of the build, not installed: the keys are made by territory_name_key
// and ordered by Gazetteer::named, so the table cannot disagree with the gazetteer.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "document/gazetteer.h"

namespace {

using hemicycle::document::Gazetteer;
using hemicycle::document::GazetteerEntry;

// `text` as the body of a C++ string literal.
std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '?' || byte < 0x20) {
      char octal[5];
      std::snprintf(octal, sizeof octal, "\\%03o", byte);
      out += octal;
    } else {
      out += c;
    }
  }
  return out;
}

int generate(const std::string& tsv_path, const std::string& output_path) {
  std::ifstream in(tsv_path, std::ios::binary);
  if (!in) {
    std::cerr << "generate_place_names: cannot read " << tsv_path << "\n";
    return 1;
  }
  std::ostringstream tsv;
  tsv << in.rdbuf();
  const Gazetteer gazetteer(tsv.str());

  std::set<std::string> keys;
  for (const GazetteerEntry& entry : gazetteer.entries())
    keys.insert(hemicycle::document::territory_name_key(entry.name));

  std::ostringstream rows;
  std::ostringstream text;
  std::size_t offset = 0;
  std::size_t row_count = 0;
  for (const std::string& key : keys) {
    for (const GazetteerEntry* entry : gazetteer.named(key)) {
      if (key.size() > 0xFFFF || entry->name.size() > 0xFFFF || entry->code.size() > 0xFF || offset > 0xFFFFFFFFU) {
        std::cerr << "generate_place_names: " << entry->name << " does not fit the table's layout\n";
        return 1;
      }
      rows << "    {" << offset << ", " << key.size() << ", " << entry->name.size() << ", " << entry->code.size()
           << ", " << static_cast<int>(entry->level) << ", " << entry->population << "},\n";
      text << "    \"" << escaped(key) << escaped(entry->code) << escaped(entry->name) << "\"\n";
      offset += key.size() + entry->code.size() + entry->name.size();
      ++row_count;
    }
  }

  std::ofstream out(output_path + ".tmp", std::ios::binary);
  out << "// Generated from " << tsv_path << " by generate_place_names; do not edit.\n"
      << "#include \"document/place_table.h\"\n\n"
      << "namespace hemicycle::document::place_table {\n"
      << "const Row kRows[] = {\n"
      << rows.str() << "};\n"
      << "const std::size_t kRowCount = " << row_count << ";\n"
      << "const char kText[] =\n"
      << text.str() << "    \"\";\n"
      << "}  // namespace hemicycle::document::place_table\n";
  out.close();
  if (!out || std::rename((output_path + ".tmp").c_str(), output_path.c_str()) != 0) {
    std::cerr << "generate_place_names: cannot write " << output_path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: generate_place_names TERRITORIES.tsv OUTPUT.cpp\n";
    return 2;
  }
  try {
    return generate(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "generate_place_names: " << e.what() << "\n";
    return 1;
  }
}
