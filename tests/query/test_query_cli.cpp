// End to end: the real hemicycle-index builds two indexes from tests/data/e2e/,
// the real hemicycle-query searches them, and the JSON it prints is checked.

#include <gtest/gtest.h>

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "support/command.h"

namespace {

using nlohmann::json;

using Outcome = hemicycle::test_support::CommandResult;  // `out`: stdout, and stderr when asked
using hemicycle::test_support::run_shell;

std::string quote(const std::string& text) { return hemicycle::test_support::shell_quote(text); }

class QueryCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = hemicycle::test_support::make_temp_folder("hemicycle-query-cli");
    ASSERT_FALSE(directory_.empty());
    const std::string data = std::string(HEMICYCLE_TEST_DATA) + "/e2e";
    const std::string indexer = std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index -q --db ";
    ASSERT_EQ(run_shell(indexer + quote(questions_db()) + " " + quote(data + "/questions.jsonl") + " 2>&1").status, 0);
    ASSERT_EQ(run_shell(indexer + quote(releases_db()) + " " + quote(data + "/communiques") + " 2>&1").status, 0);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(directory_); }

  static std::string questions_db() { return directory_ + "/questions"; }
  static std::string releases_db() { return directory_ + "/communiques"; }

  // hemicycle-query over both indexes with `arguments` (already shell-quoted).
  static Outcome query(const std::string& arguments, bool with_stderr = false) {
    return run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --db " + quote(questions_db()) + " --db " +
                     quote(releases_db()) + " " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null"));
  }

  static json query_json(const std::string& arguments) {
    const Outcome result = query("--json " + arguments);
    EXPECT_EQ(result.status, 0) << arguments;
    return json::parse(result.out);
  }

  static std::vector<std::string> ids(const json& result) {
    std::vector<std::string> ids;
    for (const json& hit : result["hits"]) ids.push_back(hit["id"]);
    return ids;
  }

  static inline std::string directory_;
};

TEST_F(QueryCliTest, RanksTitleMatchesAboveBodyMatchesAcrossBothIndexes) {
  const json result = query_json("loup");
  EXPECT_EQ(result["query"], "loup");
  EXPECT_EQ(result["total"], 4);
  const std::vector<std::string> hits = ids(result);
  ASSERT_EQ(hits.size(), 4u);
  // Three titles hold the word; the amendment has it only in its exposé.
  EXPECT_EQ(hits.back(), "E2E-AM-105");
  EXPECT_EQ(std::set<std::string>(hits.begin(), hits.end() - 1).count("E2E-QE-101"), 1u);
  EXPECT_TRUE(hits[0].starts_with("COMMUNIQUE-") || hits[0].starts_with("E2E-QE-"));
  EXPECT_EQ(result["hits"][3]["extrait"],
            "Cet amendement finance le pastoralisme : les éleveurs exposés aux <mark>loups</mark> doivent pouvoir "
            "embaucher des aides-bergers.");
  EXPECT_FALSE(result["hits"][3]["record"].contains("expose"));
  EXPECT_EQ(result["hits"][3]["record"]["sort"], "Rejeté");
}

TEST_F(QueryCliTest, SortsByDateAndPages) {
  const json newest_first = query_json("--sort -date loup");
  EXPECT_EQ(ids(newest_first),
            (std::vector<std::string>{"E2E-AM-105", ids(newest_first)[1], "E2E-QE-101", "E2E-QE-102"}));
  // The press release is dated by its "Mis à jour le".
  EXPECT_EQ(newest_first["hits"][1]["record"]["date_mise_a_jour"], "2023-07-02");

  const json second = query_json("--sort date --limit 1 --offset 1 loup");
  EXPECT_EQ(second["total"], 4);
  EXPECT_EQ(ids(second), (std::vector<std::string>{"E2E-QE-101"}));
}

