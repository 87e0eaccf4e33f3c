#include "document/dates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>

namespace hemicycle::document {
namespace {

struct MonthName {
  std::string_view name;
  int month;
};

// Lower-case, accents written both ways, as in dates typed by hand.
constexpr std::array<MonthName, 15> kMonths{{
    {"janvier", 1},
    {"février", 2},
    {"fevrier", 2},
    {"mars", 3},
    {"avril", 4},
    {"mai", 5},
    {"juin", 6},
    {"juillet", 7},
    {"août", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"décembre", 12},
    {"decembre", 12},
}};

bool valid(int year, int month, int day) {
  return year >= 1800 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string format(int year, int month, int day) {
  if (!valid(year, month, day)) return {};
  char buffer[32];  // room for any int, so that no warning doubts the format
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

// Reads `count` digits at `pos`; advances `pos`.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  int value = 0;
  while (pos + n < text.size() && n < max && std::isdigit(static_cast<unsigned char>(text[pos + n]))) {
    value = value * 10 + (text[pos + n] - '0');
    ++n;
  }
  if (n < min) return std::nullopt;
  if (pos + n < text.size() && std::isdigit(static_cast<unsigned char>(text[pos + n]))) return std::nullopt;
  pos += n;
  return value;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // The only non-ASCII capitals of month names.
  for (std::string_view upper : {"É", "Û"}) {
    for (std::size_t at = out.find(upper); at != std::string::npos; at = out.find(upper, at)) {
      out.replace(at, upper.size(), upper == "É" ? "é" : "û");
    }
  }
  return out;
}

std::string parse_numeric(std::string_view text, std::size_t start) {
  std::size_t pos = start;
  const auto first = digits(text, pos, 1, 4);
  if (!first || pos >= text.size()) return {};
  const char sep = text[pos];
  if (sep != '/' && sep != '-' && sep != '.') return {};
  ++pos;
  const auto second = digits(text, pos, 1, 2);
  if (!second || pos >= text.size() || text[pos] != sep) return {};
  ++pos;
  const auto third = digits(text, pos, 2, 4);
  if (!third) return {};
  if (pos - start >= 8 && *first >= 1000) return format(*first, *second, *third);  // ISO
  if (*third < 100) return {};
  return format(*third, *second, *first);  // DD/MM/YYYY
}

std::string parse_words(std::string_view lowered, std::size_t start) {
  std::size_t pos = start;
  const auto day = digits(lowered, pos, 1, 2);
  if (!day) return {};
  if (lowered.substr(pos, 2) == "er") pos += 2;
  while (pos < lowered.size() && lowered[pos] == ' ') ++pos;
  for (const auto& [name, month] : kMonths) {
    if (lowered.substr(pos, name.size()) != name) continue;
    std::size_t after = pos + name.size();
    while (after < lowered.size() && lowered[after] == ' ') ++after;
    const auto year = digits(lowered, after, 4, 4);
    if (!year) return {};
    return format(*year, month, *day);
  }
  return {};
}

}  // namespace

int days_in_month(int year, int month) {
  if (month < 1 || month > 12) return 0;
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
}

std::string parse_date(std::string_view text) {
  // Non-breaking spaces are common between day, month and year.
  std::string plain;
  plain.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "\u00a0") {
      plain += ' ';
      ++i;
    } else if (text.substr(i, 3) == "\u202f") {
      plain += ' ';
      i += 2;
    } else {
      plain += text[i];
    }
  }
  const std::string lowered = lower_ascii(plain);
  for (std::size_t i = 0; i < lowered.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(lowered[i]))) continue;
    if (i > 0 && std::isdigit(static_cast<unsigned char>(lowered[i - 1]))) continue;
    if (auto iso = parse_numeric(lowered, i); !iso.empty()) return iso;
    if (auto iso = parse_words(lowered, i); !iso.empty()) return iso;
  }
  return {};
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  std::size_t pos = 0;
  const auto year = digits(text, pos, 4, 4);
  pos = 5;
  const auto month = digits(text, pos, 2, 2);
  pos = 8;
  const auto day = digits(text, pos, 2, 2);
  return year && month && day && valid(*year, *month, *day);
}

}  // namespace hemicycle::document
