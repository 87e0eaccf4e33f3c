// Sharded indexes and compaction: the routing of documents to shards (golden
// tables), then the real hemicycle-index and hemicycle-query on the e2e fixture.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "errors.h"
#include "index/compaction.h"
#include "index/schema.h"
#include "index/shards.h"
#include "support/command.h"

namespace fs = std::filesystem;
using hemicycle::index::ShardLayout;
using hemicycle::index::ShardScheme;

namespace {

TEST(StableIdHash, IsFnv1a64) {
  // Published FNV-1a test vectors (offset basis, "a", "foobar").
  EXPECT_EQ(hemicycle::index::stable_id_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(hemicycle::index::stable_id_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(hemicycle::index::stable_id_hash("foobar"), 0x85944171f73967e8ULL);
}

TEST(ShardName, Golden) {
  struct Case {
    ShardLayout layout;
    std::string id;
    std::optional<int> legislature;
    std::string expected;
  };
  const ShardLayout by_legislature{ShardScheme::Legislature, 0};
  const ShardLayout by_hash4{ShardScheme::Hash, 4};
  const std::vector<Case> cases = {
      {by_legislature, "QANR5L16QE10824", 16, "l16"},
      {by_legislature, "QANR5L15QG0001", 15, "l15"},
      {by_legislature, "COMMUNIQUE-2023-07-02-7e8e2873", std::nullopt, "l0"},
      {by_hash4, "a", 16, "h0"},           // 0x…8c % 4
      {by_hash4, "foobar", 16, "h0"},      // 0x…e8 % 4
      {by_hash4, "", std::nullopt, "h1"},  // 0x…25 % 4
      {ShardLayout{ShardScheme::Hash, 1}, "QANR5L16QE10824", 16, "h0"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(hemicycle::index::shard_name(c.layout, c.id, c.legislature), c.expected) << c.id;
  }
  // The législature plays no part in a hash shard: a document never moves.
  EXPECT_EQ(hemicycle::index::shard_name(by_hash4, "QANR5L16QE10824", 15),
            hemicycle::index::shard_name(by_hash4, "QANR5L16QE10824", 16));
}

TEST(ShardLayoutText, RoundTripsAndRejects) {
  EXPECT_EQ(ShardLayout::parse("legislature"), (ShardLayout{ShardScheme::Legislature, 0}));
  EXPECT_EQ(ShardLayout::parse("hash:4"), (ShardLayout{ShardScheme::Hash, 4}));
  EXPECT_EQ(ShardLayout::parse("hash:4").to_string(), "hash:4");
  EXPECT_EQ(ShardLayout::parse("legislature").to_string(), "legislature");
  for (const char* bad : {"hash", "hash:", "hash:0", "hash:4x", "hash:-1", "hash:2000", "legislatures", ""}) {
    EXPECT_THROW((void)ShardLayout::parse(bad), hemicycle::ConfigError) << bad;
  }
}

using hemicycle::test_support::CommandResult;
using hemicycle::test_support::read_file;
using hemicycle::test_support::run_program;
const auto& quote = hemicycle::test_support::shell_quote;

const std::string kFixture = HEMICYCLE_TEST_DATA "/e2e";

class ShardedIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hemicycle-shards-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandResult run(const std::string& program, const std::vector<std::string>& args) {
    return run_program(program, args, dir_);
  }

  CommandResult index(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "-q"});
    return run("hemicycle-index", args);
  }

  // hemicycle-query --json --facets over `dbs`.
  nlohmann::json search(const std::vector<std::string>& dbs, const std::string& query) {
    std::vector<std::string> args;
    for (const auto& db : dbs) args.insert(args.end(), {"--db", db});
    args.insert(args.end(), {"--json", "--facets", "-n", "50", "--", query});
    const CommandResult result = run("hemicycle-query", args);
    EXPECT_EQ(result.status, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / "in" / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

std::vector<std::string> ids(const nlohmann::json& result) {
  std::vector<std::string> out;
  for (const auto& hit : result.at("hits")) out.push_back(hit.at("id").get<std::string>());
  return out;
}

const std::vector<std::string> kQueries = {"loup", "troupeaux savoie", "rubrique:animaux", "date:2023..",
                                           "maternité OR médicaux"};

TEST_F(ShardedIndex, LegislatureShardsSearchAsOneDatabase) {
  ASSERT_EQ(index(path("single"), {kFixture}).status, 0);
  const CommandResult sharded = index(path("shards"), {"--shard-by", "legislature", kFixture});
  ASSERT_EQ(sharded.status, 0) << sharded.err;

  const std::vector<std::string> listed = hemicycle::index::read_stub_shards(path("shards"));
  // The press release belongs to no législature: a shard of its own.
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), (std::set<std::string>{"l0", "l15", "l16"}));
  Xapian::doccount in_shards = 0;
  for (const std::string& shard : listed) {
    Xapian::Database db(path("shards") + "/" + shard);
    in_shards += db.get_doccount();
    // Every shard carries the analyzer signature that readers check, and the layout.
    EXPECT_FALSE(db.get_metadata(std::string(hemicycle::index::kMetaAnalyzer)).empty()) << shard;
    EXPECT_EQ(db.get_metadata(std::string(hemicycle::index::kMetaSharding)), "legislature") << shard;
  }
  EXPECT_EQ(in_shards, Xapian::Database(path("single")).get_doccount());
  EXPECT_EQ(Xapian::Database(path("shards")).get_doccount(), in_shards);

  for (const std::string& query : kQueries) {
    const nlohmann::json one = search({path("single")}, query);
    const nlohmann::json stub = search({path("shards")}, query);
    ASSERT_TRUE(one.is_object() && stub.is_object()) << query;
    EXPECT_FALSE(one.at("hits").empty()) << query;
    EXPECT_EQ(stub.at("total"), one.at("total")) << query;
    EXPECT_EQ(stub.at("facets"), one.at("facets")) << query;
    std::vector<std::string> one_ids = ids(one);
    std::vector<std::string> stub_ids = ids(stub);
    // Equal scores are ordered by document number, which sharding changes.
    std::sort(one_ids.begin(), one_ids.end());
    std::sort(stub_ids.begin(), stub_ids.end());
    EXPECT_EQ(stub_ids, one_ids) << query;
    // Listing the shards one by one is the same as the stub file.
    std::vector<std::string> one_by_one;
    for (const std::string& shard : listed) one_by_one.push_back(path("shards") + "/" + shard);
    EXPECT_EQ(ids(search(one_by_one, query)), ids(stub)) << query;
  }
}

TEST_F(ShardedIndex, ReindexedDocumentMovesToItsNewLegislature) {
  const std::string line15 =
      R"({"id": "QMOVE1", "type": "QE", "legislature": 15, "titre": "Transhumance des brebis", "texte_question": "Les bergers de la vallée."})";
  const std::string line16 =
      R"({"id": "QMOVE1", "type": "QE", "legislature": 16, "titre": "Transhumance des brebis", "texte_question": "Les bergers de la vallée."})";
  ASSERT_EQ(index(path("shards"), {"--shard-by", "legislature", write("a.jsonl", line15)}).status, 0);
  const CommandResult again = index(path("shards"), {write("b.jsonl", line16)});  // layout read from the shards
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(Xapian::Database(path("shards") + "/l15").get_doccount(), 0U);
  EXPECT_EQ(Xapian::Database(path("shards") + "/l16").get_doccount(), 1U);
  EXPECT_EQ(ids(search({path("shards")}, "transhumance")), std::vector<std::string>{"QMOVE1"});
}

TEST_F(ShardedIndex, HashShardsReplaceAndDeleteAcrossShards) {
  const CommandResult first = index(path("shards"), {"--shard-by", "hash", "--shards", "3", kFixture});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(hemicycle::index::read_stub_shards(path("shards")), (std::vector<std::string>{"h0", "h1", "h2"}));
  const Xapian::doccount total = Xapian::Database(path("shards")).get_doccount();
  ASSERT_EQ(index(path("shards"), {kFixture}).status, 0);  // the same documents again: replaced, not added
  EXPECT_EQ(Xapian::Database(path("shards")).get_doccount(), total);

  ASSERT_EQ(index(path("shards"), {"--delete", "E2E-QE-101", "--delete", "COMMUNIQUE-2023-07-02-7e8e2873"}).status, 0);
  EXPECT_EQ(Xapian::Database(path("shards")).get_doccount(), total - 2);
  EXPECT_EQ(index(path("shards"), {"--delete", "E2E-QE-101"}).status, 1);  // no longer anywhere
}

TEST_F(ShardedIndex, RefusesAnotherLayoutOrASingleDatabase) {
  ASSERT_EQ(index(path("shards"), {"--shard-by", "hash", "--shards", "2", kFixture}).status, 0);
  const CommandResult other = index(path("shards"), {"--shard-by", "legislature", kFixture});
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("sharded by hash:2"), std::string::npos) << other.err;
  EXPECT_EQ(index(path("shards"), {"--shard-by", "hash", "--shards", "3", kFixture}).status, 2);
  EXPECT_EQ(index(path("shards2"), {"--shard-by", "hash", kFixture}).status, 2);  // hash needs --shards

  ASSERT_EQ(index(path("single"), {kFixture}).status, 0);
  EXPECT_EQ(index(path("single"), {"--shard-by", "legislature", kFixture}).status, 2);
}

TEST_F(ShardedIndex, CompactionKeepsDocumentsAndResults) {
  // Small batches leave a database with room to compact.
  ASSERT_EQ(index(path("db"), {"--batch", "1", kFixture}).status, 0);
  ASSERT_EQ(index(path("db"), {"--batch", "1", kFixture}).status, 0);
  const std::uintmax_t before = hemicycle::index::folder_size(path("db"));
  const Xapian::doccount count = Xapian::Database(path("db")).get_doccount();
  std::vector<nlohmann::json> results;
  for (const std::string& query : kQueries) results.push_back(search({path("db")}, query));

  const CommandResult compacted = index(path("db"), {"--compact"});
  ASSERT_EQ(compacted.status, 0) << compacted.err;
  EXPECT_LE(hemicycle::index::folder_size(path("db")), before);
  EXPECT_EQ(Xapian::Database(path("db")).get_doccount(), count);
  for (std::size_t i = 0; i < kQueries.size(); ++i)
    EXPECT_EQ(search({path("db")}, kQueries[i]), results[i]) << kQueries[i];
  EXPECT_FALSE(fs::exists(path("db") + ".old"));
  EXPECT_FALSE(fs::exists(path("db") + ".compacting"));
  // The database can still be written to.
  ASSERT_EQ(index(path("db"), {"--delete", "E2E-QE-101"}).status, 0);
  EXPECT_EQ(Xapian::Database(path("db")).get_doccount(), count - 1);
}

TEST_F(ShardedIndex, CompactionAfterARunAndOfEachShard) {
  const CommandResult run_then_compact =
      index(path("shards"), {"--shard-by", "legislature", "--batch", "1", "--compact", kFixture});
  ASSERT_EQ(run_then_compact.status, 0) << run_then_compact.err;
  ASSERT_EQ(index(path("single"), {kFixture}).status, 0);
  // Still three shards (l15, l16 and l0 for the press release), not one merged database.
  EXPECT_EQ(hemicycle::index::read_stub_shards(path("shards")).size(), 3U);
  EXPECT_TRUE(fs::exists(path("shards") + "/l16/iamglass"));
  EXPECT_EQ(Xapian::Database(path("shards")).get_doccount(), Xapian::Database(path("single")).get_doccount());
  EXPECT_EQ(search({path("shards")}, "loup").at("total"), search({path("single")}, "loup").at("total"));
}

TEST_F(ShardedIndex, CompactingNothingFails) { EXPECT_EQ(index(path("missing"), {"--compact"}).status, 3); }

}  // namespace
