// Precedent search benchmark: latency of PrecedentFinder::similar_to_text per
// draft size, p50 and p99 over the drafts.
//
//   build/bin/bench_precedent --db DIR [--pick N] [--words 50,500,5000] [--repeat R] [DRAFT_FILE...]
//
// Draft files are timed as they are. Without files, N questions (types QE, QG,
// QOSD) are taken from the index, evenly spaced; for each size, each of them yields a
// draft of that many words: its question and answer texts, followed by those of
// the next questions when it is shorter.

#include <algorithm>
#include <chrono>
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

namespace {

using namespace hemicycle;

// The question and answer texts of `wanted` indexed questions, evenly spaced among them.
std::vector<std::string> question_texts(const Xapian::Database& db, std::size_t wanted) {
  std::vector<Xapian::docid> questions;
  const std::string type_prefix = std::string(index::find_field("type")->exact_prefix) + "q";  // qe, qg, qosd
  for (auto term = db.allterms_begin(type_prefix); term != db.allterms_end(type_prefix); ++term) {
    for (auto posting = db.postlist_begin(*term); posting != db.postlist_end(*term); ++posting)
      questions.push_back(*posting);
  }
  std::sort(questions.begin(), questions.end());
  std::vector<std::string> texts;
  const std::size_t step = std::max<std::size_t>(1, questions.size() / (wanted * 2));
  for (std::size_t i = 0; i < questions.size() && texts.size() < wanted; i += step) {
    const auto record = index::decode_stored_record(index::stored_record_bytes(db.get_document(questions[i])));
    const std::string question = record.value("texte_question", "");
    if (question.size() < 200) continue;
    texts.push_back(question + "\n" + record.value("texte_reponse", ""));
  }
  return texts;
}

// `words` words from texts[first], then texts[first + 1]…, wrapping around.
std::string draft_of(const std::vector<std::string>& texts, std::size_t first, std::size_t words) {
  std::string draft;
  std::size_t count = 0;
  for (std::size_t i = 0; count < words && i < texts.size() * 64; ++i) {
    std::istringstream in(texts[(first + i) % texts.size()]);
    std::string word;
    while (count < words && in >> word) {
      draft.append(word).append(1, ' ');
      ++count;
    }
  }
  return draft;
}

std::size_t word_count(const std::string& text) {
  std::istringstream in(text);
  std::size_t count = 0;
  std::string word;
  while (in >> word) ++count;
  return count;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

struct Row {
  std::string label;
  std::vector<double> milliseconds;
  std::size_t hits = 0;
};

Row time_drafts(const search::PrecedentFinder& finder, const std::string& label, const std::vector<std::string>& drafts,
                int repeat) {
  Row row{label, {}, 0};
  for (const std::string& draft : drafts) {
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      try {
        const search::PrecedentResult result = finder.similar_to_text(draft, Xapian::Query(), Xapian::Query(), 0, 10);
        row.hits += result.hits.size();
      } catch (const InputError&) {
        // A draft without searchable words is answered at once; it still counts as a query.
      }
      row.milliseconds.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Precedent search benchmark: p50/p99 latency per draft size", "bench_precedent"};
  std::string db_path;
  std::size_t pick = 50;
  std::vector<std::size_t> sizes{50, 500, 5000};
  int repeat = 1;
  bool no_group = false;
  bool all_types = false;
  bool rarity_over_questions = search::PrecedentOptions{}.rarity_over_questions;
  Xapian::doccount window = search::PrecedentOptions{}.window;
  std::vector<std::string> files;
  app.add_option("--db", db_path, "Index folder")->required();
  app.add_option("--pick", pick, "Indexed questions used as drafts when no file is given")
      ->check(CLI::Range(1, 100000));
  app.add_option("--words", sizes, "Draft sizes in words (comma-separated)")->delimiter(',');
  app.add_option("--repeat", repeat, "Runs of each draft")->check(CLI::Range(1, 1000));
  app.add_flag("--no-group", no_group, "Time without grouping re-asked questions");
  app.add_flag("--all-types", all_types, "Search every type of document, not the questions only");
  app.add_option("--rarity-over-questions", rarity_over_questions,
                 "1: document frequencies counted over the questions (the default), 0: over the whole index");
  app.add_option("--window", window, "Hits re-ranked and grouped");
  app.add_option("drafts", files, "Draft files, timed as they are")->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  try {
    const analysis::FrenchAnalyzer analyzer;
    const Xapian::Database db = index::open_for_reading({db_path}, analyzer);
    search::PrecedentOptions options;
    options.group = !no_group;
    options.questions_only = !all_types;
    options.rarity_over_questions = rarity_over_questions;
    options.window = window;
    const search::PrecedentFinder finder(analyzer, db, options);

    std::vector<Row> rows;
    if (!files.empty()) {
      for (const std::string& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        rows.push_back(time_drafts(finder, file + " (" + std::to_string(word_count(text.str())) + " words)",
                                   {text.str()}, repeat));
      }
    } else {
      const std::vector<std::string> texts = question_texts(db, pick);
      if (texts.empty()) {
        std::cerr << "bench_precedent: the index holds no question with a text\n";
        return 1;
      }
      // Warm the caches once, so that the first size is not charged with opening the tables.
      (void)time_drafts(finder, "", {draft_of(texts, 0, 200)}, 1);
      for (std::size_t words : sizes) {
        std::vector<std::string> drafts;
        for (std::size_t i = 0; i < texts.size(); ++i) drafts.push_back(draft_of(texts, i, words));
        rows.push_back(time_drafts(finder, std::to_string(words) + " words", drafts, repeat));
      }
    }

    std::cout << "index: " << db.get_doccount() << " documents; grouping " << (options.group ? "on" : "off")
              << "; rarity over " << (options.rarity_over_questions ? "questions" : "all documents") << "\n";
    std::cout << std::left << std::setw(44) << "drafts" << std::right << std::setw(8) << "queries" << std::setw(11)
              << "p50 ms" << std::setw(11) << "p99 ms" << std::setw(11) << "max ms" << std::setw(10) << "hits/q"
              << "\n";
    std::cout << std::fixed << std::setprecision(1);
    for (const Row& row : rows) {
      std::cout << std::left << std::setw(44) << row.label << std::right << std::setw(8) << row.milliseconds.size()
                << std::setw(11) << percentile(row.milliseconds, 0.5) << std::setw(11)
                << percentile(row.milliseconds, 0.99) << std::setw(11)
                << *std::max_element(row.milliseconds.begin(), row.milliseconds.end()) << std::setw(10)
                << static_cast<double>(row.hits) / static_cast<double>(row.milliseconds.size()) << "\n";
    }
  } catch (const Error& e) {
    std::cerr << "bench_precedent: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "bench_precedent: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
