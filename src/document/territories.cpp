#include "document/territories.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "document/gazetteer.h"
#include "document/name_lists.h"
#include "errors.h"
#include "text/fold.h"
#include "text/hash.h"

namespace hemicycle::document {
namespace {

using Level = TerritoryLevel;

// How much the text must say before a département or région name counts.
enum class Mention {
  Plain,            // a name that means nothing else: "Pyrénées-Orientales", "Normandie"
  NeedsContext,     // also a river, a town or a common word: "Vienne", "Nord", "Lot", "Manche"
  NeedsRegionWord,  // an everyday word for institutions too: only "la région Centre"
};

// Départements and régions whose name is also a river, a town or a word; the
// others are Plain. Codes from the gazetteer (INSEE COG).
constexpr std::array<std::string_view, 60> kDepartementsNeedingContext{
    "01", "02", "03", "07", "08", "09", "10", "11",  "12",  "14",  "15",  "16",  "18",  "19",  "23",
    "24", "25", "26", "27", "30", "32", "33", "34",  "36",  "38",  "39",  "40",  "42",  "45",  "46",
    "48", "50", "51", "53", "55", "57", "58", "59",  "60",  "61",  "69",  "72",  "73",  "75",  "80",
    "81", "83", "85", "86", "88", "89", "91", "974", "975", "977", "978", "984", "986", "988", "989"};
constexpr std::array<std::string_view, 10> kRegionsNeedingContext{"04",  "44",  "53",  "94",  "975",
                                                                  "977", "978", "984", "986", "989"};

// A région merged in 2016 (law n° 2015-29 of 16 January 2015), or a usual name
// of a current one, and the current région. An overseas région's usual name
// names its département too, as its official name does ("la Polynésie").
struct UsualRegionName {
  std::string_view name;
  std::string_view region_code;
  Mention mention;
};
constexpr std::array<UsualRegionName, 21> kUsualRegionNames{{
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
    {"PACA", "93", Mention::Plain},
    {"Île de la Réunion", "04", Mention::Plain},
    {"Polynésie", "987", Mention::Plain},
    {"Kanaky-Nouvelle-Calédonie", "988", Mention::Plain},
}};

// Communes named like an everyday word, a company or a foreign city, or like
// many others ("Saint-Jean"): only with their département or région named in
// the same record.
const std::unordered_set<std::string> kCommunesNeedingDepartement{
    "vienne",     "orange",  "sens",    "bar",     "arques", "mars",     "plan",   "grand",  "fleurs", "lacs", "ger",
    "saint jean", "bouches", "bagnols", "nord",    "france", "europe",   "union",  "centre", "charge", "cher", "aide",
    "avenir",     "ecole",   "mer",     "port",    "rue",    "ville",    "lieu",   "pont",   "val",    "mont", "loire",
    "seine",      "marne",   "somme",   "gironde", "meuse",  "moselle",  "eure",   "orne",   "oise",   "ain",  "aube",
    "aude",       "gard",    "lot",     "var",     "vendee", "charente", "palais", "hopital"};

// The EPCI type prefixes of the Etalab names and their long forms.
struct EpciType {
  std::string_view prefix;
  std::string_view long_form;
};
constexpr std::array<EpciType, 3> kEpciTypes{
    {{"CC ", "Communauté de communes "}, {"CA ", "Communauté d'agglomération "}, {"CU ", "Communauté urbaine "}}};

// How a way of writing relates to the territory it names.
enum class Form {
  Official,        // the name as in the gazetteer (or a former région, an EPCI alias)
  ArticleDropped,  // "Havre" of "Le Havre", after "du"/"au"; "Andelys" after "des"/"aux"
  EpciCore,        // an EPCI name without its type: "Caen la Mer", "Pays de Saint-Omer"
  ShortForm,       // a town by the first word of its name: "Bruay", "Hénin", "Boulogne"
  Acronym,         // an EPCI alias in capitals: "CODAH"
};

struct Target {
  const GazetteerEntry* entry;
  Form form;
  Mention mention;
  std::string_view dropped_article;  // "le" or "les" for ArticleDropped
};

struct Pattern {
  std::vector<std::string> words;
  std::vector<Target> targets;
  // The words without a leading article ("segur" for "Le Ségur"): what a
  // non-place use of non_places.tsv names.
  std::string name;
  // The non-place uses of this name (those of any name are NameIndex::any_name_uses()).
  std::vector<const NonPlaceUse*> non_places;
};

bool is_article(std::string_view word) { return word == "le" || word == "la" || word == "les" || word == "l"; }

std::string joined(const std::vector<std::string>& words, std::size_t from = 0) {
  std::string key;
  for (std::size_t k = from; k < words.size(); ++k) key.append(key.empty() ? "" : " ").append(words[k]);
  return key;
}

Mention mention_of(const GazetteerEntry& entry) {
  const auto& list =
      entry.level == Level::Region
          ? std::vector<std::string_view>(kRegionsNeedingContext.begin(), kRegionsNeedingContext.end())
          : std::vector<std::string_view>(kDepartementsNeedingContext.begin(), kDepartementsNeedingContext.end());
  return std::find(list.begin(), list.end(), entry.code) != list.end() ? Mention::NeedsContext : Mention::Plain;
}

// An alias of one word in capitals ("CODAH", "CASE") stands for the EPCI only
// when written so: "la case" is a box.
bool is_acronym(std::string_view alias) {
  return alias.size() >= 2 && std::all_of(alias.begin(), alias.end(),
                                          [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// A town known by the first word of its name ("Bruay" for Bruay-la-Buissière,
// "Hénin" for Hénin-Beaumont; "Saint-Amand" for Saint-Amand-Montrond): from
// this population, and only when its département is named and no other
// commune of that first word and of a tenth of its size is in the area named
// (see resolve()).
constexpr std::uint32_t kShortFormFrom = 5000;

// First words of commune names that are everyday words, areas, rivers or
// people's names more often than the town: "Salon" (de l'agriculture), "Brie",
// "Champagne", "Château", "Fort", "Sully". Reviewed on the 560 short forms of
// towns of 5,000 inhabitants or more.
const std::unordered_set<std::string> kNotShortForms{
    "aire",    "baie",    "bailly",    "bain",      "basse",   "billy",  "bois",    "bon",     "bons",  "bras",
    "brie",    "bussy",   "carbon",    "champagne", "champs",  "chasse", "chateau", "chatel",  "conde", "digne",
    "entre",   "erdre",   "ergue",     "etoile",    "fort",    "grande", "gros",    "haute",   "hauts", "ille",
    "lacroix", "longue",  "luc",       "lys",       "maisons", "mauges", "mery",    "morne",   "murs",  "nuits",
    "petit",   "petite",  "plaisance", "pointe",    "portes",  "rive",   "rives",   "riviere", "roche", "romans",
    "sable",   "salon",   "six",       "sully",     "trans",   "trois",  "vallons", "vaux",    "vert",  "vexin",
    "vieux",   "villard", "villars",   "vire"};

// The short form of a commune's name, or nothing: not for names that start
// with an article ("Le Blanc-Mesnil") or with "Notre-Dame", nor when the first
// word is an everyday word.
std::vector<std::string> short_form(const std::vector<std::string>& words) {
  if (words.empty() || is_article(words.front()) || words.front() == "notre") return {};
  const std::size_t length = words.front() == "saint" || words.front() == "sainte" ? 2 : 1;
  if (words.size() <= length || words[length - 1].size() < 3) return {};
  std::vector<std::string> form(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(length));
  const std::string key = joined(form);
  if (kCommunesNeedingDepartement.count(key) > 0 || kNotShortForms.count(key) > 0) return {};
  return form;
}

// "Seine Normandie Agglo" for "Seine Normandie Agglomération", and the other way round.
std::vector<std::string> agglo_variant(std::vector<std::string> words) {
  bool changed = false;
  for (std::string& w : words) {
    if (w == "agglomeration" || w == "agglo") {
      w = w == "agglo" ? "agglomeration" : "agglo";
      changed = true;
    }
  }
  return changed ? words : std::vector<std::string>{};
}

// A word of a text, as split_words finds it: its folded form and where it is in the original.
struct Word {
  std::string folded;
  std::size_t begin;
  std::size_t end;
  bool capitalised;
  std::uint64_t hash;  // text::fnv1a(folded), for NameIndex's filters
};

// Every way of writing every territory, looked up by first folded word.
class NameIndex {
 public:
  explicit NameIndex(const Gazetteer& gazetteer) {
    std::unordered_set<std::string> commune_names;
    for (const GazetteerEntry& entry : gazetteer.entries()) {
      if (entry.level == Level::Commune) commune_names.insert(territory_name_key(entry.name));
    }
    for (const GazetteerEntry& entry : gazetteer.entries()) {
      switch (entry.level) {
        case Level::Region:
        case Level::Departement:
          add(entry.name, {&entry, Form::Official, mention_of(entry), {}});
          break;
        case Level::Epci:
          add_epci(entry, commune_names);
          break;
        case Level::Commune:
          add_commune(entry);
          break;
      }
    }
    for (const auto& usual : kUsualRegionNames) {
      const GazetteerEntry* region = gazetteer.find(Level::Region, usual.region_code);
      add(usual.name, {region, Form::Official, usual.mention, {}});
      const GazetteerEntry* departement = gazetteer.find(Level::Departement, usual.region_code);
      if (departement != nullptr && departement->name == region->name)
        add(usual.name, {departement, Form::Official, usual.mention, {}});
    }
    for (const EpciAlias& alias : embedded_epci_aliases()) {
      const GazetteerEntry* epci = gazetteer.find(Level::Epci, alias.siren);
      if (epci == nullptr) throw InputError("epci_aliases.tsv: " + alias.alias + ": no EPCI " + alias.siren);
      add(alias.alias, {epci, is_acronym(alias.alias) ? Form::Acronym : Form::Official, Mention::Plain, {}});
    }
    attach_non_places();
    // Names of several words by their first two ("la rochelle"): a text's common
    // words ("la", "saint") start hundreds of names, of which only these can match.
    for (const auto& pattern : patterns_) {
      const auto& words = pattern->words;
      first_words_.set(text::fnv1a(words.front()) % kFirstWordBits);
      if (words.size() == 1) {
        one_word_[words.front()] = pattern.get();
      } else {
        first_two_words_.set(first_two_words_bit(text::fnv1a(words[0]), text::fnv1a(words[1])));
        std::string key;
        pair_key(words[0], words[1], key);
        by_first_two_words_[key].push_back(pattern.get());
      }
    }
    for (auto& [first, list] : by_first_two_words_) {
      std::stable_sort(list.begin(), list.end(),
                       [](const Pattern* a, const Pattern* b) { return a->words.size() > b->words.size(); });
    }
  }

  // The names of several words starting with `first` `second`, longest first; nullptr if none.
  [[nodiscard]] const std::vector<const Pattern*>* starting_with(const Word& first, const Word& second) const {
    if (!first_words_.test(first.hash % kFirstWordBits)) return nullptr;
    if (!first_two_words_.test(first_two_words_bit(first.hash, second.hash))) return nullptr;
    thread_local std::string key;
    pair_key(first.folded, second.folded, key);
    const auto it = by_first_two_words_.find(key);
    return it == by_first_two_words_.end() ? nullptr : &it->second;
  }
  // The name of the one word `word`; nullptr if none.
  [[nodiscard]] const Pattern* one_word(const Word& word) const {
    if (!first_words_.test(word.hash % kFirstWordBits)) return nullptr;
    const auto it = one_word_.find(word.folded);
    return it == one_word_.end() ? nullptr : it->second;
  }
  // The non-place uses of any name: "accord de [*]".
  [[nodiscard]] const std::vector<const NonPlaceUse*>& any_name_uses() const { return any_name_uses_; }
  // Every commune, whatever its population, whose name starts with the short form `name`.
  [[nodiscard]] const std::vector<const GazetteerEntry*>& communes_by_short_form(const std::string& name) const {
    static const std::vector<const GazetteerEntry*> none;
    const auto it = communes_by_short_form_.find(name);
    return it == communes_by_short_form_.end() ? none : it->second;
  }

 private:
  void add_commune(const GazetteerEntry& entry) {
    std::vector<std::string> words = territory_name_words(entry.name);
    add_words(words, {&entry, Form::Official, Mention::Plain, {}});
    if (words.size() > 1 && (words.front() == "le" || words.front() == "les")) {
      add_words({words.begin() + 1, words.end()},
                {&entry, Form::ArticleDropped, Mention::Plain, words.front() == "le" ? "le" : "les"});
    }
    if (std::vector<std::string> form = short_form(words); !form.empty()) {
      communes_by_short_form_[joined(form)].push_back(&entry);
      if (entry.population >= kShortFormFrom) add_words(std::move(form), {&entry, Form::ShortForm, Mention::Plain, {}});
    }
    if (words.front() == "saint" || words.front() == "sainte") {
      words.front() = words.front() == "saint" ? "st" : "ste";
      add_words(words, {&entry, Form::Official, Mention::Plain, {}});
    }
  }

  void add_epci(const GazetteerEntry& entry, const std::unordered_set<std::string>& commune_names) {
    add(entry.name, {&entry, Form::Official, Mention::Plain, {}});
    std::string_view core = entry.name;
    for (const auto& type : kEpciTypes) {
      if (core.starts_with(type.prefix)) {
        core.remove_prefix(type.prefix.size());
        add(std::string(type.long_form) + std::string(core), {&entry, Form::Official, Mention::Plain, {}});
      }
    }
    if (const std::size_t paren = core.find(" ("); paren != std::string_view::npos) core = core.substr(0, paren);
    std::vector<std::string> words = territory_name_words(core);
    // "du Cotentin", "de la Baie du Cotentin": the core starts after the preposition.
    while (!words.empty() && (words.front() == "de" || words.front() == "du" || words.front() == "des" ||
                              words.front() == "d" || is_article(words.front()))) {
      words.erase(words.begin());
    }
    // A core that is a commune's name ("CA de Saint-Dié-des-Vosges") is the commune when written alone.
    if (words.size() >= 2 && words != territory_name_words(entry.name) && commune_names.count(joined(words)) == 0)
      add_epci_words(std::move(words), {&entry, Form::EpciCore, Mention::Plain, {}});
  }

  void add(std::string_view name, Target target) {
    std::vector<std::string> words = territory_name_words(name);
    // "La Réunion" is matched on "Réunion", whose article is then its context.
    if (target.entry->level != Level::Commune && words.size() == 2 && words.front() == "la") words.erase(words.begin());
    if (target.entry->level == Level::Epci) {
      add_epci_words(std::move(words), target);
    } else {
      add_words(std::move(words), target);
    }
  }

  void add_epci_words(std::vector<std::string> words, Target target) {
    if (std::vector<std::string> variant = agglo_variant(words); !variant.empty())
      add_words(std::move(variant), target);
    add_words(std::move(words), target);
  }

  void add_words(std::vector<std::string> words, Target target) {
    if (words.empty()) return;
    std::string key;
    for (const auto& w : words) key.append(w).push_back(' ');
    auto [it, inserted] = pattern_by_key_.emplace(key, nullptr);
    if (inserted) {
      patterns_.push_back(std::make_unique<Pattern>(Pattern{std::move(words), {}, {}, {}}));
      it->second = patterns_.back().get();
      Pattern& pattern = *patterns_.back();
      pattern.name = joined(pattern.words, pattern.words.size() > 1 && is_article(pattern.words.front()) ? 1 : 0);
    }
    auto& targets = it->second->targets;
    const bool known = std::any_of(targets.begin(), targets.end(),
                                   [&](const Target& t) { return t.entry == target.entry && t.form == target.form; });
    if (!known) targets.push_back(target);
  }

  // Gives each pattern the non-place uses of its name; a use whose [name] no
  // pattern has is a mistake in the list.
  void attach_non_places() {
    std::unordered_map<std::string, std::vector<const NonPlaceUse*>> by_name;
    for (const NonPlaceUse& use : embedded_non_places()) {
      if (use.name.empty()) {
        any_name_uses_.push_back(&use);
      } else {
        by_name[joined(use.name)].push_back(&use);
      }
    }
    std::unordered_set<std::string> names;
    for (const auto& pattern : patterns_) {
      names.insert(pattern->name);
      if (const auto it = by_name.find(pattern->name); it != by_name.end()) pattern->non_places = it->second;
    }
    for (const auto& [name, uses] : by_name) {
      if (names.count(name) == 0) throw InputError("non_places.tsv: [" + name + "] is no territory's name");
    }
  }

  std::vector<std::unique_ptr<Pattern>> patterns_;
  std::unordered_map<std::string, Pattern*> pattern_by_key_;
  std::unordered_map<std::string, std::vector<const Pattern*>> by_first_two_words_;
  std::unordered_map<std::string, const Pattern*> one_word_;
  std::vector<const NonPlaceUse*> any_name_uses_;
  std::unordered_map<std::string, std::vector<const GazetteerEntry*>> communes_by_short_form_;

  // The first words of the names, as bits of a small filter that a text's word is
  // tested against before the tables are: most words start no name, and the two
  // table lookups of each word of every text were a quarter of reading the corpus.
  static constexpr std::size_t kFirstWordBits = std::size_t{1} << 18;
  std::bitset<kFirstWordBits> first_words_;
  // The same for the first two words of the names of several words: "la", "saint"
  // start hundreds of names, and are followed by words that start none.
  static constexpr std::size_t kFirstTwoWordsBits = std::size_t{1} << 20;
  std::bitset<kFirstTwoWordsBits> first_two_words_;
  static std::size_t first_two_words_bit(std::uint64_t first, std::uint64_t second) {
    return (first * 0x9e3779b97f4a7c15ULL ^ second) % kFirstTwoWordsBits;
  }

  // The key of by_first_two_words_, into `key`.
  static void pair_key(const std::string& first, const std::string& second, std::string& key) {
    key.assign(first).push_back(' ');
    key.append(second);
  }
};

const NameIndex& name_index() {
  static const NameIndex instance(Gazetteer::embedded());
  return instance;
}

// The folded form of a word of letters and digits holding non-ASCII ones: its
// territory_name_key, which for one word is its fold.
std::string word_key(std::string_view word) { return text::fold(word, kPlaceNameFold); }
// Words as runs of letters and digits; words of ASCII and Latin letters are
// folded without ICU, which is most of the cost on long texts.
std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  words.reserve(text.size() / 6);  // French words and their separators average about 6 bytes
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool in_word = false;
  bool ascii = true;
  Word current{};
  const auto finish = [&] {
    const std::string_view raw = text.substr(current.begin, current.end - current.begin);
    if (ascii) {
      current.folded.assign(raw);
      for (char& c : current.folded) c = text::ascii_lower(c);
    } else {
      current.folded = word_key(raw);
    }
    current.hash = text::fnv1a(current.folded);
    words.push_back(std::move(current));
    current = Word{};
    in_word = false;
  };
  while (i < length) {
    const int32_t start = i;
    UChar32 c = bytes[i];
    bool word_char = false;
    if (c < 0x80) {
      ++i;
      word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    } else {
      U8_NEXT(bytes, i, length, c);
      word_char = c >= 0 && u_isalnum(c);
    }
    if (word_char) {
      if (!in_word) {
        in_word = true;
        ascii = true;
        current.begin = static_cast<std::size_t>(start);
        current.capitalised = c < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper(c) != 0;
      }
      if (c >= 0x80) ascii = false;
      current.end = static_cast<std::size_t>(i);
    } else if (in_word) {
      finish();
    }
  }
  if (in_word) finish();
  return words;
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

// The articles and words that announce a département or région: "la Vienne",
// "le Nord", "dans l'Orne", "en Savoie", "du Lot", "des Landes", "département de la Manche".
bool announces_territory(std::string_view word) {
  return word == "la" || word == "le" || word == "les" || word == "l" || word == "en" || word == "du" ||
         word == "des" || word == "departement" || word == "region";
}

// A territory a name may stand for; a short form ("Bruay") is settled only when
// it is the one of its kind in the départements and régions named.
struct Candidate {
  const GazetteerEntry* entry;
  bool short_form;
};

// A name found in a text: the territory it names, or the communes it may name
// if their département or région is in the record.
struct Finding {
  std::vector<Candidate> candidates;
  bool accepted = false;
  std::string name;                 // Pattern::name
  bool written_as_commune = false;  // "la commune de Ségur", "Ségur (Aveyron)"
};

struct Findings {
  std::vector<Finding> found;
  // Names the record uses as what a Record-reach line of non_places.tsv says:
  // their other mentions are not places either.
  std::unordered_set<std::string> non_place_names;
};

// A cardinal point before a hyphen qualifies the name after it: "Nord-Isère", "centre-Bretagne".
bool is_cardinal_point(std::string_view name) {
  return name == "nord" || name == "sud" || name == "est" || name == "ouest" || name == "centre";
}

// The words that say the name after them is a commune: "la commune de", "le maire d'".
bool names_a_commune(std::string_view word) {
  return word == "commune" || word == "communes" || word == "ville" || word == "village" || word == "mairie" ||
         word == "maire" || word == "municipalite" || word == "municipal";
}

bool is_civility(std::string_view word) {
  return word == "m" || word == "mme" || word == "mlle" || word == "mm" || word == "mmes" || word == "monsieur" ||
         word == "madame" || word == "mademoiselle";
}

// A phrase word of non_places.tsv matches its plural and its elided forms:
// "accord de" matches "accords d'".
bool same_word(std::string_view text, std::string_view phrase) {
  if (text == phrase) return true;
  if (text.size() == phrase.size() + 1 && text.starts_with(phrase) && (text.back() == 's' || text.back() == 'x'))
    return true;
  return text == "l" ? phrase == "le" || phrase == "la" : text == "d" && phrase == "de";
}

class Matcher {
 public:
  explicit Matcher(std::string_view text) : text_(text), words_(split_words(text)) { find_hyphenated_lists(); }

  void run(Findings& findings) {
    for (std::size_t i = 0; i < words_.size();) {
      const std::size_t matched = match_at(i, findings);
      i += matched > 0 ? matched : 1;
    }
  }

 private:
  // A part of a hyphenated list: its name, where the list starts, whether the
  // list names départements or régions rather than communes, and whether a part
  // is a département or région on its own ("Pays de la Loire" in "Bretagne-Pays
  // de la Loire"), so that the others need no article of their own.
  struct ListPart {
    const Pattern* pattern;
    std::size_t list_start;
    bool larger;
    bool larger_on_its_own;
  };

  // Tries the longest names first; a name that only gives ambiguous communes
  // ("La Réunion" the village) yields to a shorter one the context accepts
  // ("Réunion" after "à La").
  std::size_t match_at(std::size_t i, Findings& findings) {
    if (const auto part = list_parts_.find(i); part != list_parts_.end()) {
      const ListPart& list = part->second;
      Finding ambiguous;
      if (!take(i, *list.pattern, findings, ambiguous, list.list_start, &list) && !ambiguous.candidates.empty())
        findings.found.push_back(std::move(ambiguous));
      return list.pattern->words.size();
    }
    std::optional<std::pair<std::size_t, Finding>> ambiguous;
    auto try_pattern = [&](const Pattern& pattern) {
      const std::size_t n = pattern.words.size();
      if (i + n > words_.size() || !spells(i, pattern) || inside_compound(i, n)) return false;
      // "Mme Nice", "M. Castex": a person.
      if (after_civility(i)) return true;
      // "la commune de Matignon", "Ségur (Aveyron)" are the communes.
      if (const NonPlaceUse* use = non_place_use(i, n, pattern); use != nullptr && !written_as_commune(i, n, pattern)) {
        if (use->reach == NonPlaceReach::Record) findings.non_place_names.insert(pattern.name);
        return true;
      }
      Finding communes;
      if (take(i, pattern, findings, communes, i, nullptr)) return true;
      if (!communes.candidates.empty() && !ambiguous) ambiguous.emplace(n, std::move(communes));
      return false;
    };
    const NameIndex& names = name_index();
    if (i + 1 < words_.size()) {
      if (const auto* longer = names.starting_with(words_[i], words_[i + 1])) {
        for (const Pattern* pattern : *longer) {
          if (try_pattern(*pattern)) return pattern->words.size();
        }
      }
    }
    if (const Pattern* single = names.one_word(words_[i]); single != nullptr && try_pattern(*single)) return 1;
    if (!ambiguous) return 0;
    findings.found.push_back(std::move(ambiguous->second));
    // After an article, the rest may still name something else: "La Réunion".
    return is_article(words_[i].folded) ? 1 : ambiguous->first;
  }

  // Records what the words at `i` name and returns true, or fills `communes`
  // with the communes they may name if their département is in the record. The
  // word before `context` is the one that says what follows: `i` itself, or
  // the start of the hyphenated `list` that `i` is part of.
  bool take(std::size_t i, const Pattern& pattern, Findings& findings, Finding& communes, std::size_t context,
            const ListPart* list) {
    const std::size_t n = pattern.words.size();
    const auto accept = [&](const GazetteerEntry* entry, bool as_commune) {
      findings.found.push_back({{{entry, false}}, true, pattern.name, as_commune});
    };
    bool any = false;
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune && (list == nullptr || (list->larger && t.entry->level != Level::Epci)) &&
          accepted_larger(i, n, t)) {
        accept(t.entry, false);
        any = true;
      }
    }
    // A département or région of that name wins over a commune: "la Vienne".
    if (any) return true;
    // "la métropole de Rouen" is the EPCI, not the commune.
    if (const GazetteerEntry* metropole = metropole_of(i, n, pattern)) {
      accept(metropole, false);
      return true;
    }
    const bool after_commune_word = commune_word_before(context) || continues_commune_list(context);
    if (after_commune_word) commune_list_end_ = i + n;
    // "la ville de René Cassin", "les communes de la Vallée de la Meuse", "une
    // commune de la Marne": a person, a longer name, a département.
    const bool called_a_commune =
        after_commune_word && !continues_as_longer_name(i + n) && !names_a_larger_territory(pattern);
    // Homonyms: a town of 10,000 or more that is ten times the others is the one meant
    // ("Saint-Omer" in the Pas-de-Calais, not the village of the Calvados).
    std::size_t homonyms = 0;
    std::uint32_t largest = 0;
    std::uint32_t second = 0;
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune || t.form == Form::ShortForm) continue;
      ++homonyms;
      second = std::max(second, std::min(largest, t.entry->population));
      largest = std::max(largest, t.entry->population);
    }
    const bool dominant = homonyms > 1 && largest >= 10000 && largest >= 10 * std::uint64_t{second};
    // "la commune de Saint-Jean" may be Saint-Jean-de-Luz as well.
    const bool one_commune_called_so =
        called_a_commune && std::none_of(pattern.targets.begin(), pattern.targets.end(),
                                         [](const Target& t) { return t.form == Form::ShortForm; });
    communes.name = pattern.name;
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune || (list != nullptr && !names_in_list(t))) continue;
      const bool its_departement_follows =
          followed_by_departement(words_[i + n - 1].end, t.entry->departements.front());
      const bool as_commune = called_a_commune || its_departement_follows;
      if (dominant && t.entry->population == largest && t.form != Form::ShortForm) {
        if (commune_evidence(i, n, t, 1, pattern, context, one_commune_called_so, its_departement_follows) ==
            Evidence::Enough) {
          accept(t.entry, as_commune);
          return true;
        }
      }
      switch (commune_evidence(i, n, t, homonyms, pattern, context, one_commune_called_so, its_departement_follows)) {
        case Evidence::None:
          break;
        case Evidence::Enough:
          accept(t.entry, as_commune);
          return true;
        case Evidence::NeedsDepartement:
          communes.candidates.push_back({t.entry, t.form == Form::ShortForm});
          communes.written_as_commune = communes.written_as_commune || as_commune;
          break;
      }
    }
    // No commune for sure: in a list where a département or région stands on
    // its own, the département or région of this name.
    if (list != nullptr && list->larger && list->larger_on_its_own) {
      for (const Target& t : pattern.targets) {
        if (t.entry->level == Level::Departement || t.entry->level == Level::Region) {
          accept(t.entry, false);
          any = true;
        }
      }
      if (any) communes.candidates.clear();
    }
    return any;
  }

  // A capitalised word after the name, or "de" and one: the name is part of a
  // longer one ("René Cassin", "la Vallée de la Meuse").
  [[nodiscard]] bool continues_as_longer_name(std::size_t k) const {
    if (k >= words_.size()) return false;
    if (gap_before(k) == " " && proper_noun_like(k)) return true;
    const std::string& word = words_[k].folded;
    if (word != "de" && word != "du" && word != "des" && word != "d") return false;
    std::size_t next = k + 1;
    if (next < words_.size() && is_article(words_[next].folded) && adjacent(k, next)) ++next;
    return next < words_.size() && adjacent(next - 1, next) && proper_noun_like(next);
  }

  // A département or région is named so too: "la Marne", "La Réunion".
  [[nodiscard]] static bool names_a_larger_territory(const Pattern& pattern) {
    for (const std::string& key : {pattern.name, joined(pattern.words)}) {
      for (const GazetteerEntry* entry : Gazetteer::embedded().named(key)) {
        if (entry->level == Level::Departement || entry->level == Level::Region) return true;
      }
    }
    return false;
  }

  [[nodiscard]] bool accepted_larger(std::size_t i, std::size_t n, const Target& t) const {
    if (t.entry->level == Level::Epci) {
      if (t.form == Form::Acronym) return written_as_acronym(i);
      return t.form != Form::EpciCore || significant_word(i, n).capitalised;
    }
    switch (t.mention) {
      case Mention::Plain:
        return true;
      case Mention::NeedsContext:
        return words_[i].capitalised &&
               ((announced(i) && !part_of_another_name(i, n)) ||
                followed_by_code(words_[i + n - 1].end,
                                 t.entry->level == Level::Departement ? t.entry->code : std::string_view{}));
      case Mention::NeedsRegionWord:
        return words_[i].capitalised && preceded_by(i, "region");
    }
    return false;
  }

  enum class Evidence { None, NeedsDepartement, Enough };

  // `called_a_commune`: "la commune de", "le maire de" before the name;
  // `its_departement_follows`: "Ségur (Aveyron)", which also picks one of homonyms.
  [[nodiscard]] Evidence commune_evidence(std::size_t i, std::size_t n, const Target& t, std::size_t homonyms,
                                          const Pattern& pattern, std::size_t context, bool called_a_commune,
                                          bool its_departement_follows) const {
    const Word& first = significant_word(i, n);
    std::size_t letters = 0;
    for (const auto& w : pattern.words) letters += w.size();
    if (!first.capitalised || letters < 3) return Evidence::None;
    if (its_departement_follows && t.form != Form::ArticleDropped) return Evidence::Enough;
    // "Bruay" or "Boulogne" at the start of a sentence may be a word, and
    // "Pierre Dupont" is a person; inside a sentence, the département settles
    // which town it is.
    if (t.form == Form::ShortForm) {
      const bool before_a_name = i + n < words_.size() && gap_before(i + n) == " " && proper_noun_like(i + n);
      return starts_sentence(i) || before_a_name ? Evidence::None : Evidence::NeedsDepartement;
    }
    const std::string_view before =
        context > 0 && adjacent(context - 1, context) ? std::string_view(words_[context - 1].folded) : "";
    const std::uint32_t population = t.entry->population;
    if (t.form == Form::ArticleDropped) {
      const bool contracted =
          t.dropped_article == "le" ? (before == "du" || before == "au") : (before == "des" || before == "aux");
      if (!contracted) return Evidence::None;
    }
    // "René Cassin", "Florence Parly": a one-word name before another name is a
    // person's, or part of a longer name, unless a city's.
    if (pattern.words.size() == 1 && !called_a_commune && population < 100000 && i + n < words_.size() &&
        gap_before(i + n) == " " && proper_noun_like(i + n))
      return Evidence::None;
    if (homonyms > 1) return Evidence::NeedsDepartement;
    // "L'Union" is the word "union" too: "l'Union européenne".
    if (kCommunesNeedingDepartement.count(pattern.name) > 0 ||
        kCommunesNeedingDepartement.count(joined(pattern.words)) > 0) {
      // The commune writes its article in capitals ("et L'Union", "la commune de
      // L'Union"); after a lower-case one the word is the word: "les États membres
      // de l'Union", "l'Union nationale des étudiants".
      if (pattern.words.size() > 1 && is_article(pattern.words.front()) && !words_[i].capitalised && !called_a_commune)
        return Evidence::None;
      return Evidence::NeedsDepartement;
    }
    if (called_a_commune) return Evidence::Enough;
    if (t.form == Form::ArticleDropped) return population >= 2000 ? Evidence::Enough : Evidence::NeedsDepartement;
    // "aux Saintes-Maries-de-la-Mer"; "aux Saintes" are the islands of the Guadeloupe.
    if ((before == "a" || (before == "aux" && pattern.words.size() > 1)) && population >= 2000) return Evidence::Enough;
    if ((before == "de" || before == "d") && population >= 20000) return Evidence::Enough;
    if (pattern.words.size() >= 2 && population >= 5000) return Evidence::Enough;
    if (population >= 100000 && !starts_sentence(i)) return Evidence::Enough;
    return Evidence::NeedsDepartement;
  }

  // The first word after a leading article: "Havre" in "Le Havre".
  [[nodiscard]] const Word& significant_word(std::size_t i, std::size_t n) const {
    return n > 1 && is_article(words_[i].folded) ? words_[i + 1] : words_[i];
  }

  [[nodiscard]] bool spells(std::size_t i, const Pattern& pattern) const {
    for (std::size_t k = 0; k < pattern.words.size(); ++k) {
      if (words_[i + k].folded != pattern.words[k]) return false;
      // The words of a name follow each other, with at most a space, hyphen or
      // apostrophe ("Faucigny - Glières" in EPCI names).
      if (k > 0) {
        std::string_view gap = gap_before(i + k);
        if (gap == "-" || gap == " - ") continue;
        if (!only_spacing(gap)) return false;
      }
    }
    return true;
  }

  [[nodiscard]] std::string_view gap_before(std::size_t k) const {
    return text_.substr(words_[k - 1].end, words_[k].begin - words_[k - 1].end);
  }

  [[nodiscard]] bool hyphen_joined(std::size_t a, std::size_t b) const { return gap_before(b) == "-" && b == a + 1; }

  [[nodiscard]] bool inside_compound(std::size_t i, std::size_t n) const {
    const Word& first = words_[i];
    const Word& last = words_[i + n - 1];
    // Part of a longer compound that is not a list of names: "Grande-Bretagne",
    // "agence Seine-Normandie".
    if (first.begin > 0 && text_[first.begin - 1] == '-') return true;
    return last.end < text_.size() && text_[last.end] == '-';
  }

  // Hyphenated runs of names ("Montpellier-Perpignan", "Lens-Liévin-Hénin-Carvin",
  // "Bretagne-Pays de la Loire") that are no name as a whole: each part names a
  // place of the same kind. Communes may then be settled by the département.
  // Départements or régions are taken when one of them would be on its own
  // ("Pays de la Loire"), so that the others need no article of their own;
  // "Loire-Bretagne", the water agency, has none to show.
  void find_hyphenated_lists() {
    for (std::size_t a = 0; a + 1 < words_.size();) {
      if (!hyphen_joined(a, a + 1)) {
        ++a;
        continue;
      }
      std::size_t b = a + 1;
      while (b + 1 < words_.size() && hyphen_joined(b, b + 1)) ++b;
      std::vector<std::pair<std::size_t, const Pattern*>> parts;
      const bool list = !names_whole_run(a, b) && segment(a, b, parts) && parts.size() >= 2;
      if (const std::optional<bool> larger = list ? names_places(parts) : std::nullopt) {
        const bool larger_on_its_own = std::any_of(parts.begin(), parts.end(), [&](const auto& part) {
          const Pattern& p = *part.second;
          return std::any_of(p.targets.begin(), p.targets.end(), [&](const Target& t) {
            return (t.entry->level == Level::Departement || t.entry->level == Level::Region) &&
                   accepted_larger(part.first, p.words.size(), t);
          });
        });
        for (const auto& [start, pattern] : parts) list_parts_[start] = {pattern, a, *larger, larger_on_its_own};
      }
      a = b + 1;
    }
  }

  // Whether every part names a place of one kind as written: départements or
  // régions (true), or communes by their names or short forms that are no
  // everyday words (false). "Mont-Blanc" lists neither the word "mont" nor Le
  // Blanc; "l'université Clermont-Auvergne" is a name.
  [[nodiscard]] static std::optional<bool> names_places(
      const std::vector<std::pair<std::size_t, const Pattern*>>& parts) {
    const auto all_parts = [&](auto names) {
      return std::all_of(parts.begin(), parts.end(), [&](const auto& part) {
        const Pattern& p = *part.second;
        return std::any_of(p.targets.begin(), p.targets.end(), [&](const Target& t) { return names(p, t); });
      });
    };
    if (all_parts([](const Pattern&, const Target& t) {
          return t.entry->level == Level::Departement || t.entry->level == Level::Region;
        }))
      return true;
    if (all_parts([](const Pattern& p, const Target& t) {
          return t.entry->level == Level::Commune && names_in_list(t) && kCommunesNeedingDepartement.count(p.name) == 0;
        }))
      return false;
    return std::nullopt;
  }

  // A commune is in a list by its name or its short form, as written.
  [[nodiscard]] static bool names_in_list(const Target& t) {
    return t.form == Form::Official || t.form == Form::ShortForm;
  }

  // Whether one name spells the whole run [a, b], as "Saint-Omer" or "Lens-Liévin" does.
  [[nodiscard]] bool names_whole_run(std::size_t a, std::size_t b) const {
    bool whole = false;
    for_each_name_at(a, [&](const Pattern& pattern) {
      whole = whole || a + pattern.words.size() - 1 >= b;
      return whole;
    });
    return whole;
  }

  // Cuts [start, run_end] into names of communes, départements or régions
  // joined by hyphens, longest names first.
  bool segment(std::size_t start, std::size_t run_end,
               std::vector<std::pair<std::size_t, const Pattern*>>& parts) const {
    bool done = false;
    for_each_name_at(start, [&](const Pattern& pattern) {
      if (is_cardinal_point(pattern.name) ||
          std::none_of(pattern.targets.begin(), pattern.targets.end(),
                       [](const Target& t) { return t.entry->level != Level::Epci; }))
        return false;
      const std::size_t end = start + pattern.words.size() - 1;
      if (end + 1 < words_.size() && hyphen_joined(end, end + 1) && end >= run_end) return false;
      parts.emplace_back(start, &pattern);
      done = end >= run_end || segment(end + 1, run_end, parts);
      if (!done) parts.pop_back();
      return done;
    });
    return done;
  }

  // Calls `visit(pattern)` for each name that spells the words at `i`, longest
  // first, until it returns true.
  template <typename Visit>
  void for_each_name_at(std::size_t i, Visit visit) const {
    const NameIndex& names = name_index();
    if (i + 1 < words_.size()) {
      if (const auto* longer = names.starting_with(words_[i], words_[i + 1])) {
        for (const Pattern* pattern : *longer) {
          if (i + pattern->words.size() <= words_.size() && spells(i, *pattern) && visit(*pattern)) return;
        }
      }
    }
    if (const Pattern* single = names.one_word(words_[i])) visit(*single);
  }

  [[nodiscard]] bool preceded_by(std::size_t i, std::string_view word) const {
    return i > 0 && words_[i - 1].folded == word && adjacent(i - 1, i);
  }

  [[nodiscard]] bool adjacent(std::size_t a, std::size_t b) const {
    return only_spacing(text_.substr(words_[a].end, words_[b].begin - words_[a].end));
  }

  // The words from `a` to `b` follow each other as in a phrase: "quai d'Orsay", "Matignon-Oudinot".
  [[nodiscard]] bool joined_in_phrase(std::size_t a, std::size_t b) const {
    for (std::size_t k = a + 1; k <= b; ++k) {
      const std::string_view gap = gap_before(k);
      if (gap != "-" && !only_spacing(gap)) return false;
    }
    return true;
  }

  [[nodiscard]] bool starts_sentence(std::size_t i) const {
    std::size_t pos = words_[i].begin;
    while (pos > 0) {
      const char c = text_[pos - 1];
      if (c == ' ' || c == '\t' || c == '"' || c == '(') {
        --pos;
        continue;
      }
      return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\r';
    }
    return true;
  }

  [[nodiscard]] bool announced(std::size_t i) const {
    if (i == 0 || !adjacent(i - 1, i)) return false;
    const std::string& before = words_[i - 1].folded;
    if (announces_territory(before)) return true;
    // "département de Vaucluse", "région de Bretagne".
    return before == "de" && (preceded_by(i - 1, "departement") || preceded_by(i - 1, "region"));
  }

  // "Mme Nice", "M. Castex", "monsieur Paris".
  [[nodiscard]] bool after_civility(std::size_t i) const {
    if (i == 0 || !is_civility(words_[i - 1].folded)) return false;
    const Word& civility = words_[i - 1];
    const bool abbreviation =
        civility.folded != "monsieur" && civility.folded != "madame" && civility.folded != "mademoiselle";
    if (abbreviation && !civility.capitalised) return false;
    std::string_view gap = gap_before(i);
    if (abbreviation && gap.starts_with('.')) gap.remove_prefix(1);
    return !gap.empty() && only_spacing(gap);
  }

  // The line of non_places.tsv whose phrase the words at [i, i + n) are part
  // of, or nullptr.
  [[nodiscard]] const NonPlaceUse* non_place_use(std::size_t i, std::size_t n, const Pattern& pattern) const {
    for (const auto* uses : {&pattern.non_places, &name_index().any_name_uses()}) {
      for (const NonPlaceUse* use : *uses) {
        if (in_phrase(i, n, *use) || coordinated_with_phrase(i, *use)) return use;
      }
    }
    return nullptr;
  }

  [[nodiscard]] bool in_phrase(std::size_t i, std::size_t n, const NonPlaceUse& use) const {
    const std::size_t b = use.before.size();
    const std::size_t a = use.after.size();
    if (i < b || i + n + a > words_.size()) return false;
    return words_match(i - b, use.before) && words_match(i + n, use.after) && joined_in_phrase(i - b, i + n + a - 1);
  }

  // "les accords de Matignon et de Nouméa", "de Matignon en 1988 puis de Nouméa":
  // a name joined by "et de", "ou de", "puis de" to a phrase ending in "de".
  [[nodiscard]] bool coordinated_with_phrase(std::size_t i, const NonPlaceUse& use) const {
    const std::size_t b = use.before.size();
    if (b < 2 || use.before.back() != "de" || !use.after.empty() || i < b + 3) return false;
    const std::string& conjunction = words_[i - 2].folded;
    if (!same_word(words_[i - 1].folded, "de") ||
        (conjunction != "et" && conjunction != "ou" && conjunction != "puis") || !joined_in_phrase(i - 2, i)) {
      return false;
    }
    constexpr std::size_t kLongestFirstName = 4;
    for (std::size_t length = 1; length <= kLongestFirstName && i >= b + 2 + length; ++length) {
      const std::size_t phrase_start = i - 2 - length - b;
      if (words_[phrase_start + b].capitalised && words_match(phrase_start, use.before) &&
          joined_in_phrase(phrase_start, phrase_start + b) && within_clause(phrase_start, i)) {
        return true;
      }
    }
    return false;
  }

  // The words at `start` are those of `phrase`.
  [[nodiscard]] bool words_match(std::size_t start, const std::vector<std::string>& phrase) const {
    for (std::size_t k = 0; k < phrase.size(); ++k) {
      if (!same_word(words_[start + k].folded, phrase[k])) return false;
    }
    return true;
  }

  // No sentence or parenthesis ends between the words at `a` and `b`.
  [[nodiscard]] bool within_clause(std::size_t a, std::size_t b) const {
    const std::string_view between = text_.substr(words_[a].end, words_[b].begin - words_[a].end);
    return between.find_first_of(".;:!?()") == std::string_view::npos;
  }

  // "la métropole de Rouen": the métropole its commune belongs to.
  [[nodiscard]] const GazetteerEntry* metropole_of(std::size_t i, std::size_t n, const Pattern& pattern) const {
    if (i < 2 || !significant_word(i, n).capitalised || !adjacent(i - 1, i) || !adjacent(i - 2, i - 1)) return nullptr;
    const std::string& preposition = words_[i - 1].folded;
    if (words_[i - 2].folded != "metropole" || (preposition != "de" && preposition != "d" && preposition != "du"))
      return nullptr;
    const Gazetteer& gazetteer = Gazetteer::embedded();
    const GazetteerEntry* found = nullptr;
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune || t.form == Form::ShortForm || t.entry->epci.empty()) continue;
      const GazetteerEntry* epci = gazetteer.find(Level::Epci, t.entry->epci);
      if (epci == nullptr || (" " + territory_name_key(epci->name) + " ").find(" metropole ") == std::string::npos)
        continue;
      if (found != nullptr && found != epci) return nullptr;
      found = epci;
    }
    return found;
  }

  [[nodiscard]] bool written_as_commune(std::size_t i, std::size_t n, const Pattern& pattern) const {
    if (commune_word_before(i)) return true;
    return std::any_of(pattern.targets.begin(), pattern.targets.end(), [&](const Target& t) {
      return t.entry->level == Level::Commune &&
             followed_by_departement(words_[i + n - 1].end, t.entry->departements.front());
    });
  }

  // "la commune de", "le maire d'", "conseil municipal de" before the name.
  [[nodiscard]] bool commune_word_before(std::size_t i) const {
    if (i < 2 || !adjacent(i - 1, i) || !adjacent(i - 2, i - 1)) return false;
    const std::string& preposition = words_[i - 1].folded;
    return (preposition == "de" || preposition == "d" || preposition == "du") && names_a_commune(words_[i - 2].folded);
  }

  // "les communes de Sillé-le-Guillaume, Saint-Ouen-de-Mimbré et Gesnes-le-Gandelin".
  [[nodiscard]] bool continues_commune_list(std::size_t i) const {
    const std::size_t end = commune_list_end_;
    if (end == 0 || end > i || i >= end + 2) return false;
    if (i == end) {
      const std::string_view gap = gap_before(i);
      return gap.find(',') != std::string_view::npos && gap.find_first_not_of(", ") == std::string_view::npos;
    }
    const std::string& conjunction = words_[end].folded;
    return (conjunction == "et" || conjunction == "ou") && adjacent(end - 1, end) && adjacent(end, i);
  }

  // "Ségur (Aveyron)", "Arques (62)".
  [[nodiscard]] bool followed_by_departement(std::size_t pos, const std::string& departement_code) const {
    const GazetteerEntry* departement = Gazetteer::embedded().find(Level::Departement, departement_code);
    if (departement == nullptr) return false;
    const std::optional<std::string> inside = parenthesis_after(pos);
    return inside &&
           (*inside == territory_name_key(departement_code) || *inside == territory_name_key(departement->name));
  }

  // The folded words in parentheses right after `pos`, when short.
  [[nodiscard]] std::optional<std::string> parenthesis_after(std::size_t pos) const {
    while (pos < text_.size() && text_[pos] == ' ') ++pos;
    if (pos >= text_.size() || text_[pos] != '(') return std::nullopt;
    const std::size_t close = text_.find(')', pos);
    if (close == std::string_view::npos || close - pos > 40) return std::nullopt;
    return territory_name_key(text_.substr(pos + 1, close - pos - 1));
  }

  // A word in capitals, not inside a title in capitals: "la CODAH", not "LA CASE DÉPART".
  [[nodiscard]] bool written_as_acronym(std::size_t i) const {
    const auto in_capitals = [&](std::size_t k) {
      const std::string_view raw = text_.substr(words_[k].begin, words_[k].end - words_[k].begin);
      return words_[k].capitalised && raw.size() >= 2 &&
             std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    };
    if (!in_capitals(i)) return false;
    return !(i > 0 && in_capitals(i - 1)) && !(i + 1 < words_.size() && in_capitals(i + 1));
  }

  // A capitalised word in running text, not a word of a title in capitals.
  [[nodiscard]] bool proper_noun_like(std::size_t k) const {
    if (!words_[k].capitalised) return false;
    const std::string_view raw = text_.substr(words_[k].begin, words_[k].end - words_[k].begin);
    return std::any_of(raw.begin() + 1, raw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  }

  // An ambiguous département or région name that only qualifies another name:
  // "Afrique du Nord", "Côtes du Rhône", "le Nord Lorrain".
  [[nodiscard]] bool part_of_another_name(std::size_t i, std::size_t n) const {
    if (i >= 2 && adjacent(i - 2, i - 1) && (words_[i - 1].folded == "du" || words_[i - 1].folded == "des") &&
        proper_noun_like(i - 2)) {
      const std::string& head = words_[i - 2].folded;
      if (head != "departement" && head != "region" && head != "prefecture" && head != "conseil") return true;
    }
    const std::size_t next = i + n;
    return next < words_.size() && gap_before(next) == " " && proper_noun_like(next);
  }

  // "Vienne (86)", "Vienne (1re circonscription)".
  [[nodiscard]] bool followed_by_code(std::size_t pos, std::string_view departement_code) const {
    if (departement_code.empty()) return false;
    const std::optional<std::string> inside = parenthesis_after(pos);
    if (!inside) return false;
    if (*inside == territory_name_key(departement_code)) return true;
    return !inside->empty() && inside->front() >= '0' && inside->front() <= '9' &&
           inside->find("circonscription") != std::string::npos;
  }

  std::string_view text_;
  std::vector<Word> words_;
  std::unordered_map<std::size_t, ListPart> list_parts_;
  // One past the last name written as a commune, for the list that may go on.
  std::size_t commune_list_end_ = 0;
};

