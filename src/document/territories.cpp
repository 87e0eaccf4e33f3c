#include "document/territories.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "document/folding.h"

namespace hemicycle::document {
namespace {

// How much the text must say before a name counts as the territory.
enum class Mention {
  Plain,            // a name that means nothing else: "Pyrénées-Orientales", "Normandie"
  NeedsContext,     // also a river, a town or a common word: "Vienne", "Nord", "Lot", "Manche"
  NeedsRegionWord,  // an everyday word for institutions too: only "la région Centre"
};

struct RegionEntry {
  const char* code;
  const char* name;
  Mention mention;
};

struct DepartementEntry {
  const char* code;
  const char* name;
  const char* region_code;
  Mention mention;
};

// A région merged in 2016, and the région it is part of now.
struct FormerRegionEntry {
  const char* name;
  const char* region_code;
  Mention mention;
};

// Source: INSEE, Code officiel géographique (COG) 2024, tables "régions" and
// "départements": official names and codes; former régions from the law
// n° 2015-29 of 16 January 2015 on the délimitation des régions.
constexpr std::array<RegionEntry, 18> kRegions{{
    {"01", "Guadeloupe", Mention::Plain},
    {"02", "Martinique", Mention::Plain},
    {"03", "Guyane", Mention::Plain},
    {"04", "La Réunion", Mention::NeedsContext},
    {"06", "Mayotte", Mention::Plain},
    {"11", "Île-de-France", Mention::Plain},
    {"24", "Centre-Val de Loire", Mention::Plain},
    {"27", "Bourgogne-Franche-Comté", Mention::Plain},
    {"28", "Normandie", Mention::Plain},
    {"32", "Hauts-de-France", Mention::Plain},
    {"44", "Grand Est", Mention::NeedsContext},
    {"52", "Pays de la Loire", Mention::Plain},
    {"53", "Bretagne", Mention::NeedsContext},
    {"75", "Nouvelle-Aquitaine", Mention::Plain},
    {"76", "Occitanie", Mention::Plain},
    {"84", "Auvergne-Rhône-Alpes", Mention::Plain},
    {"93", "Provence-Alpes-Côte d'Azur", Mention::Plain},
    {"94", "Corse", Mention::NeedsContext},
}};

constexpr std::array<DepartementEntry, 101> kDepartements{{
    {"01", "Ain", "84", Mention::NeedsContext},
    {"02", "Aisne", "32", Mention::NeedsContext},
    {"03", "Allier", "84", Mention::NeedsContext},
    {"04", "Alpes-de-Haute-Provence", "93", Mention::Plain},
    {"05", "Hautes-Alpes", "93", Mention::Plain},
    {"06", "Alpes-Maritimes", "93", Mention::Plain},
    {"07", "Ardèche", "84", Mention::NeedsContext},
    {"08", "Ardennes", "44", Mention::NeedsContext},
    {"09", "Ariège", "76", Mention::NeedsContext},
    {"10", "Aube", "44", Mention::NeedsContext},
    {"11", "Aude", "76", Mention::NeedsContext},
    {"12", "Aveyron", "76", Mention::NeedsContext},
    {"13", "Bouches-du-Rhône", "93", Mention::Plain},
    {"14", "Calvados", "28", Mention::NeedsContext},
    {"15", "Cantal", "84", Mention::NeedsContext},
    {"16", "Charente", "75", Mention::NeedsContext},
    {"17", "Charente-Maritime", "75", Mention::Plain},
    {"18", "Cher", "24", Mention::NeedsContext},
    {"19", "Corrèze", "75", Mention::NeedsContext},
    {"2A", "Corse-du-Sud", "94", Mention::Plain},
    {"2B", "Haute-Corse", "94", Mention::Plain},
    {"21", "Côte-d'Or", "27", Mention::Plain},
    {"22", "Côtes-d'Armor", "53", Mention::Plain},
    {"23", "Creuse", "75", Mention::NeedsContext},
    {"24", "Dordogne", "75", Mention::NeedsContext},
    {"25", "Doubs", "27", Mention::NeedsContext},
    {"26", "Drôme", "84", Mention::NeedsContext},
    {"27", "Eure", "28", Mention::NeedsContext},
    {"28", "Eure-et-Loir", "24", Mention::Plain},
    {"29", "Finistère", "53", Mention::Plain},
    {"30", "Gard", "76", Mention::NeedsContext},
    {"31", "Haute-Garonne", "76", Mention::Plain},
    {"32", "Gers", "76", Mention::NeedsContext},
    {"33", "Gironde", "75", Mention::NeedsContext},
    {"34", "Hérault", "76", Mention::NeedsContext},
    {"35", "Ille-et-Vilaine", "53", Mention::Plain},
    {"36", "Indre", "24", Mention::NeedsContext},
    {"37", "Indre-et-Loire", "24", Mention::Plain},
    {"38", "Isère", "84", Mention::NeedsContext},
    {"39", "Jura", "27", Mention::NeedsContext},
    {"40", "Landes", "75", Mention::NeedsContext},
    {"41", "Loir-et-Cher", "24", Mention::Plain},
    {"42", "Loire", "84", Mention::NeedsContext},
    {"43", "Haute-Loire", "84", Mention::Plain},
    {"44", "Loire-Atlantique", "52", Mention::Plain},
    {"45", "Loiret", "24", Mention::NeedsContext},
    {"46", "Lot", "76", Mention::NeedsContext},
    {"47", "Lot-et-Garonne", "75", Mention::Plain},
    {"48", "Lozère", "76", Mention::NeedsContext},
    {"49", "Maine-et-Loire", "52", Mention::Plain},
    {"50", "Manche", "28", Mention::NeedsContext},
    {"51", "Marne", "44", Mention::NeedsContext},
    {"52", "Haute-Marne", "44", Mention::Plain},
    {"53", "Mayenne", "52", Mention::NeedsContext},
    {"54", "Meurthe-et-Moselle", "44", Mention::Plain},
    {"55", "Meuse", "44", Mention::NeedsContext},
    {"56", "Morbihan", "53", Mention::Plain},
    {"57", "Moselle", "44", Mention::NeedsContext},
    {"58", "Nièvre", "27", Mention::NeedsContext},
    {"59", "Nord", "32", Mention::NeedsContext},
    {"60", "Oise", "32", Mention::NeedsContext},
    {"61", "Orne", "28", Mention::NeedsContext},
    {"62", "Pas-de-Calais", "32", Mention::Plain},
    {"63", "Puy-de-Dôme", "84", Mention::Plain},
    {"64", "Pyrénées-Atlantiques", "75", Mention::Plain},
    {"65", "Hautes-Pyrénées", "76", Mention::Plain},
    {"66", "Pyrénées-Orientales", "76", Mention::Plain},
    {"67", "Bas-Rhin", "44", Mention::Plain},
    {"68", "Haut-Rhin", "44", Mention::Plain},
    {"69", "Rhône", "84", Mention::NeedsContext},
    {"70", "Haute-Saône", "27", Mention::Plain},
    {"71", "Saône-et-Loire", "27", Mention::Plain},
    {"72", "Sarthe", "52", Mention::NeedsContext},
    {"73", "Savoie", "84", Mention::NeedsContext},
    {"74", "Haute-Savoie", "84", Mention::Plain},
    {"75", "Paris", "11", Mention::NeedsContext},
    {"76", "Seine-Maritime", "28", Mention::Plain},
    {"77", "Seine-et-Marne", "11", Mention::Plain},
    {"78", "Yvelines", "11", Mention::Plain},
    {"79", "Deux-Sèvres", "75", Mention::Plain},
    {"80", "Somme", "32", Mention::NeedsContext},
    {"81", "Tarn", "76", Mention::NeedsContext},
    {"82", "Tarn-et-Garonne", "76", Mention::Plain},
    {"83", "Var", "93", Mention::NeedsContext},
    {"84", "Vaucluse", "93", Mention::Plain},
    {"85", "Vendée", "52", Mention::NeedsContext},
    {"86", "Vienne", "75", Mention::NeedsContext},
    {"87", "Haute-Vienne", "75", Mention::Plain},
    {"88", "Vosges", "44", Mention::NeedsContext},
    {"89", "Yonne", "27", Mention::NeedsContext},
    {"90", "Territoire de Belfort", "27", Mention::Plain},
    {"91", "Essonne", "11", Mention::NeedsContext},
    {"92", "Hauts-de-Seine", "11", Mention::Plain},
    {"93", "Seine-Saint-Denis", "11", Mention::Plain},
    {"94", "Val-de-Marne", "11", Mention::Plain},
    {"95", "Val-d'Oise", "11", Mention::Plain},
    {"971", "Guadeloupe", "01", Mention::Plain},
    {"972", "Martinique", "02", Mention::Plain},
    {"973", "Guyane", "03", Mention::Plain},
    {"974", "La Réunion", "04", Mention::NeedsContext},
    {"976", "Mayotte", "06", Mention::Plain},
}};

constexpr std::array<FormerRegionEntry, 19> kFormerRegions{{
    {"Alsace", "44", Mention::Plain},
    {"Lorraine", "44", Mention::NeedsContext},
    {"Champagne-Ardenne", "44", Mention::Plain},
    {"Aquitaine", "75", Mention::Plain},
    {"Limousin", "75", Mention::NeedsContext},
    {"Poitou-Charentes", "75", Mention::Plain},
    {"Midi-Pyrénées", "76", Mention::Plain},
    {"Languedoc-Roussillon", "76", Mention::Plain},
    {"Auvergne", "84", Mention::Plain},
    {"Rhône-Alpes", "84", Mention::Plain},
    {"Bourgogne", "27", Mention::Plain},
    {"Franche-Comté", "27", Mention::Plain},
    {"Nord-Pas-de-Calais", "32", Mention::Plain},
    {"Picardie", "32", Mention::Plain},
    {"Basse-Normandie", "28", Mention::Plain},
    {"Haute-Normandie", "28", Mention::Plain},
    {"Centre", "24", Mention::NeedsRegionWord},
    // Usual names of current régions that differ from the official one.
    {"PACA", "93", Mention::Plain},
    {"Île de la Réunion", "04", Mention::Plain},
}};

// A word of a text: its folded form and where it is in the original.
struct Word {
  std::string folded;
  std::size_t begin;
  std::size_t end;
  bool capitalised;
};

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  std::optional<Word> current;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && u_isalnum(c)) {
      if (!current) current = Word{{}, static_cast<std::size_t>(start), 0, u_isupper(c) != 0};
      current->end = static_cast<std::size_t>(i);
    } else if (current) {
      words.push_back(std::move(*current));
      current.reset();
    }
  }
  if (current) words.push_back(std::move(*current));
  for (Word& word : words) word.folded = fold_case_and_accents(text.substr(word.begin, word.end - word.begin));
  return words;
}

