#pragma once
// The name lists kept beside the gazetteer (data/gazetteer/README.md), embedded
// at build time: the non-place uses of place names ("l'accord de Bougival",
// "le Ségur de la santé") and the usual names and acronyms of EPCI ("CODAH").
// The territory recogniser (territories.cpp) reads them.

#include <string>
#include <string_view>
#include <vector>

namespace hemicycle::document {

// How far a non-place use reaches.
enum class NonPlaceReach {
  Phrase,  // only the name inside the phrase: "la Cour de Strasbourg"
  Record,  // once the record uses the name so, its other mentions too, unless
           // written as a commune ("la commune de Matignon", "Ségur (Aveyron)")
};

// One line of non_places.tsv: "accord de [Bougival]" as folded words
// (territory_name_key) before, inside and after the brackets.
struct NonPlaceUse {
  std::vector<std::string> before;
  std::vector<std::string> name;  // empty for "[*]": any place name
  std::vector<std::string> after;
  NonPlaceReach reach = NonPlaceReach::Phrase;
};

// One line of epci_aliases.tsv.
struct EpciAlias {
  std::string alias;  // as written: "CODAH", "Caux Estuaire"
  std::string siren;  // of an EPCI of the gazetteer
};

// Parse the two formats (see the files' header lines); throw InputError naming
// the line of a malformed one.
[[nodiscard]] std::vector<NonPlaceUse> parse_non_places(std::string_view tsv);
[[nodiscard]] std::vector<EpciAlias> parse_epci_aliases(std::string_view tsv);

// The lists embedded at build time.
[[nodiscard]] const std::vector<NonPlaceUse>& embedded_non_places();
[[nodiscard]] const std::vector<EpciAlias>& embedded_epci_aliases();

}  // namespace hemicycle::document
