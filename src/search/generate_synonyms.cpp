// generate_synonyms SYNONYMS.txt OUTPUT.cpp: writes the analysed form of the
// synonym list (Synonyms::to_table) as the body of default_synonym_table(), which
// Synonyms::embedded() reads. A program of the build, not installed; it analyses
// with the analyzer every program uses, so the table holds the terms parse() makes.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "analysis/analyzer.h"
#include "search/synonyms.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: generate_synonyms SYNONYMS.txt OUTPUT.cpp\n";
    return 2;
  }
  try {
    const hemicycle::analysis::FrenchAnalyzer analyzer;
    const std::string table = hemicycle::search::Synonyms::load(argv[1], analyzer).to_table();
    if (table.find(")table\"") != std::string::npos) {
      std::cerr << "generate_synonyms: the table holds the raw string delimiter )table\"\n";
      return 1;
    }
    const std::string output = argv[2];
    std::ofstream out(output + ".tmp", std::ios::binary);
    out << "// Generated from " << argv[1] << " by generate_synonyms; do not edit.\n"
        << "#include <string_view>\n\n"
        << "namespace hemicycle::search {\n"
        << "std::string_view default_synonym_table();\n"
        << "std::string_view default_synonym_table() {\n"
        << "  return R\"table(" << table << ")table\";\n"
        << "}\n"
        << "}  // namespace hemicycle::search\n";
    out.close();
    if (!out || std::rename((output + ".tmp").c_str(), output.c_str()) != 0) {
      std::cerr << "generate_synonyms: cannot write " << output << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "generate_synonyms: " << e.what() << "\n";
    return 1;
  }
}
