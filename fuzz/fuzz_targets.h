#pragma once
// The bodies of the libFuzzer targets, apart from libFuzzer so that the crash
// regression test (tests/robustness/test_crashers.cpp) replays saved inputs
// through exactly the code that found them. Each function must neither crash,
// hang nor leak on any input; the documented exceptions are caught inside.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hemicycle::fuzz {

// Exported question pages, amendments and press releases (valid UTF-8, as the loader gives them).
void fuzz_text_formats(std::string_view data);
// Official AN JSON questions and amendments, and flat JSON objects.
void fuzz_an_json(std::string_view data);
// Flat CSV exports: separator guess, row splitting, flat records.
void fuzz_flat_csv(std::string_view data);
// HTML of answers and amendment bodies to text.
void fuzz_html(std::string_view data);
// The whole loader on a file: format detection, JSON Lines, CSV, text checks, encodings.
void fuzz_loader(std::string_view data);
// The French analyzer: offsets stay in the text, positions never decrease.
void fuzz_analyzer(std::string_view data);
// The query language: a query or a QueryError whose offset is in the query.
void fuzz_query_parser(std::string_view data);

struct Target {
  std::string name;  // also the folder of its crashers in tests/data/robustness/crashers/
  std::function<void(std::string_view)> run;
};
[[nodiscard]] const std::vector<Target>& targets();

}  // namespace hemicycle::fuzz
