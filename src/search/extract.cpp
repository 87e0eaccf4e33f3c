#include "search/extract.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <utility>

namespace hemicycle::search {
namespace {

using analysis::Token;

// Words of context kept before the first match when no sentence starts close before it.
constexpr std::size_t kContextWords = 5;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

bool has_non_space(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return !is_space(c); });
}

// A sentence starts after a blank line, or after . ! ? unless the word before is
// a single letter: "M. le ministre", "article L. 2242-1" do not end sentences.
// A lone newline may be a hard wrap inside a sentence.
bool starts_sentence(std::string_view text, const std::vector<Token>& tokens, std::size_t i) {
  if (i == 0) return true;
  const Token& previous = tokens[i - 1];
  if (tokens[i].begin <= previous.end) return false;
  const std::string_view gap = text.substr(previous.end, tokens[i].begin - previous.end);
  if (gap.find("\n\n") != std::string_view::npos) return true;
  return gap.find_first_of(".!?") != std::string_view::npos && previous.end - previous.begin > 1;
}

// Past the punctuation that closes the word ending at `at`, with the space
// French typography puts before ; : ! ? and », when one follows.
std::size_t end_of_trailing_punctuation(std::string_view text, std::size_t at) {
  static constexpr std::string_view kSpaces[] = {" ", "\xC2\xA0", "\xE2\x80\xAF"};        // space, nbsp, narrow nbsp
  static constexpr std::string_view kClosing[] = {".", ",", ")", "\"", "\xE2\x80\xA6"};   // …
  static constexpr std::string_view kSpacedClosing[] = {";", ":", "!", "?", "\xC2\xBB"};  // »
  const auto starts_with_any = [&text](std::size_t from, const auto& marks) -> std::size_t {
    for (const std::string_view mark : marks) {
      if (text.substr(from).starts_with(mark)) return mark.size();
    }
    return 0;
  };
  std::size_t end = at;
  while (true) {
    std::size_t length = starts_with_any(end, kClosing);
    if (length == 0) length = starts_with_any(end, kSpacedClosing);
    if (length == 0) {
      const std::size_t space = starts_with_any(end, kSpaces);
      const std::size_t mark = space == 0 ? 0 : starts_with_any(end + space, kSpacedClosing);
      if (mark == 0) return end;
      length = space + mark;
    }
    end += length;
  }
}

