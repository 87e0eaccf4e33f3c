#include "analysis/stemming.h"

#include <libstemmer.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

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

// The stems of recent words, direct-mapped: a word has one slot, chosen by its hash,
// and a new word takes it over. A slot holds the word and its stem in one cache
// line: a lookup reads that line only, where a node-based map of as many words
// chased pointers across megabytes (22 % of a building thread's time in the indexer).
class StemCache {
 public:
  static constexpr std::size_t kMaxBytes = 31;  // longer words are stemmed each time

  std::optional<std::string> find(std::string_view word) const {
    if (slots_ == nullptr || word.empty()) return std::nullopt;
    const Slot& slot = slots_[slot_of(word)];
    if (slot.word_size != word.size() || std::memcmp(slot.word, word.data(), word.size()) != 0) return std::nullopt;
    return std::string(slot.stem, slot.stem_size);
  }

  void put(std::string_view word, std::string_view stem) {
    if (slots_ == nullptr || word.empty() || word.size() > kMaxBytes || stem.size() > kMaxBytes) return;
    Slot& slot = slots_[slot_of(word)];
    slot.word_size = static_cast<std::uint8_t>(word.size());
    std::memcpy(slot.word, word.data(), word.size());
    slot.stem_size = static_cast<std::uint8_t>(stem.size());
    std::memcpy(slot.stem, stem.data(), stem.size());
  }

 private:
  // An empty slot is all zeros (a word of no bytes, which is never stemmed): the
  // slots come zeroed from calloc, whose large blocks are fresh pages of the system
  // that cost nothing until used, so that a command-line query stemming a few words
  // does not pay for clearing two megabytes.
  struct alignas(64) Slot {
    std::uint8_t word_size;
    char word[kMaxBytes];
    std::uint8_t stem_size;
    char stem[kMaxBytes];
  };
  // 2 MB per thread that stems. Indexing the corpus, 8,192 slots missed 12.8 % of
  // 12 million lookups and 32,768 miss 4.9 % (a miss costs a Snowball stemming).
  static constexpr std::size_t kSlots = 1 << 15;

  static std::size_t slot_of(std::string_view word) { return std::hash<std::string_view>{}(word) & (kSlots - 1); }

  // One slot more than needed, so that the first can start on a cache line (calloc
  // aligns to 16 bytes only).
  struct Free {
    void operator()(void* block) const { std::free(block); }
  };
  std::unique_ptr<void, Free> block_{std::calloc(kSlots + 1, sizeof(Slot))};
  Slot* slots_ = aligned(block_.get());

  static Slot* aligned(void* block) {
    if (block == nullptr) return nullptr;
    const auto address = reinterpret_cast<std::uintptr_t>(block);
    return reinterpret_cast<Slot*>((address + alignof(Slot) - 1) / alignof(Slot) * alignof(Slot));
  }
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
  // text: each thread remembers its recent stems (StemCache).
  thread_local ThreadStemmer stemmer;
  thread_local StemCache cache;
  if (auto found = cache.find(folded)) return std::move(*found);
  std::string stem = stemmer.stem(form);
  after_snowball(stem);
  cache.put(folded, stem);
  return stem;
}

}  // namespace hemicycle::analysis
