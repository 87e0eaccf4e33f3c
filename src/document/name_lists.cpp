#include "document/name_lists.h"

#include "document/gazetteer.h"
#include "errors.h"
#include "text/split.h"

namespace hemicycle::document {

// Generated in the build tree by embed_gazetteer.cmake from data/gazetteer/.
extern const std::string_view kEmbeddedNonPlacesParts[];
extern const std::size_t kEmbeddedNonPlacesPartCount;
extern const std::string_view kEmbeddedEpciAliasesParts[];
extern const std::size_t kEmbeddedEpciAliasesPartCount;

namespace {

using text::split;

// Calls `parse_line(fields, fail)` for each line that is not empty or a comment.
template <typename ParseLine>
void for_each_line(std::string_view tsv, std::string_view file, ParseLine parse_line) {
  std::size_t line_number = 0;
  for (std::string_view line : split(tsv, '\n')) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const auto fail = [&](const char* what) {
      throw InputError(std::string(file) + " line " + std::to_string(line_number) + ": " + what);
    };
    parse_line(split(line, '\t'), fail);
  }
}

std::string joined(const std::string_view* parts, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += parts[i];
  return text;
}

}  // namespace

std::vector<NonPlaceUse> parse_non_places(std::string_view tsv) {
  std::vector<NonPlaceUse> uses;
  for_each_line(tsv, "non_places.tsv", [&](const std::vector<std::string_view>& fields, const auto& fail) {
    if (fields.size() != 4 || fields[2].empty() || fields[3].empty())
      fail("expected phrase, reach, what it names, source");
    const std::string_view phrase = fields[0];
    const std::size_t open = phrase.find('[');
    const std::size_t close = phrase.find(']');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
        phrase.find('[', open + 1) != std::string_view::npos) {
      fail("the phrase needs one [name]");
    }
    NonPlaceUse use;
    use.before = territory_name_words(phrase.substr(0, open));
    const std::string_view name = phrase.substr(open + 1, close - open - 1);
    if (name != "*") use.name = territory_name_words(name);
    use.after = territory_name_words(phrase.substr(close + 1));
    if (name != "*" && use.name.empty()) fail("empty [name]");
    if (fields[1] == "record") {
      use.reach = NonPlaceReach::Record;
      if (use.name.empty()) fail("a [*] phrase reaches no further than itself");
    } else if (fields[1] != "phrase") {
      fail("reach is phrase or record");
    }
    if (use.name.empty() && use.before.empty() && use.after.empty()) fail("[*] alone would match every name");
    uses.push_back(std::move(use));
  });
  return uses;
}

std::vector<EpciAlias> parse_epci_aliases(std::string_view tsv) {
  std::vector<EpciAlias> aliases;
  for_each_line(tsv, "epci_aliases.tsv", [&](const std::vector<std::string_view>& fields, const auto& fail) {
    if (fields.size() != 3 || fields[0].empty() || fields[2].empty()) fail("expected alias, EPCI SIREN, source");
    if (fields[1].size() != 9 || fields[1].find_first_not_of("0123456789") != std::string_view::npos)
      fail("an EPCI SIREN has nine digits");
    aliases.push_back({std::string(fields[0]), std::string(fields[1])});
  });
  return aliases;
}

const std::vector<NonPlaceUse>& embedded_non_places() {
  static const std::vector<NonPlaceUse> uses =
      parse_non_places(joined(kEmbeddedNonPlacesParts, kEmbeddedNonPlacesPartCount));
  return uses;
}

const std::vector<EpciAlias>& embedded_epci_aliases() {
  static const std::vector<EpciAlias> aliases =
      parse_epci_aliases(joined(kEmbeddedEpciAliasesParts, kEmbeddedEpciAliasesPartCount));
  return aliases;
}

}  // namespace hemicycle::document
