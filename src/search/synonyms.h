#pragma once
// Synonyms and acronyms of the parliamentary lexicon, read from a text file:
//   one group per line, alternatives separated by " | ":
//   PLF | projet de loi de finances
//   évènement | événement
// Each alternative is analysed, so accents and case do not matter.
// The project's list is query/synonyms.txt, built into the library (default_synonyms())
// and analysed at build time too (embedded()), so that a program starts without
// analysing it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"

namespace hemicycle::search {

class Synonyms {
 public:
  Synonyms() = default;
  // Throws ConfigError naming the file and line.
  static Synonyms load(const std::string& path, const analysis::FrenchAnalyzer& analyzer);
  static Synonyms parse(std::string_view text, const analysis::FrenchAnalyzer& analyzer);
  // query/synonyms.txt as parse() reads it, from the table generate_synonyms
  // wrote at build time with the same analyzer.
  static const Synonyms& embedded();

  // The analysed groups, one a line, alternatives separated by tabs and their
  // terms by spaces; from_table() reads it back without analysing anything.
  // Throws ConfigError when a term holds a tab, a space or a newline.
  [[nodiscard]] std::string to_table() const;
  static Synonyms from_table(std::string_view table);

  // The alternatives of a phrase given as its analyzer terms, each as its terms;
  // empty when it has none. {"plf"} -> {{"projet","de","loi","de","financ"}}: stopwords
  // are kept inside multi-word alternatives, as phrases over positional terms need them.
  [[nodiscard]] std::vector<std::vector<std::string>> alternatives(const std::vector<std::string>& terms) const;
  // The longest number of terms of any alternative (for phrase matching in queries).
  [[nodiscard]] std::size_t longest() const noexcept { return longest_; }

 private:
  // `source` names the text in error messages ("query/synonyms.txt:12: ...").
  static Synonyms parse_from(std::string_view text, std::string_view source, const analysis::FrenchAnalyzer& analyzer);

  void add_group(std::vector<std::vector<std::string>> group);

  std::vector<std::vector<std::vector<std::string>>> groups_;
  std::size_t longest_ = 0;
  // An alternative's terms -> the groups it belongs to (an acronym may have several meanings).
  std::map<std::vector<std::string>, std::vector<std::size_t>> groups_of_;
};

// The text of query/synonyms.txt, embedded at build time.
[[nodiscard]] std::string_view default_synonyms();

}  // namespace hemicycle::search
