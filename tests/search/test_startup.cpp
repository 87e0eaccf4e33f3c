// What a search costs before it searches: a query, with or without a place in it,
// never builds the gazetteer (Gazetteer::embedded(), tens of milliseconds of hash
// tables that only tagging needs); places are looked up in the table laid out at
// build time. The index is written by the real hemicycle-index, since indexing in
// this process would build the gazetteer itself.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "document/gazetteer.h"
#include "index/index_writer.h"
#include "search/searcher.h"
#include "search/synonyms.h"
#include "support/command.h"
#include "support/temporary_index.h"

namespace hemicycle::search {
namespace {

class StartupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = test_support::make_temp_folder("hemicycle-startup");
    ASSERT_FALSE(folder_.empty());
    const std::string data = std::string(HEMICYCLE_TEST_DATA) + "/e2e/questions.jsonl";
    ASSERT_EQ(test_support::run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index -q --db " +
                                      test_support::shell_quote(folder_ + "/db") + " " +
                                      test_support::shell_quote(data) + " 2>&1")
                  .status,
              0);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(folder_); }

  // The ids of the first page of `query`, searched as hemicycle-query does.
  static std::vector<std::string> search(const std::string& query) {
    const analysis::FrenchAnalyzer& analyzer = test_support::test_analyzer();
    QueryOptions options;
    options.synonyms = &Synonyms::embedded();
    const Searcher searcher(analyzer, index::open_for_reading({folder_ + "/db"}, analyzer), options);
    SearchRequest request;
    request.query = query;
    request.facets = true;
    std::vector<std::string> ids;
    for (const auto& hit : searcher.search(request).hits) ids.push_back(hit.id);
    return ids;
  }

  static bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static inline std::string folder_;
};

TEST_F(StartupTest, AQueryNamingNoPlaceDoesNotBuildTheGazetteer) {
  EXPECT_TRUE(has(search("attaques loups troupeaux"), "E2E-QE-101"));
  EXPECT_FALSE(document::Gazetteer::embedded_is_built());
}

TEST_F(StartupTest, APlaceInTheWordsOrAFilterIsFoundWithoutBuildingTheGazetteer) {
  EXPECT_TRUE(has(search("loups savoie"), "E2E-QE-101"));
  EXPECT_TRUE(has(search("loups territoire:savoie"), "E2E-QE-101"));
  EXPECT_FALSE(has(search("loups territoire:savoie"), "E2E-QE-102"));
  EXPECT_FALSE(document::Gazetteer::embedded_is_built());
}

}  // namespace
}  // namespace hemicycle::search
