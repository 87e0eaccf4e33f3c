// CSV and JSON Lines rows of search hits: what a spreadsheet or a program reads.

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "search/export.h"

namespace {

using namespace hemicycle::search;
using Json = nlohmann::ordered_json;

Hit hit_of(const char* record, double score = 1.5) {
  Hit hit;
  hit.record = Json::parse(record);
  hit.id = hit.record["id"];
  hit.score = score;
  hit.extrait = "la <mark>sécheresse</mark> &amp; l'eau";
  return hit;
}

// The cell of `column` in a CSV row without quoted separators.
std::string cell(const std::string& row, std::string_view column) {
  std::size_t index = 0;
  while (kCsvColumns[index] != column) ++index;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < index; ++i) begin = row.find(';', begin) + 1;
  return row.substr(begin, row.find_first_of(";\r", begin) - begin);
}

TEST(Export, CsvHeaderIsUtf8WithAByteOrderMarkAndTheShortKeys) {
  const std::string header = export_header(ExportFormat::Csv);
  EXPECT_TRUE(header.starts_with("\xEF\xBB\xBFid;url;type;"));
  EXPECT_TRUE(header.ends_with(";territoires;score\r\n"));
  EXPECT_EQ(header.find("source"), std::string::npos);
  EXPECT_EQ(header.find("texte_question"), std::string::npos);
  EXPECT_EQ(export_header(ExportFormat::JsonLines), "");
}

TEST(Export, CsvRowKeepsAccentsJoinsListsAndQuotes) {
  const std::string row = export_row(
      ExportFormat::Csv,
      hit_of(R"({"id": "QANR5L16QE4321", "url": "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE4321",
                 "type": "QE", "legislature": 16, "titre": "Sécheresse ; irrigation \"agricole\"",
                 "auteurs": ["Mme Élise Ré", "M. Noël"],
                 "territoires": [{"nom": "Vienne", "niveau": "departement", "code": "86"},
                                 {"nom": "Nouvelle-Aquitaine", "niveau": "region", "code": "75"}]})"));
  EXPECT_TRUE(
      row.starts_with("QANR5L16QE4321;https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE4321;QE;;16;;"
                      "\"Sécheresse ; irrigation \"\"agricole\"\"\";"))
      << row;
  EXPECT_NE(row.find(";Mme Élise Ré, M. Noël;Vienne, Nouvelle-Aquitaine;1.5\r\n"), std::string::npos) << row;
}

TEST(Export, CsvCellsAreNeverFormulas) {
  const std::string row = export_row(ExportFormat::Csv, hit_of(R"j({"id": "X", "titre": "=HYPERLINK(\"http://x\")",
                                                                     "auteur": "@moi", "rubrique": "-5"})j"));
  EXPECT_NE(row.find(";\"'=HYPERLINK(\"\"http://x\"\")\";"), std::string::npos) << row;
  EXPECT_EQ(cell(row, "auteur"), "'@moi");
  EXPECT_EQ(cell(row, "rubrique"), "'-5");
}

TEST(Export, JsonLinesRowIsTheHitOfTheJsonOnOneLine) {
  const std::string row = export_row(ExportFormat::JsonLines, hit_of(R"({"id": "X", "titre": "Eau"})", 2));
  ASSERT_TRUE(row.ends_with("}\n"));
  EXPECT_EQ(row.find('\n'), row.size() - 1);
  EXPECT_EQ(Json::parse(row), Json::parse(R"({"id": "X", "score": 2.0, "record": {"id": "X", "titre": "Eau"},
                                              "extrait": "la <mark>sécheresse</mark> &amp; l'eau"})"));
}

TEST(Export, TitleOfAnAmendmentWithoutOne) {
  EXPECT_EQ(display_title(Json::parse(R"({"titre": "Prix du lait"})")), "Prix du lait");
  EXPECT_EQ(display_title(Json::parse(R"({"type": "AMENDEMENT", "numero": "CL42", "article": "Article 3"})")),
            "Amendement n° CL42 — Article 3");
  EXPECT_EQ(display_title(Json::parse(R"({"type": "COMMUNIQUE"})")), "(sans titre)");
  EXPECT_EQ(display_title(Json::parse(R"({"type": "QOSD", "sujet": "La situation du Fort de Vaujours"})")),
            "La situation du Fort de Vaujours");
  // A spreadsheet of questions without titles still says what each is about.
  EXPECT_EQ(cell(export_row(ExportFormat::Csv, hit_of(R"({"id": "Q", "sujet": "La situation du Fort de Vaujours"})")),
                 "sujet"),
            "La situation du Fort de Vaujours");
  EXPECT_EQ(display_title(Json::parse(R"({"titre": "Fort de Vaujours", "sujet": "La situation du fort"})")),
            "Fort de Vaujours");
}

}  // namespace
