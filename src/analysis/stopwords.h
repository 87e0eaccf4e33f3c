#pragma once
// The stopword list, stopwords/french.txt, compiled into the library (see
// embed_stopwords.cmake) so that the indexer and the query tool can never
// read two different lists.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace hemicycle::analysis {

// The text of stopwords/french.txt, as embedded at build time.
[[nodiscard]] std::string_view french_stopwords();

class StopwordSet {
 public:
  // `list`: one word per line, '#' starts a comment line, blank lines ignored.
  // Words are normalised and folded like the analysed text.
  explicit StopwordSet(std::string_view list);

  // `folded`: a word as normalised and folded by the analyzer.
  [[nodiscard]] bool contains(std::string_view folded) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

}  // namespace hemicycle::analysis
