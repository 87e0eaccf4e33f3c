#pragma once
// The lowering of a Date field of the schema (date:, reponse:) to a range on its
// value slot: date:A..B, date:A.., date:..B, date:A, where A and B are YYYY,
// YYYY-MM or YYYY-MM-DD; a period stands for all its days.

#include <cstddef>
#include <string_view>

#include <xapian.h>

namespace hemicycle::search {

// `value` as written after the colon, found at byte `offset` of the query (for
// the QueryError of a bad date or an inverted range).
[[nodiscard]] Xapian::Query date_filter(std::string_view value, std::size_t offset, Xapian::valueno slot);

}  // namespace hemicycle::search