Territory territory_of(const GazetteerEntry& entry) {
  return {entry.name, std::string(level_name(entry.level)), entry.code};
}

void add_once(std::vector<Territory>& list, const Territory& territory) {
  if (std::find(list.begin(), list.end(), territory) == list.end()) list.push_back(territory);
}

// The départements and régions named in the record settle the ambiguous communes.
constexpr std::uint32_t kRegionSettlesFrom = 5000;

void resolve(const Findings& findings, std::vector<Territory>& territories) {
  const auto silenced = [&](const Finding& f) {
    return !f.written_as_commune && findings.non_place_names.count(f.name) > 0;
  };
  std::unordered_set<std::string> departements;
  std::unordered_set<std::string> regions;
  for (const Territory& t : territories) {
    if (t.level == "departement") departements.insert(t.code);
    if (t.level == "region") regions.insert(t.code);
  }
  for (const Finding& f : findings.found) {
    if (!f.accepted || silenced(f)) continue;
    const GazetteerEntry* entry = f.candidates.front().entry;
    if (entry->level == Level::Departement) departements.insert(entry->code);
    if (entry->level == Level::Region) regions.insert(entry->code);
  }
  const Gazetteer& gazetteer = Gazetteer::embedded();
  const auto in_named_area = [&](const GazetteerEntry& commune, std::uint32_t region_settles_from) {
    const std::string& departement = commune.departements.front();
    if (departements.count(departement) > 0) return true;
    if (commune.population < region_settles_from) return false;
    const GazetteerEntry* region = gazetteer.region_of_departement(departement);
    return region != nullptr && regions.count(region->code) > 0;
  };
  for (const Finding& f : findings.found) {
    if (f.accepted && !silenced(f)) add_once(territories, territory_of(*f.candidates.front().entry));
  }
  for (const Finding& f : findings.found) {
    if (f.accepted || silenced(f)) continue;
    std::vector<const GazetteerEntry*> named;
    const GazetteerEntry* short_form = nullptr;
    for (const Candidate& c : f.candidates) {
      // A région is a wide area: it settles only towns of some size ("Le Plan", 441
      // inhabitants, is not meant by "du Plan" in a text about Occitanie).
      if (!in_named_area(*c.entry, kRegionSettlesFrom)) continue;
      if (!c.short_form) {
        named.push_back(c.entry);
      } else {
        short_form = c.entry;
      }
    }
    // A commune of that very name first; a short form when no other commune of
    // the area named so, at the level that settles it, is a tenth of its size:
    // "Hénin" is Hénin-Beaumont beside the village of Hénin-sur-Cojeul, but
    // "Roissy" in the Île-de-France may be Roissy-en-France as well as Roissy-en-Brie.
    if (named.empty() && short_form != nullptr) {
      const bool by_departement = departements.count(short_form->departements.front()) > 0;
      const auto& communes = name_index().communes_by_short_form(f.name);
      const bool rival = std::any_of(communes.begin(), communes.end(), [&](const GazetteerEntry* c) {
        const bool in_area = by_departement ? departements.count(c->departements.front()) > 0 : in_named_area(*c, 0);
        return c != short_form && in_area && 10 * std::uint64_t{c->population} >= short_form->population;
      });
      if (!rival) named.push_back(short_form);
    }
    for (const GazetteerEntry* commune : named) add_once(territories, territory_of(*commune));
  }
}

