// End-to-end tests of hemicycle-index: the real binary on files written for the
// tests and on the seeds of ../shared/seeds.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "index/schema.h"
#include "index/stored_record.h"
#include "support/command.h"

namespace fs = std::filesystem;

namespace {

using hemicycle::test_support::CommandResult;
using hemicycle::test_support::read_file;
using hemicycle::test_support::run_program;
using hemicycle::test_support::run_shell;
const auto& quote = hemicycle::test_support::shell_quote;

class IndexerCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hemicycle-index-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  CommandResult index(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_program("hemicycle-index", args, dir_);
  }

  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / "in" / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  Xapian::doccount count() { return Xapian::Database(db_).get_doccount(); }

  fs::path dir_;
  std::string db_;
};

const std::string kSeeds = HEMICYCLE_SOURCE_DIR "/../shared/seeds";

const std::string kQuestionLine =
    R"({"uid": "QXTEST1", "type": "QE", "legislature": 16, "numero": "501", "titre": "Fermeture de la maternité",)"
    R"( "rubrique": "Santé", "auteur": "Mme Jeanne Test", "date_publication": "12/09/2023",)"
    R"( "texte_question": "Mme Jeanne Test interroge M. le ministre de la santé sur la fermeture de la maternité."})";

TEST_F(IndexerCli, IndexesTheSeedsAndShowsAStoredRecord) {
  if (!fs::exists(kSeeds)) GTEST_SKIP() << "no " << kSeeds;
  const CommandResult run = index({kSeeds});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(count(), 5U);
  EXPECT_NE(run.err.find("Indexed 5 documents from 5 files"), std::string::npos) << run.err;

  const CommandResult show = index({"--show", "QANR5L16QE10824"});
  ASSERT_EQ(show.status, 0) << show.err;
  const auto record = nlohmann::json::parse(show.out);  // nothing else on stdout
  EXPECT_EQ(record["id"], "QANR5L16QE10824");
  EXPECT_EQ(record["type"], "QE");
  EXPECT_EQ(record["legislature"], 16);
  EXPECT_EQ(record["rubrique"], "Industrie");
  EXPECT_FALSE(record.contains("terms"));
}

TEST_F(IndexerCli, ShowTermsListsAnalysedTermsAndFilters) {
  if (!fs::exists(kSeeds)) GTEST_SKIP() << "no " << kSeeds;
  ASSERT_EQ(index({kSeeds}).status, 0);
  const CommandResult show = index({"--show", "QANR5L16QE10824", "--terms"});
  ASSERT_EQ(show.status, 0) << show.err;
  const auto record = nlohmann::json::parse(show.out);
  std::set<std::string> terms;
  for (const auto& t : record["terms"]) terms.insert(t["term"].get<std::string>());
  EXPECT_TRUE(terms.count("QQANR5L16QE10824"));
  EXPECT_TRUE(terms.count("XTYPEqe"));
  EXPECT_TRUE(terms.count("XLEG16"));
  EXPECT_TRUE(terms.count("XRUBindustrie"));
  EXPECT_TRUE(terms.count("XSTATretire"));
  EXPECT_TRUE(terms.count("Y2023"));
  EXPECT_TRUE(terms.count("XTERd86"));  // Vienne, from the constituency
  // Elision and accent folding reach the index: "l'usine" and "désindustrialisation".
  bool has_desindus = false;
  for (const auto& t : terms) has_desindus |= t.rfind("desindustrialis", 0) == 0;
  EXPECT_TRUE(has_desindus);
}

TEST_F(IndexerCli, ADamagedStoredRecordIsAnIndexErrorNotACrash) {
  ASSERT_EQ(index({write("q.jsonl", kQuestionLine + "\n").string()}).status, 0);
  {
    Xapian::WritableDatabase db(db_);
    const Xapian::docid id = *db.postlist_begin("QQXTEST1");
    Xapian::Document doc = db.get_document(id);
    doc.add_value(hemicycle::index::kRecordSlot, "{\"id\": \"QXTEST1\", ");
    db.replace_document(id, doc);
    db.commit();
  }
  const CommandResult show = index({"--show", "QXTEST1"});
  EXPECT_EQ(show.status, 3) << show.err;
  EXPECT_NE(show.err.find("hemicycle-index: the stored record of 'QXTEST1'"), std::string::npos) << show.err;
  EXPECT_NE(show.err.find("is not JSON"), std::string::npos) << show.err;
}

