// Start-up benchmark: what one hemicycle-query call costs from the command line,
// against xapian-delve opening the same index, both run as programs, interleaved,
// so that the machine's drift reaches both alike.
//
//   build/bin/bench_startup --db DIR [--runs 15] [--query "fermeture usine"] [--draft FILE]
//                           [--hemicycle-query PROGRAM] [--delve PROGRAM]
//
// Prints the median wall and CPU (user + system) time of each command and the
// ratio of hemicycle-query to xapian-delve. For precedents, `--similar` with a
// draft of 300 words (DRAFT_FILE, or one made from the index's questions) is
// compared with its warm time in this process plus xapian-delve's start-up.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "index/stored_record.h"
#include "search/precedent.h"

extern char** environ;

namespace {

using namespace hemicycle;

struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;
};

// Runs `argv` with standard input, output and error on /dev/null.
Timing run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd : {0, 1, 2})
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    throw std::runtime_error("cannot run " + argv[0]);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  const auto end = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(argv[0] + " failed");
  const auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  return {std::chrono::duration<double, std::milli>(end - start).count(), ms(usage.ru_utime) + ms(usage.ru_stime)};
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// 300 words of the index's questions and answers, in document order.
std::string draft_from_index(const Xapian::Database& db, std::size_t words) {
  std::ostringstream draft;
  std::size_t count = 0;
  const std::string prefix = std::string(index::find_field("type")->exact_prefix) + "q";  // qe, qg, qosd
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix) && count < words; ++term) {
    for (auto posting = db.postlist_begin(*term); posting != db.postlist_end(*term) && count < words; ++posting) {
      const auto record = index::decode_stored_record(index::stored_record_bytes(db.get_document(*posting)));
      std::istringstream text(record.value("texte_question", "") + " " + record.value("texte_reponse", ""));
      for (std::string word; count < words && text >> word; ++count) draft << word << ' ';
    }
  }
  return draft.str();
}

struct Row {
  std::string label;
  std::vector<std::string> argv;
  std::vector<double> wall;
  std::vector<double> cpu;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Start-up benchmark: hemicycle-query as a command against xapian-delve", "bench_startup"};
  std::string db_path;
  int runs = 15;
  std::string query = "fermeture usine";
  std::string draft_file;
  std::string delve = "xapian-delve";
  std::string query_program;
  app.add_option("--db", db_path, "Index folder")->required()->check(CLI::ExistingDirectory);
  app.add_option("--runs", runs, "Runs of each command")->check(CLI::Range(3, 1000));
  app.add_option("--query", query, "The query of hemicycle-query");
  app.add_option("--draft", draft_file, "The draft of --similar (default: 300 words of the index's questions)")
      ->check(CLI::ExistingFile);
  app.add_option("--delve", delve, "The xapian-delve program");
  app.add_option("--hemicycle-query", query_program,
                 "The hemicycle-query program (default: the one built beside this)");
  CLI11_PARSE(app, argc, argv);

  try {
    const analysis::FrenchAnalyzer analyzer;
    const Xapian::Database db = index::open_for_reading({db_path}, analyzer);
    std::string draft;
    std::filesystem::path draft_path = draft_file;
    if (draft_file.empty()) {
      draft = draft_from_index(db, 300);
      draft_path = std::filesystem::temp_directory_path() / ("bench_startup_draft_" + std::to_string(getpid()));
      std::ofstream(draft_path) << draft;
    } else {
      std::ifstream in(draft_file, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      draft = text.str();
    }

    if (query_program.empty())
      query_program = (std::filesystem::canonical("/proc/self/exe").parent_path() / "hemicycle-query").string();
    std::vector<Row> rows{
        {"xapian-delve DB", {delve, db_path}, {}, {}},
        {"hemicycle-query --json QUERY", {query_program, "--db", db_path, "--json", query}, {}, {}},
        {"hemicycle-query QUERY", {query_program, "--db", db_path, "--no-color", query}, {}, {}},
        {"hemicycle-query --similar DRAFT", {query_program, "--db", db_path, "--similar", draft_path.string()}, {}, {}},
    };
    for (Row& row : rows) (void)run(row.argv);  // the index and the programs in the page cache
    for (int r = 0; r < runs; ++r) {
      for (Row& row : rows) {
        const Timing t = run(row.argv);
        row.wall.push_back(t.wall_ms);
        row.cpu.push_back(t.cpu_ms);
      }
    }

    const search::PrecedentFinder finder(analyzer, db, search::PrecedentOptions{});
    std::vector<double> warm;
    for (int r = 0; r <= runs; ++r) {
      const auto start = std::chrono::steady_clock::now();
      (void)finder.similar_to_text(draft, Xapian::Query(), Xapian::Query(), 0, 10);
      if (r > 0)
        warm.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    if (draft_file.empty()) std::filesystem::remove(draft_path);

    std::cout << "index: " << db.get_doccount() << " documents; query \"" << query << "\"; draft of "
              << std::count(draft.begin(), draft.end(), ' ') << " words; medians of " << runs << " runs\n";
    std::cout << std::left << std::setw(36) << "command" << std::right << std::setw(10) << "wall ms" << std::setw(10)
              << "CPU ms" << std::setw(12) << "× delve"
              << "\n";
    std::cout << std::fixed << std::setprecision(1);
    const double delve_wall = median(rows[0].wall);
    for (const Row& row : rows) {
      std::cout << std::left << std::setw(36) << row.label << std::right << std::setw(10) << median(row.wall)
                << std::setw(10) << median(row.cpu) << std::setw(11) << median(row.wall) / delve_wall << "\n";
    }
    const double similar_budget = median(warm) + delve_wall;
    std::cout << "precedents warm in process: " << median(warm)
              << " ms; --similar against warm + delve start-up: " << std::setprecision(2)
              << median(rows[3].wall) / similar_budget << "\n";
    std::cout << "start-up ratio (hemicycle-query --json / xapian-delve, wall): " << median(rows[1].wall) / delve_wall
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "bench_startup: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "bench_startup: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
