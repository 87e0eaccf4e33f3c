// HTML to plain text for the bodies of AN answers and amendments.
//
// Named entities: the HTML 4.01 sets (W3C, "Character entity references in
// HTML 4"): ISO Latin-1 (U+00A0-U+00FF) and the special/typographic characters
// French texts use. Numeric references in 0x80-0x9F are read as Windows-1252,
// as browsers do (HTML5 "numeric character reference end state"), because
// texts converted from cp1252 carry them.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "document/an_json.h"
#include "text/fold.h"

namespace hemicycle::document {
namespace {

const std::unordered_map<std::string_view, char32_t>& named_entities() {
  static const std::unordered_map<std::string_view, char32_t> table = [] {
    std::unordered_map<std::string_view, char32_t> t{
        {"amp", U'&'},      {"lt", U'<'},       {"gt", U'>'},       {"quot", U'"'},     {"apos", U'\''},
        {"OElig", 0x152},   {"oelig", 0x153},   {"Scaron", 0x160},  {"scaron", 0x161},  {"Yuml", 0x178},
        {"fnof", 0x192},    {"circ", 0x2C6},    {"tilde", 0x2DC},   {"ensp", 0x2002},   {"emsp", 0x2003},
        {"thinsp", 0x2009}, {"zwnj", 0x200C},   {"zwj", 0x200D},    {"lrm", 0x200E},    {"rlm", 0x200F},
        {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"sbquo", 0x201A},
        {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021},
        {"bull", 0x2022},   {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},  {"Prime", 0x2033},
        {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"oline", 0x203E},  {"euro", 0x20AC},   {"trade", 0x2122},
        {"larr", 0x2190},   {"rarr", 0x2192},   {"minus", 0x2212},  {"le", 0x2264},     {"ge", 0x2265},
        {"ne", 0x2260},     {"times", 0xD7},    {"divide", 0xF7},
    };
    // ISO Latin-1, U+00A0 to U+00FF in code point order.
    static constexpr std::array<std::string_view, 96> kLatin1{
        "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",   "ordf",
        "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",
        "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave",
        "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",
        "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",
        "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute",
        "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave",
        "iacute", "icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
        "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
    };
    for (std::size_t i = 0; i < kLatin1.size(); ++i) t.emplace(kLatin1[i], static_cast<char32_t>(0xA0 + i));
    return t;
  }();
  return table;
}

// Windows-1252 characters at 0x80-0x9F (0 where cp1252 has none).
constexpr std::array<char32_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

constexpr char32_t kReplacement = 0xFFFD;

char32_t numeric_entity_value(std::string_view digits, bool hex) {
  if (digits.empty() || digits.size() > 8) return kReplacement;
  std::uint32_t value = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (hex && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (hex && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return 0;  // not a numeric reference at all
    }
    value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
  }
  if (value >= 0x80 && value <= 0x9F && kCp1252High[value - 0x80] != 0) return kCp1252High[value - 0x80];
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return kReplacement;
  return value;
}

// The character an entity starting at html[at] == '&' stands for, and its length;
// {0, 0} when it is no entity (the '&' is then literal).
struct Entity {
  char32_t value = 0;
  std::size_t length = 0;
};
Entity read_entity(std::string_view html, std::size_t at) {
  constexpr std::size_t kLongestEntity = 12;
  const std::size_t semicolon = html.find(';', at + 1);
  if (semicolon == std::string_view::npos || semicolon - at > kLongestEntity) return {};
  std::string_view body = html.substr(at + 1, semicolon - at - 1);
  char32_t value = 0;
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    value = numeric_entity_value(body.substr(hex ? 2 : 1), hex);
  } else if (auto it = named_entities().find(body); it != named_entities().end()) {
    value = it->second;
  }
  if (value == 0) return {};
  return {value, semicolon - at + 1};
}

void append_utf8(std::string& out, char32_t c) {
  uint8_t bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
  out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}

// The code point of the UTF-8 sequence at text[at] when it is one of the few
// non-ASCII spaces or invisible characters the writer must handle; 0 otherwise.
struct Special {
  char32_t value = 0;
  std::size_t length = 0;
};
Special special_character_at(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  if (byte(0) == 0xC2 && at + 1 < text.size() && (byte(1) == 0xA0 || byte(1) == 0xAD)) {
    return {static_cast<char32_t>(byte(1)), 2};
  }
  if (byte(0) == 0xE2 && at + 2 < text.size() && byte(1) == 0x80) {
    return {static_cast<char32_t>(0x2000 | (byte(2) & 0x3F)), 3};
  }
  if (byte(0) == 0xE2 && at + 2 < text.size() && byte(1) == 0x81 && byte(2) == 0xA0) return {0x2060, 3};
  if (byte(0) == 0xEF && at + 2 < text.size() && byte(1) == 0xBB && byte(2) == 0xBF) return {0xFEFF, 3};
  return {};
}

bool is_space_character(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}
bool is_invisible_character(char32_t c) {
  return c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

// Accumulates text, collapsing runs of spaces and line breaks: a break of
// level 1 is a new line, level 2 a new paragraph (blank line).
class TextWriter {
 public:
  void space() { pending_space_ = !out_.empty(); }
  void line_break(int level) {
    if (!out_.empty() && level > pending_break_) pending_break_ = level;
  }
  // <br> breaks add up: two in a row end a paragraph.
  void forced_line_break() {
    if (!out_.empty() && pending_break_ < 2) ++pending_break_;
  }
  void character(char32_t c) {
    if (is_space_character(c)) return space();
    if (c == 0x2028) return line_break(1);
    if (c == 0x2029) return line_break(2);
    if (is_invisible_character(c)) return;
    flush_separators();
    append_utf8(out_, c);
  }
  void byte(char b) {
    flush_separators();
    out_ += b;
  }
  void bytes(std::string_view run) {
    flush_separators();
    out_ += run;
  }
  void reserve(std::size_t size) { out_.reserve(size); }
  std::string take() { return std::move(out_); }

 private:
  void flush_separators() {
    if (pending_break_ > 0) {
      out_.append(static_cast<std::size_t>(pending_break_), '\n');
    } else if (pending_space_) {
      out_ += ' ';
    }
    pending_break_ = 0;
    pending_space_ = false;
  }
  std::string out_;
  int pending_break_ = 0;
  bool pending_space_ = false;
};

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Where the tag opened at html[at] == '<' ends (the index of its '>'), quotes respected.
std::size_t tag_end(std::string_view html, std::size_t at) {
  char quote = 0;
  for (std::size_t i = at + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // A quote only opens a value right after '='; elsewhere it is stray text.
      if (html[i - 1] == '=') quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string lower_tag_name(std::string_view tag) {
  std::size_t i = 1;
  if (i < tag.size() && tag[i] == '/') ++i;
  std::string name;
  while (i < tag.size() && (is_ascii_letter(tag[i]) || (tag[i] >= '0' && tag[i] <= '9'))) {
    name += text::ascii_lower(tag[i++]);
  }
  return name;
}

// 2: the element starts or ends a paragraph; 1: a line; 0: inline.
int break_level(std::string_view name) {
  static const std::unordered_map<std::string_view, int> levels{
      {"p", 2},  {"div", 2},   {"h1", 2},         {"h2", 2}, {"h3", 2}, {"h4", 2}, {"h5", 2}, {"h6", 2},   {"ul", 2},
      {"ol", 2}, {"table", 2}, {"blockquote", 2}, {"li", 1}, {"tr", 1}, {"dt", 1}, {"dd", 1}, {"body", 2},
  };
  auto it = levels.find(name);
  return it == levels.end() ? 0 : it->second;
}

// Elements whose content is no text.
bool is_hidden_element(std::string_view name) { return name == "script" || name == "style" || name == "head"; }

std::size_t skip_hidden_element(std::string_view html, std::size_t from, std::string_view name) {
  const std::string closing = "</" + std::string(name);
  for (std::size_t i = from; i < html.size(); ++i) {
    if (html[i] != '<' || i + closing.size() > html.size()) continue;
    bool match = true;
    for (std::size_t k = 0; k < closing.size(); ++k) {
      if (text::ascii_lower(html[i + k]) != closing[k]) {
        match = false;
        break;
      }
    }
    if (match) {
      const std::size_t end = tag_end(html, i);
      return end == std::string_view::npos ? html.size() : end + 1;
    }
  }
  return html.size();
}

// Decomposed accents (e + U+0301, written &#x0301; in amendments) are composed
// so that the text reads and indexes like the precomposed form.
std::string compose_accents(std::string text) {
  bool has_combining_mark = false;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == 0xCC || lead == 0xCD) {
      has_combining_mark = true;
      break;
    }
  }
  if (!has_combining_mark) return text;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString composed = nfc->normalize(icu::UnicodeString::fromUTF8(text), status);
  if (U_FAILURE(status)) return text;
  std::string out;
  composed.toUTF8String(out);
  return out;
}

// Printable ASCII but for what starts a tag or an entity: copied as it is.
bool is_plain_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte < 0x7F && c != '<' && c != '&';
}

}  // namespace