TEST_F(IndexerCli, ReindexingReplacesAndDeleteRemoves) {
  const fs::path file = write("q.jsonl", kQuestionLine + "\n");
  ASSERT_EQ(index({file.string()}).status, 0);
  ASSERT_EQ(index({file.string()}).status, 0);
  EXPECT_EQ(count(), 1U);
  const CommandResult del = index({"--delete", "QXTEST1"});
  EXPECT_EQ(del.status, 0) << del.err;
  EXPECT_EQ(count(), 0U);
  const CommandResult again = index({"--delete", "QXTEST1"});
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("QXTEST1: no such document"), std::string::npos) << again.err;
}

TEST_F(IndexerCli, BadInputsAreReportedAndTheRestIsIndexed) {
  const fs::path good = write("good.jsonl", kQuestionLine + "\n{\"oops\": \n");
  const fs::path empty = write("empty.txt", "");
  const fs::path binary = write("binary.txt", std::string("\x7f"
                                                          "ELF\0\0\x01",
                                                          7));
  // 0x81 is undefined in Windows-1252 too, so the file is not converted.
  const fs::path latin1 = write("latin1.txt", "Question \x81\x63rite sur la sant\xe9\n");
  const CommandResult run = index({(dir_ / "in").string(), (dir_ / "missing").string()});
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(count(), 1U);
  EXPECT_NE(run.err.find(good.string() + ":2: malformed JSON"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(empty.string() + ": empty file"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(binary.string() + ": binary file"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(latin1.string() + ": invalid UTF-8 at byte 9"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("missing: no such file or folder"), std::string::npos) << run.err;
}

TEST_F(IndexerCli, OfficialAmendmentWithoutTextIsStillADocument) {
  const fs::path file =
      write("am.jsonl",
            R"({"amendement": {"uid": "AMANR5L17PO838901B0324P0D1N000001", "identification": {"numeroLong": "1"},)"
            R"( "cycleDeVie": {"dateDepot": "2024-10-01", "sort": "Retiré"}}})"
            "\n");
  const CommandResult run = index({file.string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(count(), 1U);
  const CommandResult show = index({"--show", "AMANR5L17PO838901B0324P0D1N000001"});
  ASSERT_EQ(show.status, 0) << show.err;
  EXPECT_EQ(nlohmann::json::parse(show.out)["sort"], "Retiré");
}

TEST_F(IndexerCli, BadRowOfAnActorsTableIsReportedAndTheRestLoaded) {
  const std::string acteur =
      R"({"uid": {"#text": "PA%d"}, "etatCivil": {"ident": {"civ": "M.", "prenom": "Jean", "nom": "Test"}}})";
  auto row = [&acteur](int n) {
    std::string line = acteur;
    line.replace(line.find("%d"), 2, std::to_string(n));
    return line;
  };
  const fs::path table = write("acteurs.jsonl", row(1) + "\n" + R"({"etatCivil": {}})" + "\n" + row(3) + "\n");
  const fs::path questions = write("q.jsonl", kQuestionLine + "\n");
  const CommandResult run = index({"--actors", table.string(), questions.string()});
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find(table.string() + ":2: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Reference tables: 2 acteurs"), std::string::npos) << run.err;
  EXPECT_EQ(count(), 1U);
}

// A table read in batches, cut short (a truncated download): every row read before the
// damage is kept, the damage reported, and the documents indexed.
TEST_F(IndexerCli, ActorsTableCutShortKeepsTheRowsBeforeTheDamage) {
  std::string rows;
  for (int n = 1; n <= 120; ++n) {  // fewer than a batch: all of them wait for the end of the file
    rows += R"({"uid": {"#text": "PA)" + std::to_string(n) +
            R"("}, "etatCivil": {"ident": {"civ": "M.", "prenom": "Jean", "nom": "Test)" + std::to_string(n) +
            R"("}}})" + "\n";
  }
  const fs::path plain = write("acteurs.jsonl", rows);
  ASSERT_EQ(run_shell("gzip -n " + quote(plain.string())).status, 0);
  const fs::path table = plain.string() + ".gz";
  fs::resize_file(table, fs::file_size(table) / 2);
  const fs::path questions = write("q.jsonl", kQuestionLine + "\n");
  const CommandResult run = index({"--actors", table.string(), questions.string()});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find(table.string() + ": "), std::string::npos) << run.err;
  const std::size_t at = run.err.find("Reference tables: ");
  ASSERT_NE(at, std::string::npos) << run.err;
  const int acteurs = std::stoi(run.err.substr(at + std::string("Reference tables: ").size()));
  EXPECT_GT(acteurs, 20) << run.err;
  EXPECT_LT(acteurs, 120) << run.err;
  EXPECT_EQ(count(), 1U);
}

TEST_F(IndexerCli, AFoldersReadmeIsNotADocument) {
  write("q.jsonl", kQuestionLine + "\n");
  write("README.md", "# Export of written questions\n\nOne question per line, from the intranet.\n");
  const CommandResult run = index({(dir_ / "in").string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(count(), 1U);
}

TEST_F(IndexerCli, CompressedInputAndStandardInput) {
  const fs::path plain = write("q.jsonl", kQuestionLine + "\n");
  ASSERT_EQ(std::system(("gzip -k " + quote(plain.string())).c_str()), 0);
  fs::remove(plain);
  EXPECT_EQ(index({(plain.string() + ".gz")}).status, 0);
  EXPECT_EQ(count(), 1U);

  const fs::path other = write("other.txt",
                               "Conseil national de l'industrie : communiqué\n\nMis à jour le 02/01/2023\n\n"
                               "Le Gouvernement annonce un plan pour l'industrie en Normandie.\n");
  const std::string command =
      std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index -q --db " + quote(db_) + " - < " + quote(other.string());
  EXPECT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(count(), 2U);
}

TEST_F(IndexerCli, SecondWriterIsToldTheDatabaseIsLocked) {
  const fs::path file = write("q.jsonl", kQuestionLine + "\n");
  Xapian::WritableDatabase holder(db_, Xapian::DB_CREATE_OR_OPEN);
  const CommandResult run = index({file.string()});
  EXPECT_EQ(run.status, 3);
  EXPECT_NE(run.err.find("database locked"), std::string::npos) << run.err;
}

TEST_F(IndexerCli, IndexOfAnotherLayoutIsNotWrittenTo) {
  const fs::path file = write("q.jsonl", kQuestionLine + "\n");
  ASSERT_EQ(index({file.string()}).status, 0);
  {
    Xapian::WritableDatabase db(db_, Xapian::DB_OPEN);
    db.set_metadata("hemicycle.schema", "1");  // as written before stopwords lost their postings
    db.commit();
  }
  const CommandResult run = index({file.string()});
  EXPECT_EQ(run.status, 3);
  EXPECT_NE(run.err.find("layout 1"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("re-index into a new database"), std::string::npos) << run.err;
  EXPECT_EQ(count(), 1U);
}

// Terms of a document: each with its wdf and positions.
std::string term_dump(const Xapian::Document& doc) {
  std::string dump;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    dump += *it + ":" + std::to_string(it.get_wdf());
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) dump += "," + std::to_string(*pos);
    dump += " ";
  }
  return dump;
}

// A new index built by several writers in parts, merged at the end, holds what
// one writer would have written: the same documents (the later of two versions
// of an id), terms, frequencies and spelling table; no part is left behind.
TEST_F(IndexerCli, NewIndexBuiltInPartsEqualsOneWriter) {
  std::string lines;
  const char* subjects[] = {"la fermeture de la maternité", "les pesticides dans les rivières",
                            "l'accès aux soins en zone rurale", "la désindustrialisation de la vallée"};
  for (int i = 0; i < 400; ++i) {
    lines += R"({"uid": "QXPAR)" + std::to_string(i) + R"(", "type": "QE", "legislature": 16, "numero": ")" +
             std::to_string(i) + R"(", "titre": "Question )" + std::to_string(i) + " sur " + subjects[i % 4] +
             R"(", "rubrique": "santé", "date_publication": "12/09/2023", "texte_question": "M. le député )"
             R"(interroge la ministre sur )" +
             subjects[(i / 4) % 4] + R"(."})" + "\n";
  }
  // A second version of QXPAR7: the later one wins, whichever writer has it.
  lines += R"({"uid": "QXPAR7", "type": "QE", "legislature": 16, "numero": "7", "titre": "Version corrigée",)"
           R"( "date_publication": "13/09/2023", "texte_question": "Texte corrigé sur la viticulture."})"
           "\n";
  const fs::path file = write("many.jsonl", lines);
  const std::string one = (dir_ / "one").string();
  const std::string parts = (dir_ / "parts").string();
  ASSERT_EQ(run_program("hemicycle-index", {"-q", "--db", one, "--writers", "1", file.string()}, dir_).status, 0);
  const CommandResult built =
      run_program("hemicycle-index", {"--db", parts, "--writers", "3", "--batch", "50", file.string()}, dir_);
  ASSERT_EQ(built.status, 0) << built.err;
  EXPECT_NE(built.err.find("the index holds 400 documents"), std::string::npos) << built.err;
  EXPECT_FALSE(fs::exists(fs::path(parts) / ".parts"));
  EXPECT_FALSE(fs::exists(parts + ".merging"));

  const Xapian::Database a(one);
  const Xapian::Database b(parts);
  ASSERT_EQ(a.get_doccount(), 400U);
  ASSERT_EQ(b.get_doccount(), 400U);
  EXPECT_EQ(a.get_total_length(), b.get_total_length());
  EXPECT_EQ(a.get_metadata("hemicycle.analyzer"), b.get_metadata("hemicycle.analyzer"));
  EXPECT_FALSE(b.get_metadata("hemicycle.schema").empty());
  EXPECT_EQ(a.get_metadata("hemicycle.schema"), b.get_metadata("hemicycle.schema"));
  for (auto term = a.allterms_begin(); term != a.allterms_end(); ++term) {
    EXPECT_EQ(b.get_termfreq(*term), term.get_termfreq()) << *term;
  }
  for (int i = 0; i < 400; ++i) {
    const std::string id_term = "QQXPAR" + std::to_string(i);
    ASSERT_EQ(b.get_termfreq(id_term), 1U) << id_term;
    const Xapian::Document da = a.get_document(*a.postlist_begin(id_term));
    const Xapian::Document db = b.get_document(*b.postlist_begin(id_term));
    EXPECT_EQ(hemicycle::index::stored_record_bytes(da), hemicycle::index::stored_record_bytes(db)) << id_term;
    EXPECT_EQ(term_dump(da), term_dump(db)) << id_term;
  }
  EXPECT_NE(hemicycle::index::decode_stored_record(
                hemicycle::index::stored_record_bytes(b.get_document(*b.postlist_begin("QQXPAR7"))))
                .dump()
                .find("Version corrigée"),
            std::string::npos);
  EXPECT_EQ(a.get_spelling_suggestion("maternite"), "maternité");
  EXPECT_EQ(b.get_spelling_suggestion("maternite"), "maternité");
  auto spellings = [](const Xapian::Database& db) {
    std::map<std::string, Xapian::doccount> words;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) words[*it] = it.get_termfreq();
    return words;
  };
  EXPECT_EQ(spellings(a), spellings(b));

  // The merged index is updated in place by one writer, as any existing index.
  const fs::path more = write("more.jsonl", kQuestionLine + "\n");
  const CommandResult update = run_program("hemicycle-index", {"--db", parts, "--writers", "3", more.string()}, dir_);
  EXPECT_EQ(update.status, 0) << update.err;
  EXPECT_NE(update.err.find("updated by one writer"), std::string::npos) << update.err;
  EXPECT_EQ(Xapian::Database(parts).get_doccount(), 401U);
}

