#include "document/markdown_text.h"

#include <regex>

namespace hemicycle::document {
namespace {

bool is_rule(std::string_view line) {
  std::size_t marks = 0;
  char mark = 0;
  for (const char c : line) {
    if (c == ' ' || c == '\t') continue;
    if (c != '-' && c != '*' && c != '_') return false;
    if (mark != 0 && c != mark) return false;
    mark = c;
    ++marks;
  }
  return marks >= 3;
}

bool is_escapable(char c) {
  static constexpr std::string_view kEscapable = "\\`*_{}[]()#+-.!<>|~";
  return kEscapable.find(c) != std::string_view::npos;
}

}  // namespace

std::string strip_inline_markdown(std::string_view line) {
  if (is_rule(line)) return {};
  std::string text(line);

  std::size_t start = text.find_first_not_of(" \t");
  if (start != std::string::npos && text[start] == '#') {
    std::size_t hashes = text.find_first_not_of('#', start);
    if (hashes != std::string::npos && hashes - start <= 6 && text[hashes] == ' ')
      text.erase(start, hashes + 1 - start);
  }

  // "**ARTICLE ADDITIONNEL****APRÈS L'ARTICLE 9**": two bold runs that touch are two words.
  static const std::regex kTouchingBold(R"(\*\*\*\*)");
  text = std::regex_replace(text, kTouchingBold, " ");
  static const std::regex kLink(R"(!?\[([^\]]*)\]\([^)\s]*\))");
  static const std::regex kTag(R"(</?(?:sup|sub|b|i|em|strong|span|u|br|small)\b[^>]*>)", std::regex::icase);
  static const std::regex kExponent(R"(\^\{([^}]*)\})");
  text = std::regex_replace(text, kLink, "$1");
  text = std::regex_replace(text, kTag, "");
  text = std::regex_replace(text, kExponent, "$1");

  // Stars are emphasis except a list bullet; backslash escapes give their character.
  std::string out;
  out.reserve(text.size());
  start = text.find_first_not_of(" \t");
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() && is_escapable(text[i + 1])) {
      out += text[++i];
    } else if (c == '*' && !(i == start && i + 1 < text.size() && text[i + 1] == ' ')) {
      continue;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace hemicycle::document