// "Vienne (1re circonscription)" -> "Vienne"; "La Réunion" -> "Réunion" is left to the name lookup.
std::string_view departement_of_constituency(std::string_view circonscription) {
  const std::size_t paren = circonscription.find(" (");
  return paren == std::string_view::npos ? circonscription : circonscription.substr(0, paren);
}

const GazetteerEntry* departement_named(std::string_view name) {
  std::string key = territory_name_key(name);
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const GazetteerEntry* entry : Gazetteer::embedded().named(key)) {
      if (entry->level == Level::Departement) return entry;
    }
    // "la Vienne", "les Landes".
    const std::size_t space = key.find(' ');
    if (space == std::string::npos || !is_article(std::string_view(key).substr(0, space))) break;
    key.erase(0, space + 1);
  }
  return nullptr;
}

}  // namespace

std::vector<Territory> find_territories(std::string_view text) {
  Findings findings;
  Matcher(text).run(findings);
  std::vector<Territory> territories;
  resolve(findings, territories);
  return territories;
}

void tag_territories(Record& record) {
  std::vector<Territory> territories = record.territoires;
  for (std::string_view name :
       {std::string_view(record.departement), departement_of_constituency(record.circonscription)}) {
    if (name.empty()) continue;
    if (const GazetteerEntry* d = departement_named(name)) {
      add_once(territories, territory_of(*d));
      if (const GazetteerEntry* region = Gazetteer::embedded().region_of_departement(d->code)) {
        add_once(territories, territory_of(*region));
      }
    }
  }
  Findings findings;
  for (const std::string* text : {&record.titre, &record.texte_question, &record.texte_reponse, &record.texte,
                                  &record.dispositif, &record.expose}) {
    if (!text->empty()) Matcher(*text).run(findings);
  }
  resolve(findings, territories);
  record.territoires = std::move(territories);
}

}  // namespace hemicycle::document