TEST_F(QueryCliTest, PhrasesFiltersAndFacets) {
  EXPECT_EQ(ids(query_json(quote("\"maternité de Die\""))), (std::vector<std::string>{"E2E-QG-103"}));
  EXPECT_EQ(ids(query_json(quote("type:QE rubrique:santé"))), (std::vector<std::string>{"E2E-QE-104"}));
  EXPECT_EQ(ids(query_json(quote("éleveurs date:..2023-06-30"))), (std::vector<std::string>{"E2E-QE-101"}));

  const json faceted = query_json("--facets attaques");
  EXPECT_EQ(faceted["total"], 3);
  EXPECT_EQ(faceted["facets"]["rubrique"],
            json::parse(R"([{"value": "animaux", "count": 1}, {"value": "montagne", "count": 1}])"));
  EXPECT_EQ(faceted["facets"]["territoire"][0], json::parse(R"({"value": "Savoie", "count": 2})"));
  EXPECT_EQ(faceted["facets"]["type"],
            json::parse(R"([{"value": "QE", "count": 2}, {"value": "COMMUNIQUE", "count": 1}])"));
}

TEST_F(QueryCliTest, ExtractKeepsAccentsAndMarksInflectedForms) {
  const json result = query_json("prédateur OR prédation");
  ASSERT_EQ(ids(result), (std::vector<std::string>{"E2E-QE-101"}));
  const std::string extract = result["hits"][0]["extrait"];
  EXPECT_NE(extract.find("la <mark>prédation</mark> touche"), std::string::npos) << extract;
}

TEST_F(QueryCliTest, SuggestsASpellingWhenNothingMatches) {
  const json result = query_json("matrenité");
  EXPECT_EQ(result["total"], 0);
  EXPECT_EQ(result["suggestion"], "maternité");

  const Outcome human = query("--no-color matrenité");
  EXPECT_EQ(human.status, 0);
  EXPECT_NE(human.out.find("Aucun résultat"), std::string::npos);
  EXPECT_NE(human.out.find("Vouliez-vous dire : maternité ?"), std::string::npos) << human.out;
}

