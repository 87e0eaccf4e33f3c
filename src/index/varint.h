#pragma once
// LEB128 unsigned integers, as the value slots and the stored records write them
// (schema.cpp, stored_record.cpp): seven bits a byte, the high bit set on all but the last.

#include <cstdint>
#include <string>
#include <string_view>

#include "errors.h"

namespace hemicycle::index {

inline void put_varint(std::string& out, std::uint64_t value) {
  for (;; value >>= 7) {
    out += static_cast<char>((value & 0x7F) | (value > 0x7F ? 0x80 : 0));
    if (value <= 0x7F) return;
  }
}

// The integer at `at`, which moves past it; `what` names the value in the
// IndexError a cut or over-long integer (more than 32 bits) throws.
inline std::uint32_t get_varint(std::string_view value, std::size_t& at, std::string_view what) {
  std::uint64_t result = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (at >= value.size()) throw IndexError(std::string(what) + " is cut short");
    if (shift > 28) throw IndexError(std::string(what) + " is malformed");
    const auto byte = static_cast<unsigned char>(value[at++]);
    result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (result > UINT32_MAX) throw IndexError(std::string(what) + " is malformed");
  return static_cast<std::uint32_t>(result);
}

}  // namespace hemicycle::index
