#include "analysis/word_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cstdint>
#include <limits>
#include <memory>

#include "errors.h"

namespace hemicycle::analysis {
namespace {

// A BreakIterator is not thread-safe, so each thread keeps its own, created
// once: creating one costs far more than analysing a short field.
class ThreadWordIterator {
 public:
  ThreadWordIterator() {
    UErrorCode status = U_ZERO_ERROR;
    iterator_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !iterator_) {
      throw Error(std::string("ICU word break iterator unavailable: ") + u_errorName(status));
    }
  }
  ~ThreadWordIterator() { utext_close(text_); }
  ThreadWordIterator(const ThreadWordIterator&) = delete;
  ThreadWordIterator& operator=(const ThreadWordIterator&) = delete;

  icu::BreakIterator& over(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    text_ = utext_openUTF8(text_, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) throw Error(std::string("ICU UText: ") + u_errorName(status));
    iterator_->setText(text_, status);
    if (U_FAILURE(status)) throw Error(std::string("ICU setText: ") + u_errorName(status));
    return *iterator_;
  }

 private:
  std::unique_ptr<icu::BreakIterator> iterator_;
  UText* text_ = nullptr;
};

// UAX #29 counts U+202F NARROW NO-BREAK SPACE as a connector (ExtendNumLet,
// for Mongolian), so "25\u202F000" and "mot\u202Fmot" come back as one word.
// French typography uses it as a space (before ";:!?", between digit groups):
// cut there; the number joining stage puts digit groups back together.
void push_split_at_narrow_spaces(std::string_view text, std::size_t begin, std::size_t end, WordKind kind,
                                 std::vector<WordSpan>& words) {
  constexpr std::string_view kNarrowNoBreakSpace = "\xE2\x80\xAF";
  const std::string_view word = text.substr(begin, end - begin);
  if (word.find(kNarrowNoBreakSpace) == std::string_view::npos) {
    words.push_back({begin, end, kind, {}});
    return;
  }
  std::size_t part_begin = 0;
  while (part_begin <= word.size()) {
    std::size_t part_end = word.find(kNarrowNoBreakSpace, part_begin);
    if (part_end == std::string_view::npos) part_end = word.size();
    const std::string_view part = word.substr(part_begin, part_end - part_begin);
    if (!part.empty()) {
      words.push_back({begin + part_begin,
                       begin + part_end,
                       kind == WordKind::kNumber || is_ascii_digits(part) ? WordKind::kNumber : WordKind::kLetters,
                       {}});
    }
    part_begin = part_end + kNarrowNoBreakSpace.size();
  }
}

}  // namespace

std::vector<WordSpan> split_words(std::string_view text) {
  // ICU indexes text with int32_t; no field of a parliamentary document comes near.
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    throw InputError("text too long to analyse: " + std::to_string(text.size()) + " bytes");
  }
  thread_local ThreadWordIterator thread_iterator;
  icu::BreakIterator& iterator = thread_iterator.over(text);
  std::vector<WordSpan> words;
  words.reserve(text.size() / 6 + 1);
  int32_t start = iterator.first();
  for (int32_t end = iterator.next(); end != icu::BreakIterator::DONE; start = end, end = iterator.next()) {
    const int32_t rule = iterator.getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;
    const WordKind kind = rule < UBRK_WORD_NUMBER_LIMIT ? WordKind::kNumber : WordKind::kLetters;
    push_split_at_narrow_spaces(text, static_cast<std::size_t>(start), static_cast<std::size_t>(end), kind, words);
  }
  return words;
}

}  // namespace hemicycle::analysis
