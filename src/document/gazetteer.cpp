#include "document/gazetteer.h"

#include <algorithm>

#include "errors.h"
#include "text/fold.h"
#include "text/split.h"

namespace hemicycle::document {

namespace {

using text::split;

std::uint32_t parse_population(std::string_view text, std::size_t line_number) {
  std::uint32_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw InputError("gazetteer line " + std::to_string(line_number) + ": bad population");
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}

std::string level_and_code(TerritoryLevel level, std::string_view code) {
  std::string key(1, static_cast<char>('0' + static_cast<int>(level)));
  key += code;
  return key;
}

}  // namespace

std::string_view level_name(TerritoryLevel level) {
  switch (level) {
    case TerritoryLevel::Commune:
      return "commune";
    case TerritoryLevel::Epci:
      return "epci";
    case TerritoryLevel::Departement:
      return "departement";
    case TerritoryLevel::Region:
      return "region";
  }
  return "";
}

std::optional<TerritoryLevel> level_named(std::string_view name) {
  for (const TerritoryLevel level :
       {TerritoryLevel::Commune, TerritoryLevel::Epci, TerritoryLevel::Departement, TerritoryLevel::Region}) {
    if (level_name(level) == name) return level;
  }
  return std::nullopt;
}

std::string territory_name_key(std::string_view name) { return text::name_key(name, {kPlaceNameFold, false}); }

std::vector<std::string> territory_name_words(std::string_view name) {
  std::vector<std::string> words;
  const std::string key = territory_name_key(name);
  for (const std::string_view word : split(key, ' ')) {
    if (!word.empty()) words.emplace_back(word);
  }
  return words;
}

Gazetteer::Gazetteer(std::string_view tsv) {
  std::size_t line_number = 0;
  for (std::string_view line : split(tsv, '\n')) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const auto fields = split(line, '\t');
    const auto fail = [&](const char* what) {
      throw InputError("gazetteer line " + std::to_string(line_number) + ": " + what);
    };
    if (fields.size() < 3 || fields[0].size() != 1 || fields[1].empty() || fields[2].empty())
      fail("expected level, code, name");
    GazetteerEntry entry{TerritoryLevel::Region, std::string(fields[1]), std::string(fields[2]), {}, {}, 0};
    switch (fields[0].front()) {
      case 'r':
        break;
      case 'd':
        if (fields.size() != 4) fail("a département needs its région");
        entry.level = TerritoryLevel::Departement;
        entry.departements = {entry.code};
        region_of_departement_[entry.code] = std::string(fields[3]);
        break;
      case 'e':
        if (fields.size() != 5) fail("an EPCI needs its départements and population");
        entry.level = TerritoryLevel::Epci;
        for (std::string_view d : split(fields[3], ',')) {
          if (!d.empty()) entry.departements.emplace_back(d);
        }
        entry.population = parse_population(fields[4], line_number);
        break;
      case 'c':
        if (fields.size() != 6) fail("a commune needs its département, EPCI and population");
        entry.level = TerritoryLevel::Commune;
        entry.departements = {std::string(fields[3])};
        entry.epci = std::string(fields[4]);
        entry.population = parse_population(fields[5], line_number);
        break;
      default:
        fail("unknown level");
    }
    const std::size_t index = entries_.size();
    by_level_and_code_.emplace(level_and_code(entry.level, entry.code), index);
    by_name_key_[territory_name_key(entry.name)].push_back(index);
    entries_.push_back(std::move(entry));
  }
  for (auto& [key, indexes] : by_name_key_) {
    std::stable_sort(indexes.begin(), indexes.end(), [this](std::size_t a, std::size_t b) {
      return static_cast<int>(entries_[a].level) > static_cast<int>(entries_[b].level);
    });
  }
}

const GazetteerEntry* Gazetteer::find(TerritoryLevel level, std::string_view code) const {
  const auto it = by_level_and_code_.find(level_and_code(level, code));
  return it == by_level_and_code_.end() ? nullptr : &entries_[it->second];
}

std::vector<const GazetteerEntry*> Gazetteer::named(std::string_view key) const {
  std::vector<const GazetteerEntry*> out;
  if (const auto it = by_name_key_.find(std::string(key)); it != by_name_key_.end()) {
    for (std::size_t index : it->second) out.push_back(&entries_[index]);
  }
  return out;
}

const GazetteerEntry* Gazetteer::region_of_departement(std::string_view departement_code) const {
  const auto it = region_of_departement_.find(std::string(departement_code));
  return it == region_of_departement_.end() ? nullptr : find(TerritoryLevel::Region, it->second);
}

std::vector<const GazetteerEntry*> Gazetteer::ancestors(const GazetteerEntry& entry) const {
  std::vector<const GazetteerEntry*> out;
  const auto add = [&out](const GazetteerEntry* e) {
    if (e != nullptr && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  if (entry.level == TerritoryLevel::Commune && !entry.epci.empty()) add(find(TerritoryLevel::Epci, entry.epci));
  if (entry.level == TerritoryLevel::Commune || entry.level == TerritoryLevel::Epci) {
    for (const std::string& d : entry.departements) add(find(TerritoryLevel::Departement, d));
  }
  for (const std::string& d : entry.departements) add(region_of_departement(d));
  return out;
}

}  // namespace hemicycle::document
