// Flat exports through a FieldMapping (JSON Lines and CSV), CSV splitting, and
// the scraped files of the real corpus.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "document/an_json.h"
#include "errors.h"
#include "support/json_files.h"

namespace hemicycle::document {
namespace {

using nlohmann::json;

const std::string kData = std::string(HEMICYCLE_TEST_DATA) + "/flat/";

using test_support::read_json_file;
using test_support::read_json_lines;

// A CSV file as one JSON object per row, keyed by the header; a quoted field
// may run over several lines.
std::vector<json> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string header_line;
  std::getline(in, header_line);
  const char separator = guess_csv_separator(header_line);
  const std::vector<std::string> header = split_csv_line(header_line, separator).fields;
  std::vector<json> rows;
  std::string pending;
  for (std::string line; std::getline(in, line);) {
    pending += pending.empty() ? line : "\n" + line;
    const CsvSplit split = split_csv_line(pending, separator);
    if (!split.complete) continue;
    json row = json::object();
    for (std::size_t i = 0; i < header.size() && i < split.fields.size(); ++i) row[header[i]] = split.fields[i];
    rows.push_back(std::move(row));
    pending.clear();
  }
  return rows;
}

json comparable(const Record& record) {
  json out = json::parse(to_json(record).dump());
  out.erase("territoires");
  return out;
}

// --- Golden records ----------------------------------------------------------

struct GoldenCase {
  const char* input;    // .jsonl or .csv
  const char* mapping;  // empty for the default mapping
  const char* expected;
};

class FlatGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(FlatGolden, RecordsMatchExpectedFields) {
  const GoldenCase& c = GetParam();
  const std::string input = kData + c.input;
  const std::vector<json> rows = input.ends_with(".csv") ? read_csv(input) : read_json_lines(input);
  const FieldMapping mapping =
      std::string(c.mapping).empty() ? FieldMapping{} : FieldMapping::from_json(read_json_file(kData + c.mapping));
  const json expected = read_json_file(kData + c.expected);
  ASSERT_EQ(rows.size(), expected.size()) << c.input;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(detect_json_kind(rows[i]), JsonKind::Flat);
    const json actual = comparable(parse_flat(rows[i], mapping));
    for (const auto& [key, value] : expected[i].items()) {
      EXPECT_EQ(actual.value(key, json()), value) << c.input << " row " << i << ": " << key;
    }
    for (const auto& [key, value] : actual.items()) {
      EXPECT_TRUE(expected[i].contains(key)) << c.input << " row " << i << ": unexpected " << key << " = " << value;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FlatGolden,
                         ::testing::Values(GoldenCase{"qe_scraped.jsonl", "", "qe_scraped.expected.json"},
                                           GoldenCase{"qosd_scraped.jsonl", "qosd_mapping.json",
                                                      "qosd_scraped.expected.json"},
                                           GoldenCase{"communique.jsonl", "", "communique.expected.json"},
                                           GoldenCase{"questions.csv", "csv_mapping.json", "questions.expected.json"}));

TEST(ParseFlat, ContentIdIsStableAndFollowsTheText) {
  const json a = {{"type", "COMMUNIQUE"}, {"texte", "Un plan."}};
  const json b = {{"type", "COMMUNIQUE"}, {"texte", "Un autre plan."}};
  const Record first = parse_flat(a, {});
  EXPECT_EQ(first.id, parse_flat(a, {}).id);
  EXPECT_NE(first.id, parse_flat(b, {}).id);
  EXPECT_TRUE(std::regex_match(first.id, std::regex("COMMUNIQUE-[0-9a-f]{16}"))) << first.id;
  EXPECT_TRUE(parse_flat(json{{"texte", "x"}}, {}).id.starts_with("DOC-"));
}

TEST(ParseFlat, NumbersAndOddValues) {
  const json row = {{"numero", 12.0},
                    {"legislature", "16"},
                    {"type", "QE"},
                    {"titre", nullptr},
                    {"rubrique", json::array({"x"})},
                    {"auteur", json::object()},
                    {"date_publication", "hier"}};
  const Record r = parse_flat(row, {});
  EXPECT_EQ(r.id, "QANR5L16QE12");
  EXPECT_EQ(r.numero, "12");
  EXPECT_EQ(r.titre, "");
  EXPECT_EQ(r.rubrique, "");
  EXPECT_EQ(r.auteur, "");
  EXPECT_EQ(r.date_publication, "");

  // Numbers beyond any integer are kept as JSON writes them, not converted.
  const Record huge = parse_flat({{"numero", 7e300}, {"type", "QE"}, {"texte_question", "x"}}, {});
  EXPECT_EQ(huge.numero, "7e+300");
}

TEST(ParseFlat, PlainTextKeepsItsLinesAndHtmlIsStripped) {
  const Record plain = parse_flat({{"type", "QE"}, {"texte_question", "A & B ; C\nsuite"}}, {});
  EXPECT_EQ(plain.texte_question, "A & B ; C\nsuite");
  const Record html = parse_flat({{"type", "QE"}, {"texte_question", "<p>A &amp; B</p>\n<p>C</p>"}}, {});
  EXPECT_EQ(html.texte_question, "A & B\n\nC");
}

TEST(ParseFlat, RejectsWhatIsNoObject) {
  for (const json& value : {json(nullptr), json(3), json("x"), json::array()}) {
    EXPECT_THROW((void)parse_flat(value, {}), InputError) << value.dump();
  }
}

TEST(FieldMapping, RejectsMalformedConfigurations) {
  const json bad[] = {
      json::array(),
      {{"columns", "numero"}},
      {{"columns", {{"pas_un_champ", "index"}}}},
      {{"constants", {{"type", nullptr}}}},
      {{"renames", json::object()}},
  };
  for (const json& config : bad) EXPECT_THROW((void)FieldMapping::from_json(config), ConfigError) << config.dump();
  const FieldMapping mapping = FieldMapping::from_json({{"constants", {{"legislature", 15}, {"auteurs", "M. X"}}}});
  EXPECT_EQ(mapping.constants.at("legislature"), "15");
}

// --- CSV -------------------------------------------------------------------------

TEST(SplitCsvLine, Golden) {
  struct Case {
    const char* line;
    char separator;
    std::vector<std::string> fields;
    bool complete;
  };
  const Case cases[] = {
      {"a,b,c", ',', {"a", "b", "c"}, true},
      {"\"a,b\",c", ',', {"a,b", "c"}, true},
      {"\"say \"\"hi\"\"\",x", ',', {"say \"hi\"", "x"}, true},
      {"a;;b", ';', {"a", "", "b"}, true},
      {"a|\"open", '|', {"a", "open"}, false},
      {"x\ty", '\t', {"x", "y"}, true},
      {"a,b\r\n", ',', {"a", "b"}, true},
      {"", ',', {""}, true},
      {"\"multi\nline\",z", ',', {"multi\nline", "z"}, true},
      {"\"a|b\"|c|", '|', {"a|b", "c", ""}, true},
      {"it's,\"\"", ',', {"it's", ""}, true},
  };
  for (const Case& c : cases) {
    const CsvSplit split = split_csv_line(c.line, c.separator);
    EXPECT_EQ(split.fields, c.fields) << c.line;
    EXPECT_EQ(split.complete, c.complete) << c.line;
  }
}

TEST(GuessCsvSeparator, Golden) {
  EXPECT_EQ(guess_csv_separator("a,b,c"), ',');
  EXPECT_EQ(guess_csv_separator("a;b;c"), ';');
  EXPECT_EQ(guess_csv_separator("numero|titre|auteur"), '|');
  EXPECT_EQ(guess_csv_separator("a\tb"), '\t');
  EXPECT_EQ(guess_csv_separator("\"x;y;z\",a,b"), ',');
  EXPECT_EQ(guess_csv_separator("seul"), ',');
}

// --- The real corpus -------------------------------------------------------------

const std::string kCorpus = std::string(HEMICYCLE_SOURCE_DIR) + "/../shared/corpus/";

std::vector<json> corpus_head(const std::string& relative, std::size_t limit) {
  const std::string path = kCorpus + relative;
  std::vector<json> rows;
  if (!std::filesystem::exists(path)) return rows;
  const std::string command = "zstd -dc '" + path + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return rows;
  std::string line;
  char buffer[1 << 16];
  while (rows.size() < limit && fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    line += buffer;
    if (line.back() != '\n') continue;
    rows.push_back(json::parse(line));
    line.clear();
  }
  return rows;
}

TEST(RealCorpus, ScrapedQuestionsParse) {
  struct Source {
    const char* file;
    json mapping;
    const char* uid_pattern;
  };
  const Source sources[] = {
      {"an_qe_l16_scraped/qe_l16_scraped.jsonl.zst", json::object(), "QANR5L16QE[0-9]+"},
      {"an_qosd_l15_scraped/qosd_l15_scraped.jsonl.zst", {{"columns", {{"numero", "index"}}}}, "QANR5L15QOSD[0-9]+"},
  };
  for (const Source& source : sources) {
    const std::vector<json> rows = corpus_head(source.file, 300);
    if (rows.empty()) GTEST_SKIP() << "corpus absent: " << kCorpus;
    ASSERT_EQ(rows.size(), 300U) << source.file;
    const FieldMapping mapping = FieldMapping::from_json(source.mapping);
    std::set<std::string> ids;
    for (const json& row : rows) {
      const Record r = parse_flat(row, mapping);
      EXPECT_TRUE(std::regex_match(r.id, std::regex(source.uid_pattern))) << r.id;
      EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
      EXPECT_TRUE(r.auteur.starts_with("M. ") || r.auteur.starts_with("Mme ")) << r.auteur;
      EXPECT_EQ(r.date_publication.size(), 10U) << r.id;
      EXPECT_FALSE(r.texte_question.empty()) << r.id;
      EXPECT_FALSE(r.ministere_interroge.empty()) << r.id;
      EXPECT_EQ(r.statut, "inconnu") << r.id;  // past législatures, no answer in the source
    }
  }
}

}  // namespace
}  // namespace hemicycle::document
