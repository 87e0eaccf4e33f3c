// Bad inputs given to the real hemicycle-index: each is reported with its file
// and what is wrong, the rest of the batch is indexed, and what an earlier run
// indexed is still there.

#include <sys/stat.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "index/stored_record.h"

namespace hemicycle::robustness {
namespace {

std::string questions(const std::string& prefix, int count, const std::string& line_end = "\n") {
  std::string lines;
  for (int i = 0; i < count; ++i) lines += question_line(prefix + std::to_string(i), "la maternité") + line_end;
  return lines;
}

// A press release in Windows-1252: é, à, ’ (0x92) and « » are single bytes.
const std::string kWindows1252Release =
    "Conseil national de l\x92industrie : communiqu\xe9\r\n\r\nMis \xe0 jour le 02/01/2023\r\n\r\n"
    "Le Gouvernement annonce une r\xe9"
    "forme de l\x92\xe9lectricit\xe9 \xab pour tous \xbb en Normandie.\r\n";

std::string nested_arrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nested_objects(int depth) {
  std::string json;
  for (int i = 0; i < depth; ++i) json += R"({"a":)";
  return json + "1" + std::string(depth, '}');
}

class BadInput : public CliTest {};

TEST_F(BadInput, EachBadFileIsNamedAndTheRestIsIndexedWithoutLosingEarlierDocuments) {
  const fs::path first = write("first/questions.jsonl", questions("QFIRST", 50));
  ASSERT_EQ(index({first.string()}).status, 0);
  ASSERT_EQ(count(), 50U);

  struct Case {
    std::string name;
    std::string content;
    std::string message;  // expected after "<path>: " (or "<path>:<line>: ")
  };
  const std::vector<Case> cases{
      {"invalid-utf8.txt", "Question \x81\x8d sur la sant\xc3", "invalid UTF-8 at byte 9"},
      {"binary.txt",
       std::string("\x7f"
                   "ELF\x02\x01\x00\x00\x00\x3e",
                   10),
       "binary file"},
      {"starts-with-nul.txt", std::string("\0Question \xc3\xa9\x63rite", 16), "binary file (it contains NUL bytes)"},
      {"empty.txt", "", "empty file"},
      {"blank.txt", " \r\n\t\n", "empty file"},
      {"truncated.jsonl", question_line("QGOOD1", "l'eau") + "\n" + R"({"uid": "QTRUNC", "titre": "Tronq)",
       ":2: malformed JSON"},
      {"nested-arrays.json", nested_arrays(100000), "[0]: expected a JSON object, found array"},
      {"nested-unclosed.json", std::string(100000, '['),
       "[0]: malformed JSON: the file ends before the array is closed"},
      {"nested-objects.jsonl", nested_objects(100000) + "\n", ":1: no title and no text"},
      {"wrong-shape.jsonl", "\"une phrase\"\n42\n", ":1: expected a JSON object, found string"},
      {"wrong-fields.jsonl",
       R"({"uid": ["QX"], "type": {"a": 1}, "texte_question": null, "date": [1]})"
       "\n",
       ":1: no title and no text"},
  };
  for (const Case& c : cases) write("batch/" + c.name, c.content);
  write("batch/crlf.jsonl", questions("QCRLF", 3, "\r\n"));
  write("batch/windows-1252.txt", kWindows1252Release);
  const fs::path fifo = dir_ / "batch" / "pipe.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path dangling = dir_ / "batch" / "gone.jsonl";
  fs::create_symlink(dir_ / "deleted.jsonl", dangling);
  // Opens fine and fails on the first read (EIO): a file that cannot be read mid-run.
  const fs::path unreadable = dir_ / "batch" / "unreadable.txt";
  fs::create_symlink("/proc/self/mem", unreadable);