std::vector<std::string> folded_words(std::string_view name) {
  std::vector<std::string> out;
  for (Word& word : split_words(name)) out.push_back(std::move(word.folded));
  return out;
}

// A way of writing a territory, and the territories it names (a département of
// the overseas is also a région of the same name).
struct Pattern {
  std::vector<std::string> words;
  Mention mention;
  const char* departement_code;  // for "(86)" after the name
  std::vector<Territory> named;
};

class Gazetteer {
 public:
  Gazetteer() {
    for (const auto& d : kDepartements) {
      add(d.name, d.mention, d.code, {d.name, "departement", d.code});
      departement_by_name_.emplace(folded_words(d.name), &d);
    }
    for (const auto& r : kRegions) add(r.name, r.mention, nullptr, region(r.code));
    for (const auto& f : kFormerRegions) add(f.name, f.mention, nullptr, region(f.region_code));
    for (const Pattern& p : patterns_) by_first_word_[p.words.front()].push_back(&p);
    for (auto& [first, patterns] : by_first_word_) {
      std::stable_sort(patterns.begin(), patterns.end(),
                       [](const Pattern* a, const Pattern* b) { return a->words.size() > b->words.size(); });
    }
  }

  [[nodiscard]] const std::vector<const Pattern*>* starting_with(const std::string& word) const {
    const auto it = by_first_word_.find(word);
    return it == by_first_word_.end() ? nullptr : &it->second;
  }

