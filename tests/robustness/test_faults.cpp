// Faults around a running hemicycle-index: killed with SIGKILL mid-run, a file
// size limit standing for a full disk, readers while it writes. The index must
// open afterwards with every committed batch (one writer) or as it was before
// (a new index built in parts), and a new run must finish the work.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>

#include <chrono>
#include <thread>

#include "cli_fixture.h"

extern char** environ;

namespace hemicycle::robustness {
namespace {

constexpr int kFiles = 40;
constexpr int kPerFile = 1000;
constexpr Xapian::doccount kBatch = 1000;

std::string question_id(int file, int line) { return "QF" + std::to_string(file) + "N" + std::to_string(line); }

class Faults : public CliTest {
 protected:
  // kFiles files of kPerFile questions: ids QF<file>N<line>.
  fs::path write_corpus() {
    for (int f = 0; f < kFiles; ++f) {
      std::string lines;
      for (int i = 0; i < kPerFile; ++i)
        lines += question_line(question_id(f, i), "la maternité numéro " + std::to_string(i)) + "\n";
      char name[32];
      std::snprintf(name, sizeof name, "corpus/q%03d.jsonl", f);
      write(name, lines);
    }
    return dir_ / "corpus";
  }

  // xapian-check's verdict on the database (0: consistent); skipped when it is not installed.
  void expect_consistent() {
    if (std::system("command -v xapian-check >/dev/null 2>&1") != 0) return;
    EXPECT_EQ(std::system(("xapian-check " + shell_quote(db_) + " >/dev/null").c_str()), 0) << "xapian-check " << db_;
  }