std::string html_to_text(std::string_view html) {
  TextWriter writer;
  writer.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (is_plain_byte(c)) {  // most of a text: a run of them at once
      std::size_t run_end = i + 1;
      while (run_end < html.size() && is_plain_byte(html[run_end])) ++run_end;
      writer.bytes(html.substr(i, run_end - i));
      i = run_end;
      continue;
    }
    if (c == '<' && html.substr(i, 4) == "<!--") {
      const std::size_t close = html.find("-->", i + 4);
      i = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    if (c == '<') {
      const bool looks_like_tag =
          i + 1 < html.size() && (is_ascii_letter(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!');
      const std::size_t end = looks_like_tag ? tag_end(html, i) : std::string_view::npos;
      if (end == std::string_view::npos) {
        writer.byte('<');
        ++i;
        continue;
      }
      const std::string_view tag = html.substr(i, end - i + 1);
      const std::string name = lower_tag_name(tag);
      i = end + 1;
      if (tag[1] != '/' && is_hidden_element(name)) {
        i = skip_hidden_element(html, i, name);
        continue;
      }
      if (name == "br") {
        writer.forced_line_break();
      } else if (const int level = break_level(name); level > 0) {
        writer.line_break(level);
      }
      continue;
    }
    if (c == '&') {
      if (const Entity entity = read_entity(html, i); entity.length > 0) {
        writer.character(entity.value);
        i += entity.length;
        continue;
      }
      writer.byte('&');
      ++i;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        writer.space();
      } else if (byte >= 0x20 && byte != 0x7F) {
        writer.byte(c);
      }
      ++i;
      continue;
    }
    if (const Special special = special_character_at(html, i); special.length > 0) {
      writer.character(special.value);
      i += special.length;
      continue;
    }
    writer.byte(c);
    ++i;
  }
  return compose_accents(writer.take());
}

}  // namespace hemicycle::document