// A new index is merged, and an index compacted, in the folder's place: named
// "." from inside it or with a trailing "/", that place is the folder itself.
// An amendment read from its exported text and from the official open data is one
// document, the official one, in whichever order they come: in one new index (its
// parts built in parallel), added to an existing index, and into hash shards.
TEST_F(IndexerCli, AnAmendmentReadFromTextAndFromOpenDataIsIndexedOnce) {
  const std::string exported = HEMICYCLE_SOURCE_DIR "/tests/data/index/amendment_cl42_exported.txt";
  const std::string official = HEMICYCLE_SOURCE_DIR "/tests/data/an_json/amendment.json";
  const std::string uid = "AMANR5L17PO59051B1105P0D1N000042";
  const auto only_official = [&](const std::string& db) {
    const Xapian::Database read(db);
    EXPECT_EQ(read.get_doccount(), 1u) << db;
    EXPECT_TRUE(read.term_exists("Q" + uid)) << db;
    EXPECT_FALSE(read.term_exists("QAMENDEMENT-L17-T1105-NCL42")) << db;
    EXPECT_EQ(read.get_termfreq("XAMK17/1105/CL42"), 1u) << db;
  };
  // Alone, the exported text is indexed under the id made from it.
  const std::string alone = (dir_ / "alone").string();
  ASSERT_EQ(run_program("hemicycle-index", {"-q", "--db", alone, exported}, dir_).status, 0);
  EXPECT_TRUE(Xapian::Database(alone).term_exists("QAMENDEMENT-L17-T1105-NCL42"));
  // Then the open data: it takes the exported one's place, and says so.
  const CommandResult added = run_program("hemicycle-index", {"--db", alone, official}, dir_);
  ASSERT_EQ(added.status, 0) << added.err;
  EXPECT_NE(added.err.find("1 amendments were read both from exported text and from the open data"), std::string::npos)
      << added.err;
  only_official(alone);
  // The exported text again, later: the official record stays.
  ASSERT_EQ(run_program("hemicycle-index", {"-q", "--db", alone, exported}, dir_).status, 0);
  only_official(alone);
  // Both in one run, in either order, with two writers building parts.
  for (const auto& [name, first, second] :
       {std::tuple{"text-first", exported, official}, std::tuple{"json-first", official, exported}}) {
    const std::string db = (dir_ / name).string();
    ASSERT_EQ(run_program("hemicycle-index", {"-q", "--db", db, "--writers", "2", first, second}, dir_).status, 0);
    only_official(db);
  }
  // Hash shards: both readings go to the shard of the amendment, not of their ids.
  const std::string sharded = (dir_ / "sharded").string();
  ASSERT_EQ(
      run_program("hemicycle-index", {"-q", "--db", sharded, "--shard-by", "hash", "--shards", "4", exported}, dir_)
          .status,
      0);
  ASSERT_EQ(run_program("hemicycle-index", {"-q", "--db", sharded, official}, dir_).status, 0);
  const CommandResult found = run_program("hemicycle-query", {"--db", sharded, "--json", "type:amendement"}, dir_);
  ASSERT_EQ(found.status, 0) << found.err;
  const nlohmann::json result = nlohmann::json::parse(found.out);
  ASSERT_EQ(result.at("total"), 1) << found.out;
  EXPECT_EQ(result.at("hits").at(0).at("id"), uid);
}

