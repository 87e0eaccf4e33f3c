#include "text/fold.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <array>
#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "errors.h"

namespace hemicycle::text {
namespace {

const icu::Normalizer2& normalizer(const icu::Normalizer2* (*get)(UErrorCode&), const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  // ICU's normalizer instances are immutable singletons, safe to share between threads.
  const icu::Normalizer2* instance = get(status);
  if (instance == nullptr || U_FAILURE(status)) throw Error(std::string("ICU normalizer unavailable: ") + name);
  return *instance;
}

icu::UnicodeString normalized(const icu::Normalizer2& by, const icu::UnicodeString& text, const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString result = by.normalize(text, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU ") + name + ": " + u_errorName(status));
  return result;
}

bool is_apostrophe(UChar32 c) { return c == 0x2019 || c == 0x2018 || c == 0x02BC; }

// The ICU path: what every other path must give.
void append_folded_by_icu(std::string_view utf8, std::string& out, const FoldOptions& options) {
  static const icu::Normalizer2& nfkc_cf = normalizer(icu::Normalizer2::getNFKCCasefoldInstance, "NFKC_Casefold");
  static const icu::Normalizer2& nfd = normalizer(icu::Normalizer2::getNFDInstance, "NFD");
  static const icu::Normalizer2& nfc = normalizer(icu::Normalizer2::getNFCInstance, "NFC");

  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (options.compatibility) text = normalized(nfkc_cf, text, "NFKC_Casefold");
  const icu::UnicodeString decomposed = normalized(nfd, text, "NFD");

  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    const UChar32 lower = options.compatibility ? c : u_tolower(c);
    if (options.expand_ligatures && lower == 0x0153) {
      stripped.append(u"oe");
    } else if (options.expand_ligatures && lower == 0x00E6) {
      stripped.append(u"ae");
    } else if (is_apostrophe(lower)) {
      stripped.append(static_cast<UChar>(u'\''));
    } else {
      stripped.append(lower);
    }
  }
  // Recompose what stripping left decomposed (Hangul syllables, for one).
  normalized(nfc, stripped, "NFC").toUTF8String(out);
}

// The folded forms of the code points of ASCII, Latin-1 and Latin Extended-A
// (U+0080 to U+017F: the accented letters of French, œ, æ) and of the
// apostrophes, each computed once by the ICU path. None of them combines with a
// neighbour under NFKC, NFD or NFC, so a word made of them folds to the
// concatenation of their forms, without ICU.
class LatinFoldTable {
 public:
  explicit LatinFoldTable(const FoldOptions& options) : options_(options) {
    for (const UChar32 c : {0x2019, 0x2018, 0x02BC}) {
      std::string form;
      append_folded_by_icu(utf8_of(c), form, options);
      apostrophes_.emplace_back(c, std::move(form));
    }
  }
  ~LatinFoldTable() {
    for (auto& form : forms_) delete form.load(std::memory_order_relaxed);
  }
  LatinFoldTable(const LatinFoldTable&) = delete;
  LatinFoldTable& operator=(const LatinFoldTable&) = delete;

  // Appends the folded form of `utf8` and returns true; returns false, leaving
  // `out` as it was, when a code point is not in the table or the bytes are not UTF-8.
  bool append(std::string_view utf8, std::string& out) const {
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < utf8.size();) {
      if (static_cast<unsigned char>(utf8[i]) < 0x80) {
        out.push_back(ascii_lower(utf8[i++]));
        continue;
      }
      UChar32 c = 0;
      U8_NEXT(utf8.data(), i, utf8.size(), c);
      if (const std::string* form = find(c)) {
        out += *form;
        continue;
      }
      out.resize(start);
      return false;
    }
    return true;
  }

 private:
  static constexpr UChar32 kEnd = 0x180;

  static std::string utf8_of(UChar32 c) {
    std::string utf8;
    icu::UnicodeString(c).toUTF8String(utf8);
    return utf8;
  }

  // A code point's form is computed the first time it is met (a process that
  // folds a few words meets a few of them), by whichever thread meets it first.
  [[nodiscard]] const std::string* find(UChar32 c) const {
    if (c >= 0x80 && c < kEnd) {
      std::atomic<const std::string*>& entry = forms_[static_cast<std::size_t>(c)];
      const std::string* form = entry.load(std::memory_order_acquire);
      if (form != nullptr) return form;
      auto computed = std::make_unique<std::string>();
      append_folded_by_icu(utf8_of(c), *computed, options_);
      if (entry.compare_exchange_strong(form, computed.get(), std::memory_order_acq_rel)) return computed.release();
      return form;  // another thread's, the same
    }
    for (const auto& [code_point, form] : apostrophes_) {
      if (code_point == c) return &form;
    }
    return nullptr;
  }

  FoldOptions options_;
  mutable std::array<std::atomic<const std::string*>, kEnd> forms_{};  // the entries below 0x80 are unused
  std::vector<std::pair<UChar32, std::string>> apostrophes_;
};

const LatinFoldTable& table_for(const FoldOptions& options) {
  static const LatinFoldTable analyzer_fold(FoldOptions{true, true});
  static const LatinFoldTable compatibility_only(FoldOptions{true, false});
  static const LatinFoldTable ligatures_only(FoldOptions{false, true});
  static const LatinFoldTable label_fold(FoldOptions{false, false});
  if (options.compatibility) return options.expand_ligatures ? analyzer_fold : compatibility_only;
  return options.expand_ligatures ? ligatures_only : label_fold;
}

}  // namespace

void append_folded(std::string_view utf8, std::string& out, const FoldOptions& options) {
  if (table_for(options).append(utf8, out)) return;
  append_folded_by_icu(utf8, out, options);
}

std::string fold(std::string_view utf8, const FoldOptions& options) {
  std::string out;
  append_folded(utf8, out, options);
  return out;
}

std::string lower(std::string_view utf8) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

std::string name_key(std::string_view utf8, const KeyOptions& options) {
  const std::string folded = fold(utf8, options.fold);
  const auto code_point_at = [&](std::size_t at) {
    UChar32 c = 0;
    U8_NEXT(folded.data(), at, folded.size(), c);
    return c;
  };
  std::string key;
  key.reserve(folded.size());
  bool pending_space = false;
  bool previous_alnum = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    const std::size_t start = i;
    UChar32 c = 0;
    U8_NEXT(folded.data(), i, folded.size(), c);
    bool keep = u_isalnum(c);
    if (c == '\'' && options.keep_inner_apostrophes && previous_alnum && i < folded.size()) {
      keep = u_isalnum(code_point_at(i));
    }
    if (keep) {
      if (pending_space && !key.empty()) key.push_back(' ');
      pending_space = false;
      key.append(folded, start, i - start);
    } else {
      pending_space = true;
    }
    previous_alnum = keep && c != '\'';
  }
  return key;
}

}  // namespace hemicycle::text
