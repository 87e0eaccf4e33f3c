#pragma once
// France's communes, EPCI, départements and régions with their codes and
// hierarchy, from Etalab's découpage administratif (data/gazetteer/, embedded
// at build time): one table shared by tagging, indexing and query parsing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/fold.h"

namespace hemicycle::document {

enum class TerritoryLevel { Commune, Epci, Departement, Region };

// "commune", "epci", "departement", "region": the names used in Territory::level.
[[nodiscard]] std::string_view level_name(TerritoryLevel level);
// The inverse of level_name; nullopt for anything else.
[[nodiscard]] std::optional<TerritoryLevel> level_named(std::string_view name);

struct GazetteerEntry {
  TerritoryLevel level;
  std::string code;                       // INSEE commune code, EPCI SIREN, département or région code
  std::string name;                       // official name: "Saint-Omer", "CA du Pays de Saint-Omer"
  std::vector<std::string> departements;  // a commune's one, an EPCI's (most members first), a département itself
  std::string epci;                       // a commune's EPCI SIREN, if any
  std::uint32_t population = 0;           // communes and EPCI (municipal population)
};

// How place names are folded: the label fold, with ligatures expanded, since
// the same name is written both ways ("CC des Villes Soeurs", "Villes Sœurs").
inline constexpr text::FoldOptions kPlaceNameFold{false, true};

// Folded words of a name joined by single spaces, for comparing names written
// by hand: "Pas-de-Calais", "PAS DE CALAIS" -> "pas de calais"; "Côtes-d’Armor" -> "cotes d armor"
// (text::name_key with kPlaceNameFold, apostrophes separating words).
[[nodiscard]] std::string territory_name_key(std::string_view name);
// The words of that key: "Pas-de-Calais" -> {"pas", "de", "calais"}; none for a name without any.
[[nodiscard]] std::vector<std::string> territory_name_words(std::string_view name);

class Gazetteer {
 public:
  // Parses the data/gazetteer/territories.tsv format (see scripts/gazetteer/generate.mjs);
  // throws InputError on a malformed line.
  explicit Gazetteer(std::string_view tsv);

  // The table embedded at build time, built on first use (tens of milliseconds:
  // tagging and indexing need it; searching looks names up with places_named).
  [[nodiscard]] static const Gazetteer& embedded();
  // Whether this process has built embedded() yet.
  [[nodiscard]] static bool embedded_is_built();

  [[nodiscard]] const std::vector<GazetteerEntry>& entries() const { return entries_; }
  [[nodiscard]] const GazetteerEntry* find(TerritoryLevel level, std::string_view code) const;
  // Every territory whose official name has this key (territory_name_key), larger levels first.
  [[nodiscard]] std::vector<const GazetteerEntry*> named(std::string_view key) const;
  // The territories containing `entry`: a commune's EPCI, département and région;
  // an EPCI's départements and régions; a département's région.
  [[nodiscard]] std::vector<const GazetteerEntry*> ancestors(const GazetteerEntry& entry) const;
  // The région of a département code, or nullptr.
  [[nodiscard]] const GazetteerEntry* region_of_departement(std::string_view departement_code) const;

 private:
  std::vector<GazetteerEntry> entries_;
  std::unordered_map<std::string, std::size_t> by_level_and_code_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_key_;
  std::unordered_map<std::string, std::string> region_of_departement_;
};

}  // namespace hemicycle::document