void append_escaped(std::string& out, std::string_view text, bool collapse_spaces) {
  bool in_space = false;
  for (const char c : text) {
    if (collapse_spaces && is_space(c)) {
      if (!in_space) out += ' ';
      in_space = true;
      continue;
    }
    in_space = false;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

// The analysed text, and for each token the index of the highlight term it
// matches (stopwords never match: marking every "de" helps no one), or -1.
struct AnalysedText {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<int> match;

  void match_terms(const std::unordered_map<std::string_view, int>& term_ids) {
    match.clear();
    match.reserve(tokens.size());
    for (const Token& token : tokens) {
      const auto found = token.stopword ? term_ids.end() : term_ids.find(token.term);
      match.push_back(found == term_ids.end() ? -1 : found->second);
    }
  }
};

struct Window {
  std::size_t text = 0;
  std::size_t start = 0;
  std::size_t distinct = 0;
  std::size_t matches = 0;
};

// The earliest window of `words` tokens with the most distinct terms, then the most matches.
Window best_window(const AnalysedText& analysed, std::size_t text_index, std::size_t term_count, std::size_t words) {
  Window best{text_index, 0, 0, 0};
  std::vector<std::size_t> counts(term_count, 0);
  Window current{text_index, 0, 0, 0};
  for (std::size_t end = 0; end < analysed.tokens.size(); ++end) {
    if (const int id = analysed.match[end]; id >= 0) {
      if (counts[id]++ == 0) ++current.distinct;
      ++current.matches;
    }
    if (end - current.start + 1 > words) {
      if (const int id = analysed.match[current.start]; id >= 0) {
        if (--counts[id] == 0) --current.distinct;
        --current.matches;
      }
      ++current.start;
    }
    if (std::pair(current.distinct, current.matches) > std::pair(best.distinct, best.matches)) best = current;
  }
  return best;
}

// Moves the window start to a sentence start, or a few words before the first
// match; any start between the window's start and its first match keeps every match.
std::size_t aligned_start(const AnalysedText& analysed, const Window& window, std::size_t words) {
  const std::size_t end = std::min(window.start + words, analysed.tokens.size());
  std::size_t first_match = window.start;
  while (first_match < end && analysed.match[first_match] < 0) ++first_match;
  if (first_match == end) return window.start;
  for (std::size_t i = first_match + 1; i-- > window.start;) {
    if (starts_sentence(analysed.text, analysed.tokens, i)) return i;
  }
  return std::max(window.start, first_match >= kContextWords ? first_match - kContextWords : 0);
}

std::string render(const AnalysedText& analysed, std::size_t start, std::size_t words) {
  const std::string_view text = analysed.text;
  const auto& tokens = analysed.tokens;
  const std::size_t end = std::min(start + words, tokens.size());

  // Take in what is glued to the first word ("l'" of "l'usine", an opening
  // quote) and the punctuation right after the last one.
  std::size_t begin_byte = tokens[start].begin;
  const std::size_t lower = start > 0 ? tokens[start - 1].end : 0;
  while (begin_byte > lower && !is_space(text[begin_byte - 1])) --begin_byte;
  std::size_t end_byte = tokens[end - 1].end;
  const std::size_t upper = end < tokens.size() ? tokens[end].begin : text.size();
  end_byte = std::min(upper, end_of_trailing_punctuation(text, end_byte));

  std::string out;
  if (has_non_space(text.substr(0, begin_byte)) && !starts_sentence(text, tokens, start)) out += "… ";
  std::size_t at = begin_byte;
  for (std::size_t i = start; i < end; ++i) {
    const Token& token = tokens[i];
    if (token.begin < at) continue;  // never expected: offsets only grow
    append_escaped(out, text.substr(at, token.begin - at), true);
    if (analysed.match[i] >= 0) out += "<mark>";
    append_escaped(out, text.substr(token.begin, token.end - token.begin), true);
    if (analysed.match[i] >= 0) out += "</mark>";
    at = token.end;
  }
  if (end_byte > at) append_escaped(out, text.substr(at, end_byte - at), true);
  const std::string_view shown = text.substr(0, end_byte);
  const bool ends_sentence =
      shown.ends_with('.') || shown.ends_with('!') || shown.ends_with('?') || shown.ends_with("\xE2\x80\xA6");
  if (has_non_space(text.substr(end_byte)) && !ends_sentence) out += " …";
  return out;
}

// The beginning of `text` that an extract is looked for in: all of it, or up
// to the last space before kExtractScanBytes.
std::string_view scanned_part(std::string_view text) {
  if (text.size() <= kExtractScanBytes) return text;
  const std::size_t space = text.rfind(' ', kExtractScanBytes);
  if (space != std::string_view::npos && space > 0) return text.substr(0, space);
  std::size_t cut = kExtractScanBytes;  // no space: cut before a UTF-8 continuation byte
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, false);
  return out;
}

std::string best_extract(const std::vector<std::string_view>& texts, const analysis::FrenchAnalyzer& analyzer,
                         const std::vector<std::string>& highlight_terms, std::size_t words) {
  words = std::max<std::size_t>(words, 1);
  std::unordered_map<std::string_view, int> term_ids;
  for (const std::string& term : highlight_terms) {
    if (!term.empty()) term_ids.emplace(term, static_cast<int>(term_ids.size()));
  }

  std::vector<AnalysedText> analysed;
  std::optional<Window> best;
  for (const std::string_view text : texts) {
    // Tokens of the scanned beginning; offsets into the whole text, which the rendering sees.
    AnalysedText current{text, analyzer.analyze_for(scanned_part(text), highlight_terms), {}};
    if (current.tokens.empty()) continue;
    current.match_terms(term_ids);
    analysed.push_back(std::move(current));
    const Window window = best_window(analysed.back(), analysed.size() - 1, term_ids.size(), words);
    if (!best || std::pair(window.distinct, window.matches) > std::pair(best->distinct, best->matches)) {
      best = window;
    }
  }
  if (!best) return {};
  const AnalysedText& chosen = analysed[best->text];
  return render(chosen, aligned_start(chosen, *best, words), words);
}

std::optional<std::string> positioned_extract(const std::vector<LaidOutText>& texts,
                                              const analysis::FrenchAnalyzer& analyzer,
                                              const std::vector<std::string>& highlight_terms,
                                              const std::vector<std::vector<Xapian::termpos>>& positions,
                                              std::size_t words) {
  words = std::max<std::size_t>(words, 1);
  if (positions.size() != highlight_terms.size()) return std::nullopt;
  std::unordered_map<std::string_view, int> term_ids;
  std::vector<int> id_of(highlight_terms.size(), -1);
  for (std::size_t i = 0; i < highlight_terms.size(); ++i) {
    if (!highlight_terms[i].empty())
      id_of[i] = term_ids.emplace(highlight_terms[i], static_cast<int>(term_ids.size())).first->second;
  }

  // Per text, its matches (token index, term id) in order, and the same windows
  // as best_window: a window's value only grows when a match enters it.
  std::optional<Window> best;
  std::size_t first_nonempty = texts.size();
  for (std::size_t t = 0; t < texts.size(); ++t) {
    const index::TextLayout* layout = texts[t].layout;
    if (layout == nullptr) return std::nullopt;
    if (layout->tokens == 0) continue;
    if (first_nonempty == texts.size()) first_nonempty = t;
    std::vector<std::pair<std::uint32_t, int>> matches;
    for (std::size_t i = 0; i < positions.size(); ++i) {
      if (id_of[i] < 0) continue;
      for (const Xapian::termpos pos : positions[i]) {
        if (pos > layout->base && pos - layout->base <= layout->tokens)
          matches.emplace_back(pos - layout->base - 1, id_of[i]);
      }
    }
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    std::vector<std::size_t> counts(term_ids.size(), 0);
    Window current{t, 0, 0, 0};
    std::size_t leaving = 0;
    std::optional<Window> in_text;
    for (const auto& [token, id] : matches) {
      const std::size_t start = token + 1 > words ? token + 1 - words : 0;
      for (; matches[leaving].first < start; ++leaving) {
        if (--counts[matches[leaving].second] == 0) --current.distinct;
        --current.matches;
      }
      if (counts[id]++ == 0) ++current.distinct;
      ++current.matches;
      current.start = start;
      if (!in_text || std::pair(current.distinct, current.matches) > std::pair(in_text->distinct, in_text->matches))
        in_text = current;
    }
    if (in_text && (!best || std::pair(in_text->distinct, in_text->matches) > std::pair(best->distinct, best->matches)))
      best = in_text;
  }
  if (!best) {
    if (first_nonempty == texts.size()) return std::string();
    best = Window{first_nonempty, 0, 0, 0};
  }

  // Analyse from the checkpoint before the window (a token before it, for the
  // sentence test) to the one after what may be shown: the shown passage starts
  // at the latest at the window's first match, so within `words` of its start,
  // and runs `words` tokens, then one more for the punctuation.
  const LaidOutText& chosen = texts[best->text];
  const index::TextLayout& layout = *chosen.layout;
  const std::size_t k = index::kCheckpointTokens;
  const std::size_t first_checkpoint = best->start > 0 ? (best->start - 1) / k : 0;
  const std::size_t region_first = first_checkpoint * k;
  if (first_checkpoint > layout.checkpoints.size()) return std::nullopt;
  const std::size_t begin = first_checkpoint == 0 ? 0 : layout.checkpoints[first_checkpoint - 1];
  const std::size_t last_checkpoint = (best->start + 2 * words + 1) / k;
  // The passage ends before the token of checkpoint `last_checkpoint`. A checkpoint
  // is where a word's token begins, which is after an elided "l’" or "qu'": cut
  // there, the elision would become a word of its own. So the analysis runs on to
  // the end of the checkpoint's word, and its token must begin where it says.
  const bool to_end = last_checkpoint >= layout.checkpoints.size();
  std::size_t end = chosen.text.size();
  if (!to_end) {  // past the checkpoint's word: up to the next space
    end = layout.checkpoints[last_checkpoint];
    while (end < chosen.text.size() && !is_space(chosen.text[end])) ++end;
  }
  if (begin > end || end > chosen.text.size()) return std::nullopt;

  AnalysedText analysed{chosen.text, analyzer.analyze_for(chosen.text.substr(begin, end - begin), highlight_terms), {}};
  for (Token& token : analysed.tokens) {
    token.begin += begin;
    token.end += begin;
  }
  if (first_checkpoint > 0 && (analysed.tokens.empty() || analysed.tokens.front().begin != begin)) return std::nullopt;
  if (to_end) {
    if (analysed.tokens.size() != layout.tokens - region_first) return std::nullopt;
  } else {
    const std::size_t stop = (last_checkpoint + 1) * k - region_first;
    if (analysed.tokens.size() <= stop || analysed.tokens[stop].begin != layout.checkpoints[last_checkpoint])
      return std::nullopt;
    analysed.tokens.resize(stop);
  }
  analysed.match_terms(term_ids);
  // The matches of the window are where the positions put them, or nothing is trusted.
  Window window = *best;
  window.start -= region_first;
  std::size_t seen = 0;
  for (std::size_t i = window.start; i < std::min(window.start + words, analysed.tokens.size()); ++i) {
    if (analysed.match[i] >= 0) ++seen;
  }
  if (seen != best->matches) return std::nullopt;
  return render(analysed, aligned_start(analysed, window, words), words);
}

std::string render_marks(std::string_view extract, std::string_view open, std::string_view close) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kReplacements{{
      {"<mark>", ""},
      {"</mark>", ""},
      {"&amp;", "&"},
      {"&lt;", "<"},
      {"&gt;", ">"},
      {"&quot;", "\""},
  }};
  std::string out;
  out.reserve(extract.size());
  std::size_t i = 0;
  while (i < extract.size()) {
    bool replaced = false;
    for (std::size_t r = 0; r < kReplacements.size() && !replaced; ++r) {
      const auto& [from, to] = kReplacements[r];
      if (extract.substr(i, from.size()) != from) continue;
      out += r == 0 ? open : r == 1 ? close : to;
      i += from.size();
      replaced = true;
    }
    if (!replaced) out += extract[i++];
  }
  return out;
}

}  // namespace hemicycle::search