TEST_F(QueryCliTest, HumanOutputMarksMatchesWithBrackets) {
  const Outcome result = query("--no-color --facets " + quote("maternité"));
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("1 résultat\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1. Fermeture de la maternité de Die"), std::string::npos);
  EXPECT_NE(result.out.find("E2E-QG-103 · QG · 05/03/2024 · Mme Léa Rivière (Écologiste - NUPES)"), std::string::npos);
  EXPECT_NE(result.out.find("la [maternité] de Die a fermé"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("  rubrique\n    santé (1)"), std::string::npos);
  // The statut as a reader is told it; the facet keeps the value a filter takes.
  EXPECT_NE(result.out.find(" · Statut : répondue\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("  statut\n    repondu (1)"), std::string::npos) << result.out;
  // No hit asked for: the count alone.
  EXPECT_EQ(query("--no-color -n 0 " + quote("maternité")).out.substr(0, 13), "1 résultat\n\n");
}

TEST_F(QueryCliTest, BoostReordersHits) {
  // "montagne" is in the title of E2E-QE-101 and is the rubrique of E2E-QE-102.
  EXPECT_EQ(ids(query_json("--boost titre=20 --boost rubrique=0.5 montagne")),
            (std::vector<std::string>{"E2E-QE-101", "E2E-QE-102"}));
  EXPECT_EQ(ids(query_json("--boost titre=0.5 --boost rubrique=20 montagne")),
            (std::vector<std::string>{"E2E-QE-102", "E2E-QE-101"}));
}

TEST_F(QueryCliTest, ErrorsGiveAMessageAndAnExitStatus) {
  const Outcome malformed = query(quote("loup \"de la"), true);
  EXPECT_EQ(malformed.status, 2);
  EXPECT_NE(malformed.out.find("  loup \"de la\n       ^"), std::string::npos) << malformed.out;

  EXPECT_EQ(query("--boost titer=2 loup", true).status, 2);
  EXPECT_EQ(query("--boost titre=beaucoup loup", true).status, 2);
  EXPECT_EQ(query("--sort hasard loup", true).status, 2);
  EXPECT_EQ(query("", true).status, 2);

  const Outcome missing = run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --db " +
                                    quote(directory_ + "/absent") + " loup 2>&1");
  EXPECT_EQ(missing.status, 3);
  EXPECT_NE(missing.out.find("absent"), std::string::npos);

  const Outcome help = run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
}

TEST_F(QueryCliTest, OddInputNeverCrashes) {
  for (const std::string& odd :
       {std::string("\xff\xfe"), std::string("((((((("), std::string("*"), std::string("\"\""),
        std::string("date:2023-13-45"), std::string("NOT"), std::string(5000, 'a'), std::string("-- -")}) {
    const Outcome result = query("--json -- " + quote(odd), true);
    EXPECT_TRUE(result.status == 0 || result.status == 2) << odd.substr(0, 20) << ": " << result.out;
  }
}

// A spreadsheet file: the header row, then every hit (not only the first page), accents intact.
TEST_F(QueryCliTest, CsvHasAHeaderAndARowPerHit) {
  const json expected = query_json("-n 100 loup");
  const Outcome csv = query("--format csv loup");
  ASSERT_EQ(csv.status, 0);
  ASSERT_TRUE(csv.out.starts_with("\xEF\xBB\xBFid;url;type;chambre;legislature;numero;titre;")) << csv.out;
  std::vector<std::string> rows;
  for (std::size_t at = csv.out.find("\r\n") + 2; at < csv.out.size(); at = csv.out.find("\r\n", at) + 2) {
    rows.push_back(csv.out.substr(at, csv.out.find(';', at) - at));
  }
  EXPECT_EQ(rows, ids(expected));
  EXPECT_NE(csv.out.find(";Attaques de loups sur les troupeaux en montagne;"), std::string::npos);
  EXPECT_EQ(query("--format csv -n 1 loup").out.find("\r\n", csv.out.find("\r\n") + 2) + 2,
            query("--format csv -n 1 loup").out.size())
      << "-n still limits an export";
}

TEST_F(QueryCliTest, JsonLinesHasAHitPerLine) {
  const json expected = query_json("-n 100 loup");
  const Outcome lines = query("--format jsonl loup");
  ASSERT_EQ(lines.status, 0);
  std::vector<json> hits;
  for (std::size_t at = 0; at < lines.out.size(); at = lines.out.find('\n', at) + 1) {
    hits.push_back(json::parse(lines.out.substr(at, lines.out.find('\n', at) - at)));
  }
  EXPECT_EQ(json(hits), expected["hits"]);
}

// For a cron job: what was published or answered since a date, newest first.
TEST_F(QueryCliTest, SinceKeepsWhatIsNewNewestFirst) {
  // Published 2024-03-05, 2023-10-20, 2023-07-02; the last published 2023-04-11 and answered 2023-09-19.
  EXPECT_EQ(ids(query_json("--since 2023-06-01 loup OR maternité")),
            (std::vector<std::string>{"E2E-QG-103", "E2E-AM-105", "COMMUNIQUE-2023-07-02-7e8e2873", "E2E-QE-101"}));
  EXPECT_EQ(ids(query_json("--since 2024-01-01")), std::vector<std::string>{"E2E-QG-103"});
  const Outcome bad = query("--since 01/01/2024 loup", true);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("--since expects a date as YYYY-MM-DD"), std::string::npos) << bad.out;
}

TEST_F(QueryCliTest, TextOutputShowsTheOfficialLink) {
  const std::string db = directory_ + "/officiel";
  const std::string data = std::string(HEMICYCLE_TEST_DATA) + "/an_json/";
  ASSERT_EQ(run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index -q --db " + quote(db) + " " +
                      quote(data + "qe_answered.json") + " 2>&1")
                .status,
            0);
  const Outcome text =
      run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --no-color --db " + quote(db) + " sécheresse");
  EXPECT_NE(text.out.find("\n   https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE4321\n"),
            std::string::npos)
      << text.out;
}

}  // namespace