// Without the pairs of adjacent words, a phrase finds the same documents from
// positions alone; an index where only some documents have pairs (updated with
// another choice) is searched by positions too, and finds them all.
TEST_F(IndexerCli, NoPairsIndexFindsTheSamePhrases) {
  const fs::path question = write("q.jsonl", kQuestionLine + "\n");
  const std::string with_pairs = db_;
  ASSERT_EQ(index({question.string()}).status, 0);
  db_ = (dir_ / "without").string();
  const CommandResult without = index({"--no-pairs", question.string()});
  ASSERT_EQ(without.status, 0) << without.err;
  // The documents written with pairs have the term saying so: "XPAIRF" and the hash of the pair lists.
  const auto with_pairs_marked = [](const std::string& db) {
    const Xapian::Database database(db);
    Xapian::doccount marked = 0;
    for (auto term = database.allterms_begin("XPAIRF"); term != database.allterms_end("XPAIRF"); ++term) {
      marked += term.get_termfreq();
    }
    return marked;
  };
  EXPECT_EQ(with_pairs_marked(with_pairs), 1U);
  // "ministre" and "santé" are a frequent pair (data/phrase_pairs/frequent_pairs.txt), "maternité" no pair word.
  EXPECT_TRUE(Xapian::Database(with_pairs).term_exists("XPH3ministr sant"));
  EXPECT_FALSE(Xapian::Database(with_pairs).term_exists("XPH3fermetur maternit"));
  EXPECT_EQ(with_pairs_marked(db_), 0U);
  EXPECT_FALSE(Xapian::Database(db_).term_exists("XPH3ministr sant"));
  const auto found = [this](const std::string& db, const std::string& query) {
    const CommandResult run = run_program("hemicycle-query", {"--db", db, "--json", query}, dir_);
    EXPECT_EQ(run.status, 0) << run.err;
    return nlohmann::json::parse(run.out)["total"].get<int>();
  };
  for (const std::string& db : {with_pairs, db_}) {
    EXPECT_EQ(found(db, "\"fermeture de la maternité\""), 1) << db;
    EXPECT_EQ(found(db, "\"ministre de la santé\""), 1) << db;
    EXPECT_EQ(found(db, "\"santé de la ministre\""), 0) << db;
  }
  const std::string other = R"({"uid": "QXTEST2", "type": "QE", "legislature": 16, "numero": "502", )"
                            R"("titre": "Maternités", "texte_question": "La fermeture des maternités inquiète."})";
  ASSERT_EQ(index({write("r.jsonl", other + "\n").string()}).status, 0);  // with pairs, into the index without
  EXPECT_EQ(with_pairs_marked(db_), 1U);
  EXPECT_EQ(found(db_, "\"fermeture de la maternité\""), 2) << "as many stopwords or fewer between";
  EXPECT_EQ(found(db_, "\"fermeture maternités\""), 1) << "the first by its title's words only";
}

