// Lists the frequent pairs of data/phrase_pairs/frequent_pairs.txt: which two pair
// words (data/phrase_pairs/common_words.txt, as built into this program) are together
// in at least --min-documents documents of an index. Only their pairs of adjacent
// words are indexed (index/schema.h, is_frequent_pair).
//
//   build/bin/frequent_pairs --db INDEX [--min-documents 2000] > data/phrase_pairs/frequent_pairs.txt
//
// One line per pair word, in the list's bytewise order: the word, a space, then one
// hexadecimal digit per four pair words in the same order, the highest bit of a
// digit the first of its four; a bit is set when the two words are in at least
// --min-documents documents together. The counts come from the index's posting
// lists: a bit set per document for each word, and the set bits both have.

#include <bit>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>
#include <CLI/CLI.hpp>

#include "index/index_writer.h"
#include "index/schema.h"
#include "program/program.h"

namespace {

using namespace hemicycle;

struct Options {
  std::string db;
  Xapian::doccount min_documents = 2000;
};

int run(const Options& options) {
  const Xapian::Database db = index::open_for_reading({options.db}, analysis::FrenchAnalyzer());
  const std::vector<std::string_view> words = index::pair_words_in_order();
  const std::size_t blocks = db.get_lastdocid() / 64 + 1;
  std::vector<std::vector<std::uint64_t>> documents(words.size(), std::vector<std::uint64_t>(blocks));
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string term(words[i]);
    for (auto posting = db.postlist_begin(term); posting != db.postlist_end(term); ++posting) {
      documents[i][*posting / 64] |= std::uint64_t{1} << (*posting % 64);
    }
  }
  std::size_t pairs = 0;
  std::vector<std::string> rows(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::vector<unsigned> digits((words.size() + 3) / 4);  // four words' bits each, the first the highest
    for (std::size_t j = 0; j < words.size(); ++j) {
      Xapian::doccount together = 0;
      for (std::size_t b = 0; b < blocks; ++b) together += std::popcount(documents[i][b] & documents[j][b]);
      if (together < options.min_documents) continue;
      digits[j / 4] |= 8U >> (j % 4);
      if (j > i) ++pairs;
    }
    for (const unsigned digit : digits) rows[i] += "0123456789abcdef"[digit];
  }
  std::cout << "# The frequent pairs, whose pairs of adjacent words are indexed (data/phrase_pairs/README.md):\n"
            << "# the pair words (" << words.size() << ") together in at least " << options.min_documents << " of the "
            << db.get_doccount() << " documents of the index they were listed from (pairs: " << pairs << ").\n"
            << "# A line per pair word, bytewise order: the word, then a hexadecimal digit per four pair words\n"
            << "# in that order, the first one the highest bit; a bit is set when the two are a frequent pair.\n";
  for (std::size_t i = 0; i < words.size(); ++i) std::cout << words[i] << ' ' << rows[i] << '\n';
  std::cerr << "frequent_pairs: " << pairs << " pairs of " << words.size() << " words in at least "
            << options.min_documents << " documents together\n";
  return program::kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "frequent_pairs: list the pairs of pair words together in many documents of an index, for\n"
      "data/phrase_pairs/frequent_pairs.txt"};
  program::use_common_layout(app);
  Options options;
  app.add_option("--db", options.db, "Index whose documents are counted")->required();
  app.add_option("--min-documents", options.min_documents, "Documents two words need together")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  if (const auto code = program::parse_command_line(app, argc, argv)) return *code;
  return program::run("frequent_pairs", [&] { return run(options); });
}
