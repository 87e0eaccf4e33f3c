// The parliamentary vocabulary (word -> term) and the spellings that must meet
// on the same terms.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analyzer.h"

namespace hemicycle::analysis {
namespace {

const FrenchAnalyzer& analyzer() {
  static const FrenchAnalyzer instance;
  return instance;
}

std::vector<std::string> terms_of(std::string_view text) {
  std::vector<std::string> terms;
  for (const Token& token : analyzer().analyze(text)) terms.push_back(token.term);
  return terms;
}

TEST(Vocabulary, EveryWordGivesItsExpectedTerm) {
  std::ifstream file(HEMICYCLE_TEST_DATA "/analysis/vocabulary.txt");
  ASSERT_TRUE(file) << "tests/data/analysis/vocabulary.txt not found";
  std::string line;
  int line_number = 0;
  int entries = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "line " << line_number << " has no tab: " << line;
    const std::string word = line.substr(0, tab);
    const std::string expected = line.substr(tab + 1);
    EXPECT_EQ(analyzer().term(word), expected) << "line " << line_number << ": " << word;
    ++entries;
  }
  EXPECT_GE(entries, 150);
}

// Pairs of spellings that index and query must treat alike.
const std::pair<const char*, const char*> kEquivalent[] = {
    {"désindustrialisation", "DESINDUSTRIALISATION"},
    {"désindustrialisation", "desindustrialisation"},
    {"Député", "deputee"},
    {"DÉPUTÉES", "députés"},
    {"l’usine", "l'usine"},
    {"l’usine", "usine"},
    {"lʼusine", "usine"},
    {"d’emplois", "emploi"},
    {"aujourd’hui", "aujourd'hui"},
    {"œuvre", "oeuvre"},
    {"Œuvres", "OEUVRE"},
    {"cœur", "coeur"},
    {"ex æquo", "ex aequo"},
    {"1re", "1ʳᵉ"},
    {"1re", "1^re"},
    {"ﬁnancement", "financement"},
    {"PLFSS", "plfss"},
    {"EHPAD", "Ehpad"},
    {"25 000", "25000"},
    {"25\u00A0000", "25\u202F000"},
    {"L. 2242-1", "L2242-1"},
    {"Saint-Omer", "saint omer"},
    {"ＰＬＦＳＳ", "PLFSS"},
    {"emplois", "emploi"},
    {"collectivités", "collectivite"},
    {"hôpitaux", "hôpital"},
    {"vœux", "voeu"},
};

TEST(Equivalence, SpellingsGiveTheSameTerms) {
  for (const auto& [left, right] : kEquivalent) {
    EXPECT_EQ(terms_of(left), terms_of(right)) << left << " / " << right;
    EXPECT_FALSE(terms_of(left).empty()) << left;
  }
}

// And words that must stay apart, so that the rules above do not merge everything.
const std::pair<const char*, const char*> kDistinct[] = {
    {"emploi", "employé"}, {"industrie", "industriel"}, {"député", "départ"},
    {"PLF", "PLFSS"},      {"L. 2242-1", "L. 2242-2"},  {"2015", "2016"},
};

TEST(Equivalence, DifferentWordsStayApart) {
  for (const auto& [left, right] : kDistinct) {
    EXPECT_NE(terms_of(left), terms_of(right)) << left << " / " << right;
  }
}

// analyze_for stems only the words that start with a wanted term's first two
// bytes: over the vocabulary of every text of the sample corpus and of the
// vocabulary list, each token matches a wanted term exactly when analyze's does.
TEST(Vocabulary, AnalyzeForFindsWhatAnalyzeFinds) {
  static const FrenchAnalyzer analyzer;
  std::string corpus;
  for (const auto& entry : std::filesystem::directory_iterator(HEMICYCLE_SOURCE_DIR "/sample/text")) {
    std::ifstream in(entry.path(), std::ios::binary);
    corpus += std::string(std::istreambuf_iterator<char>(in), {}) + "\n\n";
  }
  std::ifstream list(HEMICYCLE_TEST_DATA "/analysis/vocabulary.txt");
  corpus += std::string(std::istreambuf_iterator<char>(list), {});
  const std::vector<Token> full = analyzer.analyze(corpus);
  std::set<std::string> vocabulary;
  for (const Token& token : full) {
    if (!token.stopword) vocabulary.insert(token.term);
  }
  ASSERT_GT(vocabulary.size(), 1000u);
  // Every term of the vocabulary, in groups of five wanted terms as a query's.
  const std::vector<std::string> all(vocabulary.begin(), vocabulary.end());
  std::size_t checked = 0;
  for (std::size_t first = 0; first < all.size(); first += 5) {
    const std::vector<std::string> wanted(all.begin() + static_cast<std::ptrdiff_t>(first),
                                          all.begin() + static_cast<std::ptrdiff_t>(std::min(first + 5, all.size())));
    const std::vector<Token> partial = analyzer.analyze_for(corpus, wanted);
    ASSERT_EQ(partial.size(), full.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      const bool in_full = std::find(wanted.begin(), wanted.end(), full[i].term) != wanted.end();
      const bool in_partial = std::find(wanted.begin(), wanted.end(), partial[i].term) != wanted.end();
      ASSERT_EQ(in_full, in_partial) << full[i].term << " / " << partial[i].term;
      if (in_full) {
        EXPECT_EQ(partial[i].term, full[i].term);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace hemicycle::analysis
