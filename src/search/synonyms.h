#pragma once
// Synonyms and acronyms of the parliamentary lexicon, read from a text file:
//   one group per line, alternatives separated by " | ":
//   PLF | projet de loi de finances
//   évènement | événement
// Each alternative is analysed, so accents and case do not matter.

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

  // The alternatives of a phrase given as its analyzer terms, each as its terms;
  // empty when it has none. {"plf"} -> {{"projet","loi","financ"}} (stopwords dropped
  // in the result are kept inside multi-word alternatives, as phrases need them).
  [[nodiscard]] std::vector<std::vector<std::string>> alternatives(const std::vector<std::string>& terms) const;
  // The longest number of terms of any alternative (for phrase matching in queries).
  [[nodiscard]] std::size_t longest() const noexcept { return longest_; }

 private:
  std::vector<std::vector<std::vector<std::string>>> groups_;
  std::size_t longest_ = 0;
};

}  // namespace hemicycle::search