// scripts/phrase_pairs/common_words.sh lists an index's unprefixed terms in at least
// MIN documents, sorted, behind its comment lines: data/phrase_pairs/common_words.txt.
TEST_F(IndexerCli, CommonWordsScriptListsTheFrequentTerms) {
  const std::string other = R"({"uid": "QXTEST2", "type": "QE", "legislature": 16, "numero": "502", )"
                            R"("titre": "Santé", "texte_question": "La fermeture des urgences inquiète le ministre."})";
  ASSERT_EQ(index({write("q.jsonl", kQuestionLine + "\n" + other + "\n").string()}).status, 0);
  const std::string script = HEMICYCLE_SOURCE_DIR "/scripts/phrase_pairs/common_words.sh";
  const CommandResult listed = run_shell("bash " + quote(script) + " " + quote(db_) + " 2");
  ASSERT_EQ(listed.status, 0) << listed.out;
  EXPECT_EQ(listed.out,
            "# The words whose pairs of adjacent words are indexed (data/phrase_pairs/README.md):\n"
            "# the terms in at least 2 of the 2 documents of the index they were listed from.\n"
            "fermetur\nministr\nsant\n");
  const CommandResult not_an_index = run_shell("bash " + quote(script) + " " + quote(dir_.string()) + " 2>&1");
  EXPECT_EQ(not_an_index.status, 3) << not_an_index.out;
  EXPECT_EQ(run_shell("bash " + quote(script) + " 2>&1").status, 2);
}