  // Waits (two minutes at most) until the database at `part` holds documents.
  static void wait_for_committed_batch(const fs::path& part) {
    auto committed = [&] {
      try {
        return Xapian::Database(part.string()).get_doccount() > 0;
      } catch (const Xapian::Error&) {
        return false;  // not created yet
      }
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!committed() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  pid_t spawn_indexer(const std::vector<std::string>& args) {
    std::vector<std::string> argv_strings{kIndexer, "-q", "--db", db_};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir_ / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  }
};

// A reader's view while the writer commits: documents found by a query, or
// nothing yet when the database has not been created.
Xapian::doccount search_while_writing(const std::string& db_path) {
  try {
    Xapian::Database db(db_path);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("Q" + question_id(0, 0)));
    const Xapian::MSet hits = enquire.get_mset(0, 10);
    if (db.get_doccount() > 0) {
      EXPECT_EQ(hits.size(), 1U);
    }
    return db.get_doccount();
  } catch (const Xapian::DatabaseOpeningError&) {
    return 0;  // not created yet
  } catch (const Xapian::DatabaseModifiedError&) {
    return 0;  // a commit overtook this reader: it reopens on the next call
  }
}

TEST_F(Faults, KilledMidRunKeepsCommittedBatchesAndASecondRunFinishes) {
  const fs::path corpus = write_corpus();
  const pid_t pid =
      spawn_indexer({"--batch", std::to_string(kBatch), "--threads", "2", "--writers", "1", corpus.string()});
  ASSERT_GT(pid, 0);
  Xapian::doccount seen = 0;
  std::size_t searches = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (seen < 3 * kBatch && std::chrono::steady_clock::now() < deadline) {
    seen = search_while_writing(db_);
    ++searches;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  ASSERT_TRUE(WIFSIGNALED(raw)) << "the indexer ended before it could be killed: " << read_file(dir_ / "stderr");
  EXPECT_GT(searches, 1U);

  const Xapian::doccount committed = count();
  EXPECT_GT(committed, 0U);
  EXPECT_LT(committed, Xapian::doccount{kFiles * kPerFile});
  EXPECT_EQ(committed % kBatch, 0U) << "a batch was committed in part";
  // Batches are committed in input order: the first `committed` questions are the ones kept.
  const int whole_files = static_cast<int>(committed / kPerFile);
  EXPECT_TRUE(has(question_id(0, 0)));
  EXPECT_TRUE(has(question_id(whole_files - 1, kPerFile - 1)));
  EXPECT_FALSE(has(question_id(whole_files, 0)));
  expect_consistent();

  const CommandResult again = index({"--batch", std::to_string(kBatch), corpus.string()});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(count(), Xapian::doccount{kFiles * kPerFile}) << "documents missing or duplicated";
  EXPECT_TRUE(has(question_id(kFiles - 1, kPerFile - 1)));
  expect_consistent();
}

// A new index is built in parts merged at the end: killed before, the
// database is the empty one it started as, and the next run removes the parts
// left behind and builds it whole.
TEST_F(Faults, KilledParallelBuildLeavesAnEmptyIndexAndASecondRunBuildsIt) {
  const fs::path corpus = write_corpus();
  const fs::path parts = fs::path(db_) / ".parts";
  const pid_t pid = spawn_indexer({"--batch", std::to_string(kBatch), "--writers", "2", corpus.string()});
  ASSERT_GT(pid, 0);
  wait_for_committed_batch(parts / "p0");  // killed once a part holds a committed batch
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  ASSERT_TRUE(WIFSIGNALED(raw)) << "the indexer ended before it could be killed: " << read_file(dir_ / "stderr");

  EXPECT_EQ(count(), 0U) << "readers never see a part of a parallel build";
  EXPECT_TRUE(fs::exists(parts));
  expect_consistent();

  const CommandResult again = index({"--batch", std::to_string(kBatch), corpus.string()});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(count(), Xapian::doccount{kFiles * kPerFile}) << "documents missing or duplicated";
  EXPECT_TRUE(has(question_id(0, 0)));
  EXPECT_TRUE(has(question_id(kFiles - 1, kPerFile - 1)));
  EXPECT_FALSE(fs::exists(parts)) << "the parts of the killed run are left";
  expect_consistent();
}

// Ctrl-C during a parallel build: the parts written so far are merged, so the
// new index holds what was indexed, and the next run completes it.
TEST_F(Faults, InterruptedParallelBuildKeepsWhatWasIndexed) {
  const fs::path corpus = write_corpus();
  const fs::path parts = fs::path(db_) / ".parts";
  const pid_t pid = spawn_indexer({"--batch", std::to_string(kBatch), "--writers", "2", corpus.string()});
  ASSERT_GT(pid, 0);
  wait_for_committed_batch(parts / "p1");
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  ASSERT_TRUE(WIFEXITED(raw)) << read_file(dir_ / "stderr");
  EXPECT_EQ(WEXITSTATUS(raw), 130) << read_file(dir_ / "stderr");

  const Xapian::doccount kept = count();
  EXPECT_GT(kept, 0U);
  EXPECT_LT(kept, Xapian::doccount{kFiles * kPerFile}) << "the run was not interrupted";
  EXPECT_TRUE(has(question_id(0, 0)));
  EXPECT_FALSE(fs::exists(parts));
  expect_consistent();
  {
    // The parts hand their spelling words to Xapian when they are merged, interrupted or not.
    const Xapian::Database merged(db_);
    EXPECT_NE(merged.spellings_begin(), merged.spellings_end()) << "no spelling word";
  }

  const CommandResult again = index({"--batch", std::to_string(kBatch), corpus.string()});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(count(), Xapian::doccount{kFiles * kPerFile}) << "documents missing or duplicated";
  expect_consistent();
}

std::uintmax_t largest_file(const fs::path& folder) {
  std::uintmax_t largest = 0;
  for (const auto& entry : fs::directory_iterator(folder)) largest = std::max(largest, entry.file_size());
  return largest;
}

// RLIMIT_FSIZE with SIGXFSZ ignored makes writes past the limit fail with EFBIG,
// as a full disk makes them fail with ENOSPC.
TEST_F(Faults, FullDiskStopsWithAMessageAndKeepsEarlierCommits) {
  const fs::path corpus = write_corpus();
  const fs::path first = corpus / "q000.jsonl";
  ASSERT_EQ(index({first.string()}).status, 0);
  ASSERT_EQ(count(), Xapian::doccount{kPerFile});

  const std::uintmax_t limit_kb = largest_file(db_) / 1024 + 256;
  const CommandResult full = index({"--batch", std::to_string(kBatch), corpus.string()},
                                   "trap '' XFSZ; ulimit -f " + std::to_string(limit_kb) + "; ");
  EXPECT_EQ(full.status, 3) << full.err;
  EXPECT_NE(full.err.find("hemicycle-index: "), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("File too large"), std::string::npos) << full.err;
  EXPECT_EQ(full.err.find("terminate called"), std::string::npos) << full.err;

  const Xapian::doccount kept = count();
  EXPECT_GE(kept, Xapian::doccount{kPerFile});
  EXPECT_EQ(kept % kBatch, 0U);
  for (int i = 0; i < kPerFile; i += 97) EXPECT_TRUE(has(question_id(0, i))) << i;
  expect_consistent();
}

}  // namespace
}  // namespace hemicycle::robustness
