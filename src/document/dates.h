#pragma once
// Dates as the sources write them, to ISO YYYY-MM-DD.

#include <string>
#include <string_view>

namespace hemicycle::document {

// "8 août 2023", "1er janvier 2020", "08/08/2023", "2023-08-08", "2023-08-08T00:00:00+02:00"
// -> "2023-08-08". Empty when `text` holds no valid date. Month names are
// accent- and case-insensitive ("aout", "Décembre").
[[nodiscard]] std::string parse_date(std::string_view text);

// Days in `month` (1-12) of `year`, leap years counted; 0 for a month out of range.
[[nodiscard]] int days_in_month(int year, int month);

// True for a valid YYYY-MM-DD date.
[[nodiscard]] bool is_iso_date(std::string_view text);

}  // namespace hemicycle::document
