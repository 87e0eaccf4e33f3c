#include "analysis/word_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <array>
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

// The fast path's view of a character: enough of UAX #29's word break classes
// for French prose. Anything it does not know sends its stretch of text to ICU.
enum class CharClass : std::uint8_t {
  kLetter,     // ALetter: ASCII and Latin-1 letters, œ, Œ, and @ for ICU
  kDigit,      // Numeric: ASCII digits
  kQuote,      // ' ‘ ’ and "." (Single_Quote, MidNumLet): join letters to letters, digits to digits
  kNumberSep,  // "," and ";" (MidNum): join digits to digits only
  kSpace,      // ASCII white space: never inside a word, never joined to one
  kOther,      // punctuation that is never inside a word (hyphen, brackets, « », dashes, no-break space)
  kUnknown,    // anything else: combining marks, "_", other scripts, U+202F...
};

struct Classified {
  CharClass kind;
  std::uint8_t size;  // bytes
};

// The classes of the ASCII characters.
constexpr std::array<CharClass, 128> kAsciiClasses = [] {
  std::array<CharClass, 128> classes{};
  for (auto& c : classes) c = CharClass::kUnknown;
  for (int c = 'a'; c <= 'z'; ++c) classes[c] = CharClass::kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) classes[c] = CharClass::kLetter;
  for (int c = '0'; c <= '9'; ++c) classes[c] = CharClass::kDigit;
  for (const char c : std::string_view(" \t\n\r\v\f")) classes[static_cast<unsigned char>(c)] = CharClass::kSpace;
  // "_" (ExtendNumLet) joins what it touches: left to ICU. ":" is MidLetter in
  // UAX #29, but ICU's rules take it out (its tests check this).
  for (const char c : std::string_view("!\"#$%&()*+-/:<=>?[\\]^`{|}~")) {
    classes[static_cast<unsigned char>(c)] = CharClass::kOther;
  }
  classes['@'] = CharClass::kLetter;  // ICU's rules count it as a letter, for addresses
  classes['\''] = CharClass::kQuote;
  classes['.'] = CharClass::kQuote;
  classes[','] = CharClass::kNumberSep;
  classes[';'] = CharClass::kNumberSep;
  return classes;
}();

bool is_ascii_space(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x80 && kAsciiClasses[byte] == CharClass::kSpace;
}

Classified classify(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0U; };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {kAsciiClasses[lead], 1};
  if (lead == 0xC3) {  // U+00C0-U+00FF: letters, but for × and ÷
    const unsigned char next = byte(1);
    if (next < 0x80 || next > 0xBF) return {CharClass::kUnknown, 1};
    return {next == 0x97 || next == 0xB7 ? CharClass::kOther : CharClass::kLetter, 2};
  }
  if (lead == 0xC5 && (byte(1) == 0x92 || byte(1) == 0x93)) return {CharClass::kLetter, 2};  // Œ œ
  if (lead == 0xC2 && (byte(1) == 0xA0 || byte(1) == 0xAB || byte(1) == 0xBB)) return {CharClass::kOther, 2};
  if (lead == 0xE2 && byte(1) == 0x80) {
    const unsigned char last = byte(2);
    if (last == 0x98 || last == 0x99) return {CharClass::kQuote, 3};                                  // ‘ ’
    if (last == 0x93 || last == 0x94 || last == 0x9C || last == 0x9D) return {CharClass::kOther, 3};  // – — “ ”
  }
  return {CharClass::kUnknown, 1};
}

// ICU's words of text[begin, end), appended to `words` with their offsets in `text`.
void append_icu_words(std::string_view text, std::size_t begin, std::size_t end, std::vector<WordSpan>& words) {
  thread_local ThreadWordIterator thread_iterator;
  icu::BreakIterator& iterator = thread_iterator.over(text.substr(begin, end - begin));
  int32_t start = iterator.first();
  for (int32_t stop = iterator.next(); stop != icu::BreakIterator::DONE; start = stop, stop = iterator.next()) {
    const int32_t rule = iterator.getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;
    const WordKind kind = rule < UBRK_WORD_NUMBER_LIMIT ? WordKind::kNumber : WordKind::kLetters;
    push_split_at_narrow_spaces(text, begin + static_cast<std::size_t>(start), begin + static_cast<std::size_t>(stop),
                                kind, words);
  }
}

void check_length(std::string_view text) {
  // ICU indexes text with int32_t; no field of a parliamentary document comes near.
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    throw InputError("text too long to analyse: " + std::to_string(text.size()) + " bytes");
  }
}

}  // namespace

// Most French prose is words of letters or of digits, joined by an apostrophe
// or a point, between spaces and punctuation: the rules of UAX #29 for those are
// a few lines, and ICU's iterator was 4-5 % of indexing's CPU time. Whatever
// else a stretch between two white spaces holds (digits against letters, "_",
// marks, other scripts) is read by ICU: its rules never join across white space, so
// the stretch splits as it would within the whole text.
std::vector<WordSpan> split_words(std::string_view text) {
  check_length(text);
  std::vector<WordSpan> words;
  words.reserve(text.size() / 6 + 1);
  std::size_t stretch_begin = 0;  // just after the last white space
  std::size_t stretch_words = 0;  // words.size() then
  std::size_t at = 0;
  // Reads the rest of the stretch with ICU, dropping what the fast path found in it.
  const auto read_with_icu = [&] {
    std::size_t end = at;
    while (end < text.size() && !is_ascii_space(text[end])) ++end;
    words.resize(stretch_words);
    append_icu_words(text, stretch_begin, end, words);
    at = end;
  };
  while (at < text.size()) {
    const Classified first = classify(text, at);
    if (first.kind == CharClass::kSpace) {
      at += first.size;
      stretch_begin = at;
      stretch_words = words.size();
      continue;
    }
    if (first.kind == CharClass::kUnknown) {
      read_with_icu();
      continue;
    }
    if (first.kind != CharClass::kLetter && first.kind != CharClass::kDigit) {
      at += first.size;
      continue;
    }
    // A word: letters joined by quotes or points to letters, or digits joined by
    // those or by "," ";" to digits.
    const CharClass run = first.kind;
    const std::size_t begin = at;
    at += first.size;
    bool unknown = false;
    while (at < text.size()) {
      const Classified next = classify(text, at);
      if (next.kind == run) {
        at += next.size;
        continue;
      }
      if (next.kind == CharClass::kQuote || (next.kind == CharClass::kNumberSep && run == CharClass::kDigit)) {
        const Classified after = classify(text, at + next.size);
        if (at + next.size < text.size() && after.kind == run) {
          at += next.size + after.size;
          continue;
        }
        unknown = at + next.size < text.size() && after.kind == CharClass::kUnknown;
        break;
      }
      unknown = next.kind == CharClass::kUnknown || next.kind == CharClass::kLetter || next.kind == CharClass::kDigit;
      break;
    }
    if (unknown) {
      read_with_icu();
      continue;
    }
    words.push_back({begin, at, run == CharClass::kDigit ? WordKind::kNumber : WordKind::kLetters, {}});
  }
  return words;
}

std::vector<WordSpan> split_words_with_icu(std::string_view text) {
  check_length(text);
  std::vector<WordSpan> words;
  words.reserve(text.size() / 6 + 1);
  append_icu_words(text, 0, text.size(), words);
  return words;
}

}  // namespace hemicycle::analysis
