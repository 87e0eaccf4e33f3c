#include "analysis/stemming.h"

#include <libstemmer.h>

#include <unordered_map>

#include "analysis/stem_rules.h"
#include "errors.h"

namespace hemicycle::analysis {
namespace {

class ThreadStemmer {
 public:
  ThreadStemmer() : stemmer_(sb_stemmer_new("french", "UTF_8")) {
    if (stemmer_ == nullptr) throw Error("libstemmer has no French UTF-8 stemmer");
  }
  ~ThreadStemmer() { sb_stemmer_delete(stemmer_); }
  ThreadStemmer(const ThreadStemmer&) = delete;
  ThreadStemmer& operator=(const ThreadStemmer&) = delete;

  std::string stem(std::string_view word) {
    const sb_symbol* stemmed =
        sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (stemmed == nullptr) throw Error("libstemmer ran out of memory");
    return {reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(stemmer_))};
  }

 private:
  sb_stemmer* stemmer_;
};

struct StemCache {
  static constexpr std::size_t kLimit = 1 << 14;  // grown to as needed: a query stems a few words
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> stems;
};

bool has_digit(std::string_view word) {
  for (const char c : word) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

}  // namespace

std::string stem_folded_word(std::string_view folded) {
  if (has_digit(folded)) return std::string(folded);
  if (auto kept = kept_apart_stem(folded)) return *kept;
  const std::string_view form = before_snowball(folded);
  if (is_too_short_to_stem(form)) return std::string(form);
  // Snowball is the costliest stage and a few thousand words make most of a
  // text: each thread remembers its recent stems. The cache stays small so
  // that it stays in the processor's cache; it restarts when full.
  thread_local ThreadStemmer stemmer;
  thread_local StemCache cache;
  if (const auto found = cache.stems.find(folded); found != cache.stems.end()) return found->second;
  std::string stem = stemmer.stem(form);
  after_snowball(stem);
  if (cache.stems.size() >= StemCache::kLimit) cache.stems.clear();
  cache.stems.emplace(std::string(folded), stem);
  return stem;
}

}  // namespace hemicycle::analysis