// frequent_pairs lists, for each pair word, the pair words it is together with in at
// least --min-documents documents: data/phrase_pairs/frequent_pairs.txt.
TEST_F(IndexerCli, FrequentPairsProgramListsTheWordsTogether) {
  const std::string other = R"({"uid": "QXTEST2", "type": "QE", "legislature": 16, "numero": "502", )"
                            R"("titre": "Santé", "texte_question": "La fermeture des urgences inquiète le ministre."})";
  ASSERT_EQ(index({write("q.jsonl", kQuestionLine + "\n" + other + "\n").string()}).status, 0);
  const CommandResult listed = run_program("frequent_pairs", {"--db", db_, "--min-documents", "2"}, dir_);
  ASSERT_EQ(listed.status, 0) << listed.err;
  const std::vector<std::string_view> words = hemicycle::index::pair_words_in_order();
  std::map<std::string, std::string> rows;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with('#')) continue;
    const std::size_t space = line.find(' ');
    ASSERT_NE(space, std::string::npos) << line;
    EXPECT_EQ(line.size() - space - 1, (words.size() + 3) / 4) << line.substr(0, 20);
    rows[line.substr(0, space)] = line.substr(space + 1);
  }
  ASSERT_EQ(rows.size(), words.size());
  const auto together = [&](const std::string& word, std::string_view next) {
    const std::size_t j = *hemicycle::index::pair_word_place(next);
    return ((std::stoi(rows.at(word).substr(j / 4, 1), nullptr, 16) >> (3 - j % 4)) & 1) != 0;
  };
  // Both documents: "ministre" and "santé" (pair words); one: "urgences", "interroge".
  EXPECT_TRUE(together("ministr", "sant"));
  EXPECT_TRUE(together("sant", "ministr"));
  EXPECT_TRUE(together("ministr", "ministr"));
  EXPECT_FALSE(together("ministr", "urgenc"));
  EXPECT_FALSE(together("projet", "loi")) << "in neither";
  EXPECT_NE(
      listed.out.find("# the pair words (" + std::to_string(words.size()) +
                      ") together in at least 2 of the 2 documents of the index they were listed from (pairs: 1)"),
      std::string::npos)
      << listed.out.substr(0, 400);
  EXPECT_EQ(run_program("frequent_pairs", {"--db", dir_.string() + "/none"}, dir_).status, 3);
  EXPECT_EQ(run_program("frequent_pairs", {}, dir_).status, 2);
}

