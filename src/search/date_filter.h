#pragma once
// The lowering of a Date field of the schema (date:, reponse:) to a range on its
// value slot: date:A..B, date:A.., date:..B, date:A, where A and B are YYYY,
// YYYY-MM or YYYY-MM-DD; a period stands for all its days.

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

namespace hemicycle::search {

// `value` as written after the colon, found at byte `offset` of the query (for
// the QueryError of a bad date or an inverted range).
[[nodiscard]] Xapian::Query date_filter(std::string_view value, std::size_t offset, Xapian::valueno slot);

// `query` narrowed to what was published or answered on `iso_date` or later, in
// the query language: "(QUERY) (date:D.. OR reponse:D..)" (only the filter for an
// empty query). What a followed search (--since, the Atom feed) asks.
[[nodiscard]] std::string since_query(std::string_view query, std::string_view iso_date);

}  // namespace hemicycle::search