  [[nodiscard]] const DepartementEntry* departement_named(std::string_view name) const {
    std::vector<std::string> words = folded_words(name);
    if (words.size() > 1 && (words.front() == "la" || words.front() == "le" || words.front() == "les")) {
      if (const auto it = departement_by_name_.find({words.begin() + 1, words.end()}); it != departement_by_name_.end()) {
        return it->second;
      }
    }
    const auto it = departement_by_name_.find(words);
    return it == departement_by_name_.end() ? nullptr : it->second;
  }

  [[nodiscard]] static Territory region(std::string_view code) {
    for (const auto& r : kRegions) {
      if (code == r.code) return {r.name, "region", r.code};
    }
    return {};
  }

 private:
  void add(std::string_view name, Mention mention, const char* departement_code, Territory territory) {
    std::vector<std::string> words = folded_words(name);
    // "La Réunion" is matched on "Réunion", whose article is then its context.
    if (words.size() == 2 && words.front() == "la") words.erase(words.begin());
    for (Pattern& existing : patterns_) {
      if (existing.words == words) {
        existing.named.push_back(std::move(territory));
        return;
      }
    }
    patterns_.push_back({std::move(words), mention, departement_code, {std::move(territory)}});
  }

  std::vector<Pattern> patterns_;
  std::map<std::string, std::vector<const Pattern*>> by_first_word_;
  std::map<std::vector<std::string>, const DepartementEntry*> departement_by_name_;
};

