#pragma once
// Naming a text by its content: a list embedded at build time names the indexes and
// analyzers made with it, so that an edited list is told from the one they used; and
// hashing short keys into small filters.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace hemicycle::text {

// The 64-bit FNV-1a hash of `text`.
[[nodiscard]] inline std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// fnv1a(text) as 16 lower-case hexadecimal digits.
[[nodiscard]] inline std::string fnv1a_hex(std::string_view text) {
  const std::uint64_t hash = fnv1a(text);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace hemicycle::text
