#pragma once
// A temporary folder, a database in it, and runs of the real hemicycle-index
// binary, for the robustness tests.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "support/command.h"

namespace hemicycle::robustness {

namespace fs = std::filesystem;

using test_support::CommandResult;
using test_support::read_file;
using test_support::shell_quote;

inline const std::string kIndexer = std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index";

// One small written question as a JSON Lines line.
inline std::string question_line(const std::string& id, const std::string& subject) {
  return R"({"uid": ")" + id + R"(", "type": "QE", "legislature": 16, "numero": "1", "titre": ")" + subject +
         R"(", "rubrique": "Santé", "auteur": "Mme Jeanne Test", "date_publication": "12/09/2023",)"
         R"( "texte_question": "Mme Jeanne Test interroge M. le ministre sur )" +
         subject + R"(."})";
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::make_temp_folder(std::string("hemicycle-robustness-") +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_FALSE(dir_.empty());
    db_ = (dir_ / "db").string();
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }

  // `prefix` runs before the indexer in the same shell (ulimit, trap).
  CommandResult index(const std::vector<std::string>& args, const std::string& prefix = "") {
    return run_indexer(prefix + "exec " + kIndexer + " -q", args);
  }

  // As root, permissions bind only a process without the capabilities that bypass them:
  // the indexer then runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv,
  // from util-linux), as an ordinary user would. Not quiet: the summary is printed.
  CommandResult index_as_user(const std::vector<std::string>& args) {
    const std::string launcher = ::geteuid() == 0 ? "exec setpriv --inh-caps=-dac_override,-dac_read_search "
                                                    "--bounding-set=-dac_override,-dac_read_search "
                                                  : "exec ";
    return run_indexer(launcher + kIndexer, args);
  }

  // `indexer` is the shell text that starts it; its standard error is kept.
  CommandResult run_indexer(const std::string& indexer, const std::vector<std::string>& args) {
    std::string command = indexer + " --db " + shell_quote(db_);
    for (const auto& a : args) command += " " + shell_quote(a);
    const fs::path err = dir_ / "stderr";
    command += " 2>" + shell_quote(err.string()) + " </dev/null";
    CommandResult run;
    const int raw = std::system(("bash -c " + shell_quote(command)).c_str());
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    run.err = read_file(err);
    return run;
  }

  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  Xapian::doccount count() const { return Xapian::Database(db_).get_doccount(); }
  bool has(const std::string& id) const { return Xapian::Database(db_).term_exists("Q" + id); }

  fs::path dir_;
  std::string db_;
};

}  // namespace hemicycle::robustness