const Gazetteer& gazetteer() {
  static const Gazetteer instance;
  return instance;
}

bool only_spacing(std::string_view gap) {
  for (std::size_t i = 0; i < gap.size(); ++i) {
    const char c = gap[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'') continue;
    if (gap.substr(i, 3) == "\u2019" || gap.substr(i, 3) == "\u202f") {
      i += 2;
      continue;
    }
    if (gap.substr(i, 2) == "\u00a0") {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

// The articles and words that announce a territory: "la Vienne", "le Nord",
// "dans l'Orne", "en Savoie", "du Lot", "des Landes", "département de la Manche".
bool announces_territory(const std::string& word) {
  static const std::set<std::string> kWords{"la", "le", "les", "l", "en", "du", "des", "departement", "region"};
  return kWords.count(word) > 0;
}

class Matcher {
 public:
  explicit Matcher(std::string_view text) : text_(text), words_(split_words(text)) {}

  [[nodiscard]] std::vector<Territory> run() const {
    std::vector<Territory> found;
    for (std::size_t i = 0; i < words_.size();) {
      const std::size_t matched = match_at(i, found);
      i += matched > 0 ? matched : 1;
    }
    return found;
  }

 private:
  // Adds what the words at `i` name; returns how many words were used (0 for none).
  std::size_t match_at(std::size_t i, std::vector<Territory>& found) const {
    const auto* candidates = gazetteer().starting_with(words_[i].folded);
    if (candidates == nullptr) return 0;
    for (const Pattern* pattern : *candidates) {
      const std::size_t n = pattern->words.size();
      if (i + n > words_.size() || !spells(i, *pattern) || !accepted(i, n, *pattern)) continue;
      for (const Territory& t : pattern->named) {
        if (std::find(found.begin(), found.end(), t) == found.end()) found.push_back(t);
      }
      return n;
    }
    return 0;
  }

  [[nodiscard]] bool spells(std::size_t i, const Pattern& pattern) const {
    for (std::size_t k = 0; k < pattern.words.size(); ++k) {
      if (words_[i + k].folded != pattern.words[k]) return false;
      // The words of a name follow each other, with at most a space, hyphen or apostrophe.
      if (k > 0) {
        const std::string_view gap = text_.substr(words_[i + k - 1].end, words_[i + k].begin - words_[i + k - 1].end);
        if (gap != "-" && !only_spacing(gap)) return false;
      }
    }
    return true;
  }

  [[nodiscard]] bool accepted(std::size_t i, std::size_t n, const Pattern& pattern) const {
    const Word& first = words_[i];
    const Word& last = words_[i + n - 1];
    // Part of a longer compound that is not in the table: "Grande-Bretagne",
    // "Eure-Madrie-Seine", "agence Seine-Normandie".
    if (first.begin > 0 && text_[first.begin - 1] == '-') return false;
    if (last.end < text_.size() && text_[last.end] == '-') return false;
    switch (pattern.mention) {
      case Mention::Plain:
        return true;
      case Mention::NeedsContext:
        return first.capitalised && (announced(i) || followed_by_code(last.end, pattern.departement_code));
      case Mention::NeedsRegionWord:
        return first.capitalised && preceded_by(i, "region");
    }
    return false;
  }

  [[nodiscard]] bool preceded_by(std::size_t i, std::string_view word) const {
    return i > 0 && words_[i - 1].folded == word && adjacent(i - 1, i);
  }

  [[nodiscard]] bool adjacent(std::size_t a, std::size_t b) const {
    return only_spacing(text_.substr(words_[a].end, words_[b].begin - words_[a].end));
  }

  [[nodiscard]] bool announced(std::size_t i) const {
    if (i == 0 || !adjacent(i - 1, i)) return false;
    const std::string& before = words_[i - 1].folded;
    if (announces_territory(before)) return true;
    // "département de Vaucluse", "région de Bretagne".
    return before == "de" && (preceded_by(i - 1, "departement") || preceded_by(i - 1, "region"));
  }

  // "Vienne (86)", "Vienne (1re circonscription)".
  [[nodiscard]] bool followed_by_code(std::size_t pos, const char* departement_code) const {
    while (pos < text_.size() && text_[pos] == ' ') ++pos;
    if (pos >= text_.size() || text_[pos] != '(') return false;
    const std::size_t close = text_.find(')', pos);
    if (close == std::string_view::npos) return false;
    const std::string inside = fold_case_and_accents(text_.substr(pos + 1, close - pos - 1));
    if (departement_code != nullptr && inside == fold_case_and_accents(departement_code)) return true;
    return departement_code != nullptr && !inside.empty() && inside.front() >= '0' && inside.front() <= '9' &&
           inside.find("circonscription") != std::string::npos;
  }

  std::string_view text_;
  std::vector<Word> words_;
};

void add_once(std::vector<Territory>& list, const Territory& territory) {
  if (std::find(list.begin(), list.end(), territory) == list.end()) list.push_back(territory);
}

// "Vienne (1re circonscription)" -> "Vienne".
std::string_view departement_of_constituency(std::string_view circonscription) {
  const std::size_t paren = circonscription.find(" (");
  return paren == std::string_view::npos ? circonscription : circonscription.substr(0, paren);
}

}  // namespace

std::vector<Territory> find_territories(std::string_view text) { return Matcher(text).run(); }

void tag_territories(Record& record) {
  std::vector<Territory> territories = record.territoires;
  for (std::string_view name : {std::string_view(record.departement), departement_of_constituency(record.circonscription)}) {
    if (name.empty()) continue;
    if (const DepartementEntry* d = gazetteer().departement_named(name)) {
      add_once(territories, {d->name, "departement", d->code});
      add_once(territories, Gazetteer::region(d->region_code));
    }
  }
  for (const std::string* text : {&record.titre, &record.texte_question, &record.texte_reponse, &record.texte,
                                  &record.dispositif, &record.expose}) {
    for (const Territory& t : find_territories(*text)) add_once(territories, t);
  }
  record.territoires = std::move(territories);
}

}  // namespace hemicycle::document