  const CommandResult run = index({(dir_ / "batch").string()});
  EXPECT_EQ(run.status, 1) << run.err;
  for (const Case& c : cases) {
    const std::string path = (dir_ / "batch" / c.name).string();
    const bool located = c.message.front() == ':' || c.message.front() == '[';
    EXPECT_NE(run.err.find(path + (located ? "" : ": ") + c.message), std::string::npos) << c.name << "\n" << run.err;
  }
  EXPECT_NE(run.err.find(fifo.string() + ": not a regular file"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(dangling.string() + ": not a regular file"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(unreadable.string() + ": read error"), std::string::npos) << run.err;
  const std::string converted =
      (dir_ / "batch" / "windows-1252.txt").string() + ": warning: not UTF-8: read as Windows-1252";
  EXPECT_NE(run.err.find(converted), std::string::npos) << run.err;

  for (int i = 0; i < 50; ++i) EXPECT_TRUE(has("QFIRST" + std::to_string(i))) << i;
  for (const char* id : {"QGOOD1", "QCRLF0", "QCRLF1", "QCRLF2"}) EXPECT_TRUE(has(id)) << id;
  EXPECT_FALSE(has("QTRUNC"));
  const Xapian::Database db(db_);
  EXPECT_NE(db.allterms_begin("electricit"), db.allterms_end("electricit")) << "Windows-1252 text not indexed";
}

TEST_F(BadInput, UnreadableFileIsReportedWhenPermissionsApply) {
  write("batch/a.jsonl", questions("QREAD", 2));
  const fs::path locked = write("batch/b.jsonl", questions("QLOCKED", 2));
  fs::permissions(locked, fs::perms::none);
  const CommandResult run = index_as_user({(dir_ / "batch").string()});
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find(locked.string() + ": cannot open: Permission denied"), std::string::npos) << run.err;
  EXPECT_TRUE(has("QREAD0"));
  EXPECT_TRUE(has("QREAD1"));
}

// Under root too: the indexer then runs without the capabilities that bypass permissions.
TEST_F(BadInput, UnreadableFolderIsReportedAndCountedAsRejected) {
  write("batch/a.jsonl", questions("QOPEN", 2));
  write("batch/locked/b.jsonl", questions("QLOCKED", 2));
  fs::permissions(dir_ / "batch" / "locked", fs::perms::none);
  const CommandResult run = index_as_user({(dir_ / "batch").string()});
  fs::permissions(dir_ / "batch" / "locked", fs::perms::owner_all);
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find((dir_ / "batch" / "locked").string() + ": cannot read folder: Permission denied"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("Indexed 2 documents from 1 files"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("; 1 rejected, 0 deleted"), std::string::npos) << run.err;
  EXPECT_TRUE(has("QOPEN0"));
  EXPECT_FALSE(has("QLOCKED0"));
}

TEST_F(BadInput, DatabaseThatCannotBeWrittenIsNotCalledLocked) {
  const fs::path first = write("first.jsonl", questions("QFIRST", 1));
  ASSERT_EQ(index({first.string()}).status, 0);
  const fs::path second = write("second.jsonl", questions("QSECOND", 1));
  for (const auto& entry : fs::recursive_directory_iterator(db_)) {
    fs::permissions(entry.path(), fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
  }
  fs::permissions(db_, fs::perms::owner_write, fs::perm_options::remove);
  const CommandResult run = index_as_user({second.string()});
  fs::permissions(db_, fs::perms::owner_all, fs::perm_options::add);
  EXPECT_EQ(run.status, 3) << run.err;
  EXPECT_NE(run.err.find(db_ + ": cannot write to the database: Couldn't open lockfile: Permission denied"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("locked"), std::string::npos) << run.err;
}

// A name in Latin-1 (as copied from an old Windows share) is kept, escaped, as the
// record's source; a --set value that is not UTF-8 is a usage error naming it.
TEST_F(BadInput, NamesAndValuesThatAreNotUtf8DoNotStopTheRun) {
  write("batch/a.jsonl", questions("QBEFORE", 1));
  write("batch/qu\xe9stion.jsonl", questions("QLATIN", 1));
  write("batch/z.jsonl", questions("QAFTER", 1));
  const CommandResult run = index({(dir_ / "batch").string()});
  EXPECT_EQ(run.status, 0) << run.err;
  for (const char* id : {"QBEFORE0", "QLATIN0", "QAFTER0"}) EXPECT_TRUE(has(id)) << id;
  const Xapian::Database db(db_);
  const Xapian::Document doc = db.get_document(*db.postlist_begin("QQLATIN0"));
  const nlohmann::ordered_json record = index::decode_stored_record(index::stored_record_bytes(doc));
  EXPECT_EQ(record["source"], (dir_ / "batch").string() + "/qu\\xE9stion.jsonl:1");

  const fs::path flat = write("flat.jsonl", R"({"titre": "Une maternité", "texte": "La maternité ferme."})"
                                            "\n");
  const CommandResult set = index({"--set", "auteur=Mme Th\xe9r\xe8se", flat.string()});
  EXPECT_EQ(set.status, 2) << set.err;
  EXPECT_NE(set.err.find("--set auteur=Mme Th\\xE9r\\xE8se: not UTF-8"), std::string::npos) << set.err;
}

// The same records as one line of 20 MB: streamed element by element, none refused.
TEST_F(BadInput, LargeJsonArrayOnOneLineIsReadRecordByRecord) {
  const std::string padding(100 * 1024, 'x');  // a key that is not a record key: read, then left
  std::string array = "[";
  for (int i = 0; i < 220; ++i) {
    std::string line = question_line("QARRAY" + std::to_string(i), "la maternité");
    line.insert(1, R"("annexe": ")" + padding + R"(", )");
    array += (i == 0 ? "" : ",") + line;
  }
  array += "]";
  ASSERT_GT(array.size(), 20U << 20);
  const fs::path file = write("array.json", array);
  const CommandResult run = index({file.string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(count(), 220U);
  EXPECT_TRUE(has("QARRAY0"));
  EXPECT_TRUE(has("QARRAY219"));
}

// A 100 MB document, as a text file and as one JSON line: rejected unread, in
// bounded memory, and the small file next to it is indexed.
TEST_F(BadInput, HundredMegabyteDocumentIsRejectedInBoundedMemory) {
  {
    std::string words;
    words.reserve(100 << 20);
    while (words.size() < (100U << 20)) words += "la maternité de Saint-Omer ferme ses portes ";
    write("big/huge.txt", "Question écrite n° 1 de Mme Jeanne Test\n\n" + words + "\n");
    write("big/huge.jsonl", R"({"uid": "QHUGE", "titre": "Grand", "texte_question": ")" + words + "\"}\n");
  }
  write("big/small.jsonl", question_line("QSMALL", "l'école") + "\n");
#ifdef __SANITIZE_ADDRESS__
  const std::string memory_limit;  // AddressSanitizer reserves terabytes of address space
#else
  // 1 GB of address space: analysing the 100 MB document would need several.
  const std::string memory_limit = "ulimit -v 1048576; ";
#endif
  const CommandResult run = index({(dir_ / "big").string()}, memory_limit);
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find((dir_ / "big" / "huge.txt").string() + ": a file of over 16 MB, larger than the 16 MB limit"),
            std::string::npos)
      << run.err;
  EXPECT_NE(
      run.err.find((dir_ / "big" / "huge.jsonl").string() + ":1: a line of over 16 MB, larger than the 16 MB limit"),
      std::string::npos)
      << run.err;
  EXPECT_TRUE(has("QSMALL"));
  EXPECT_FALSE(has("QHUGE"));
}

}  // namespace
}  // namespace hemicycle::robustness
