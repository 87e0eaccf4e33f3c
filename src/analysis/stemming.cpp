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
    const sb_symbol* stemmed = sb_stemmer_stem(
        stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (stemmed == nullptr) throw Error("libstemmer ran out of memory");
    return {reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(stemmer_))};
  }

 private:
  sb_stemmer* stemmer_;
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
  const std::string_view form = before_snowball(folded);
  if (is_too_short_to_stem(form)) return std::string(form);
  // Snowball is the costliest stage and the vocabulary of a corpus is small
  // next to its length: each thread remembers the stems it computed.
  thread_local ThreadStemmer stemmer;
  thread_local std::unordered_map<std::string, std::string> cache;
  constexpr std::size_t kCacheLimit = 1 << 18;
  std::string key(folded);
  if (const auto found = cache.find(key); found != cache.end()) return found->second;
  std::string stem = stemmer.stem(form);
  after_snowball(stem);
  if (cache.size() >= kCacheLimit) cache.clear();
  cache.emplace(std::move(key), stem);
  return stem;
}

}  // namespace hemicycle::analysis
