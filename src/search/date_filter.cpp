#include "search/date_filter.h"

#include <cstdio>
#include <string>

#include "document/dates.h"
#include "errors.h"

namespace hemicycle::search {
namespace {

// "2023" -> "20230101" (or "20231231" for the end of a range); "2023-05" -> "20230501" ("20230531").
std::string date_bound(std::string_view date, std::size_t offset, bool end_of_period) {
  const auto fail = [&]() -> std::string {
    throw QueryError("bad date '" + std::string(date) + "': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B",
                     offset);
  };
  const auto number = [&](std::size_t at, std::size_t length) {
    int n = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      if (date[i] < '0' || date[i] > '9') fail();
      n = n * 10 + (date[i] - '0');
    }
    return n;
  };
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return fail();
  const int year = number(0, 4);
  int month = end_of_period ? 12 : 1;
  if (date.size() >= 7) {
    if (date[4] != '-') return fail();
    month = number(5, 2);
    if (month < 1 || month > 12) return fail();
  }
  const int days = document::days_in_month(year, month);
  int day = end_of_period ? days : 1;
  if (date.size() == 10) {
    if (date[7] != '-') return fail();
    day = number(8, 2);
    if (day < 1 || day > days) return fail();
  }
  char value[16];
  std::snprintf(value, sizeof value, "%04d%02d%02d", year, month, day);
  return value;
}

}  // namespace

Xapian::Query date_filter(std::string_view value, std::size_t offset, Xapian::valueno slot) {
  const std::size_t dots = value.find("..");
  if (dots == std::string_view::npos) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, date_bound(value, offset, false),
                         date_bound(value, offset, true));
  }
  const std::string_view low = value.substr(0, dots);
  const std::string_view high = value.substr(dots + 2);
  if (low.empty() && high.empty()) {
    throw QueryError("a date range needs a date on at least one side of '..'", offset);
  }
  if (low.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, date_bound(high, offset + dots + 2, true));
  const std::string from = date_bound(low, offset, false);
  if (high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from);
  const std::string to = date_bound(high, offset + dots + 2, true);
  if (to < from) throw QueryError("the date range '" + std::string(value) + "' ends before it starts", offset);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, from, to);
}

std::string since_query(std::string_view query, std::string_view iso_date) {
  const std::string since = "(date:" + std::string(iso_date) + ".. OR reponse:" + std::string(iso_date) + "..)";
  if (query.find_first_not_of(" \t\r\n") == std::string_view::npos) return since;
  return "(" + std::string(query) + ") " + since;
}

}  // namespace hemicycle::search