TEST_F(IndexerCli, DatabaseNamedByDotOrWithATrailingSlash) {
  const fs::path file = write("q.jsonl", kQuestionLine + "\n");
  fs::create_directories(db_);
  const std::string indexer = std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index -q --db ";
  const std::string in_db = "cd " + quote(db_) + " && " + indexer;
  EXPECT_EQ(std::system((in_db + ". " + quote(file.string())).c_str()), 0);
  EXPECT_EQ(std::system((in_db + ". --compact").c_str()), 0);
  EXPECT_EQ(count(), 1U);
  EXPECT_FALSE(fs::exists(fs::path(db_) / ".parts"));

  const std::string slashed = (dir_ / "slashed").string() + "/";
  EXPECT_EQ(std::system((indexer + quote(slashed) + " " + quote(file.string())).c_str()), 0);
  EXPECT_EQ(std::system((indexer + quote(slashed) + " --compact").c_str()), 0);
  EXPECT_EQ(Xapian::Database(slashed).get_doccount(), 1U);
  EXPECT_FALSE(fs::exists(dir_ / "slashed" / ".parts"));
  EXPECT_FALSE(fs::exists(dir_ / "slashed.merging"));
}

TEST_F(IndexerCli, UsageErrorsExitWithStatusTwo) {
  EXPECT_EQ(index({}).status, 2);
  EXPECT_EQ(index({"--format", "docx", "x"}).status, 2);
}

}  // namespace
