#pragma once
// Synonyms and acronyms of the parliamentary lexicon, read from a text file:
//   one group per line, alternatives separated by " | ":
//   PLF | projet de loi de finances
//   évènement | événement
// Each alternative is analysed, so accents and case do not matter.
// The project's list is query/synonyms.txt, built into the library (default_synonyms())
// and analysed at build time too (embedded()), so that a program starts without
// analysing it. The groups are kept as the table text to_table() writes, and
// looked up through a sorted array of views into it: the built-in table is used
// where it lies, with no string copied.

#include <cstdint>
#include <memory>
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
  // terms by spaces; from_table() reads it back (a copy of it) without analysing
  // anything. parse() throws ConfigError when a term holds a tab, a space or a newline.
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
  // The synonyms of a table that outlives them (the built-in one), or of owned_.
  static Synonyms over(std::string_view table);

  // An alternative: its terms separated by spaces, a view into the table.
  struct Entry {
    std::string_view terms;
    std::uint32_t group;
  };

  static bool by_terms(const Entry& a, const Entry& b);

  std::shared_ptr<const std::string> owned_;  // the table, unless it is the built-in one
  std::vector<Entry> alternatives_;           // in table order: group by group
  std::vector<std::uint32_t> group_begin_;    // group g: alternatives_[group_begin_[g], group_begin_[g + 1])
  std::vector<Entry> sorted_;                 // alternatives_ sorted by terms, groups in order
  std::size_t longest_ = 0;
};

// The text of query/synonyms.txt, embedded at build time.
[[nodiscard]] std::string_view default_synonyms();

}  // namespace hemicycle::search
