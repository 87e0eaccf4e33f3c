#include "document/territories.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "document/gazetteer.h"
#include "text/fold.h"

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
// of a current one, and the current région.
struct FormerRegion {
  std::string_view name;
  std::string_view region_code;
  Mention mention;
};
constexpr std::array<FormerRegion, 19> kFormerRegions{{
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
}};

// Usual names of areas whose communes are exactly those of one EPCI (see data/gazetteer/README.md).
struct AreaAlias {
  std::string_view name;
  std::string_view epci_siren;
};
constexpr std::array<AreaAlias, 1> kAreaAliases{{{"Audomarois", "200069037"}}};

// Communes named like an everyday word, a company or a foreign city: only with
// their département or région named in the same record.
const std::unordered_set<std::string> kCommunesNeedingDepartement{
    "vienne", "orange",     "sens",    "bar",     "arques", "mars",   "plan",    "grand", "fleurs",  "lacs",
    "ger",    "saint jean", "bouches", "bagnols", "nord",   "france", "europe",  "union", "centre",  "charge",
    "cher",   "aide",       "avenir",  "ecole",   "mer",    "port",   "rue",     "ville", "lieu",    "pont",
    "val",    "mont",       "loire",   "seine",   "marne",  "somme",  "gironde", "meuse", "moselle", "eure",
    "orne",   "oise",       "ain",     "aube",    "aude",   "gard",   "lot",     "var",   "vendee",  "charente"};

// The EPCI type prefixes of the Etalab names and their long forms.
struct EpciType {
  std::string_view prefix;
  std::string_view long_form;
};
constexpr std::array<EpciType, 3> kEpciTypes{
    {{"CC ", "Communauté de communes "}, {"CA ", "Communauté d'agglomération "}, {"CU ", "Communauté urbaine "}}};

// How a way of writing relates to the territory it names.
enum class Form {
  Official,        // the name as in the gazetteer (or a former région, an area alias)
  ArticleDropped,  // "Havre" of "Le Havre", after "du"/"au"; "Andelys" after "des"/"aux"
  EpciCore,        // an EPCI name without its type: "Caen la Mer", "Pays de Saint-Omer"
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
};

bool is_article(std::string_view word) { return word == "le" || word == "la" || word == "les" || word == "l"; }

std::vector<std::string> key_words(std::string_view name) {
  std::vector<std::string> words;
  const std::string key = territory_name_key(name);
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string::npos) end = key.size();
    words.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

Mention mention_of(const GazetteerEntry& entry) {
  const auto& list =
      entry.level == Level::Region
          ? std::vector<std::string_view>(kRegionsNeedingContext.begin(), kRegionsNeedingContext.end())
          : std::vector<std::string_view>(kDepartementsNeedingContext.begin(), kDepartementsNeedingContext.end());
  return std::find(list.begin(), list.end(), entry.code) != list.end() ? Mention::NeedsContext : Mention::Plain;
}

// Every way of writing every territory, looked up by first folded word.
class NameIndex {
 public:
  explicit NameIndex(const Gazetteer& gazetteer) {
    for (const GazetteerEntry& entry : gazetteer.entries()) {
      switch (entry.level) {
        case Level::Region:
        case Level::Departement:
          add(entry.name, {&entry, Form::Official, mention_of(entry), {}});
          break;
        case Level::Epci:
          add_epci(entry);
          break;
        case Level::Commune:
          add_commune(entry);
          break;
      }
    }
    for (const auto& former : kFormerRegions) {
      add(former.name, {gazetteer.find(Level::Region, former.region_code), Form::Official, former.mention, {}});
    }
    for (const auto& alias : kAreaAliases) {
      add(alias.name, {gazetteer.find(Level::Epci, alias.epci_siren), Form::Official, Mention::Plain, {}});
    }
    // Names of several words by their first two ("la rochelle"): a text's common
    // words ("la", "saint") start hundreds of names, of which only these can match.
    for (const auto& pattern : patterns_) {
      const auto& words = pattern->words;
      if (words.size() == 1) {
        one_word_[words.front()] = pattern.get();
      } else {
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
  [[nodiscard]] const std::vector<const Pattern*>* starting_with(const std::string& first,
                                                                 const std::string& second) const {
    thread_local std::string key;
    pair_key(first, second, key);
    const auto it = by_first_two_words_.find(key);
    return it == by_first_two_words_.end() ? nullptr : &it->second;
  }
  // The name of the one word `word`; nullptr if none.
  [[nodiscard]] const Pattern* one_word(const std::string& word) const {
    const auto it = one_word_.find(word);
    return it == one_word_.end() ? nullptr : it->second;
  }

 private:
  void add_commune(const GazetteerEntry& entry) {
    std::vector<std::string> words = key_words(entry.name);
    add_words(words, {&entry, Form::Official, Mention::Plain, {}});
    if (words.size() > 1 && (words.front() == "le" || words.front() == "les")) {
      add_words({words.begin() + 1, words.end()},
                {&entry, Form::ArticleDropped, Mention::Plain, words.front() == "le" ? "le" : "les"});
    }
    if (words.front() == "saint" || words.front() == "sainte") {
      words.front() = words.front() == "saint" ? "st" : "ste";
      add_words(words, {&entry, Form::Official, Mention::Plain, {}});
    }
  }

  void add_epci(const GazetteerEntry& entry) {
    add(entry.name, {&entry, Form::Official, Mention::Plain, {}});
    std::string_view core = entry.name;
    for (const auto& type : kEpciTypes) {
      if (core.starts_with(type.prefix)) {
        core.remove_prefix(type.prefix.size());
        add(std::string(type.long_form) + std::string(core), {&entry, Form::Official, Mention::Plain, {}});
      }
    }
    if (const std::size_t paren = core.find(" ("); paren != std::string_view::npos) core = core.substr(0, paren);
    std::vector<std::string> words = key_words(core);
    // "du Cotentin", "de la Baie du Cotentin": the core starts after the preposition.
    while (!words.empty() && (words.front() == "de" || words.front() == "du" || words.front() == "des" ||
                              words.front() == "d" || is_article(words.front()))) {
      words.erase(words.begin());
    }
    if (words.size() >= 2 && words != key_words(entry.name))
      add_words(words, {&entry, Form::EpciCore, Mention::Plain, {}});
  }

  void add(std::string_view name, Target target) {
    std::vector<std::string> words = key_words(name);
    // "La Réunion" is matched on "Réunion", whose article is then its context.
    if (target.entry->level != Level::Commune && words.size() == 2 && words.front() == "la") words.erase(words.begin());
    add_words(std::move(words), target);
  }

  void add_words(std::vector<std::string> words, Target target) {
    if (words.empty()) return;
    std::string key;
    for (const auto& w : words) key.append(w).push_back(' ');
    auto [it, inserted] = pattern_by_key_.emplace(key, nullptr);
    if (inserted) {
      patterns_.push_back(std::make_unique<Pattern>(Pattern{std::move(words), {}}));
      it->second = patterns_.back().get();
    }
    auto& targets = it->second->targets;
    const bool known = std::any_of(targets.begin(), targets.end(),
                                   [&](const Target& t) { return t.entry == target.entry && t.form == target.form; });
    if (!known) targets.push_back(target);
  }

  std::vector<std::unique_ptr<Pattern>> patterns_;
  std::unordered_map<std::string, Pattern*> pattern_by_key_;
  std::unordered_map<std::string, std::vector<const Pattern*>> by_first_two_words_;
  std::unordered_map<std::string, const Pattern*> one_word_;

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

// A word of a text: its folded form and where it is in the original.
struct Word {
  std::string folded;
  std::size_t begin;
  std::size_t end;
  bool capitalised;
};

// The folded form of a word of letters and digits holding non-ASCII ones: its
// territory_name_key, which for one word is its fold.
std::string word_key(std::string_view word) { return text::fold(word, text::kLabelFold); }

// Words as runs of letters and digits; words of ASCII and Latin letters are
// folded without ICU, which is most of the cost on long texts.
std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
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

// A commune mention that needs its département or région named in the record:
// one of these communes (homonyms) is meant, or none.
using Ambiguous = std::vector<const GazetteerEntry*>;

struct Findings {
  std::vector<const GazetteerEntry*> accepted;
  std::vector<Ambiguous> ambiguous;
};

class Matcher {
 public:
  explicit Matcher(std::string_view text) : text_(text), words_(split_words(text)) {}

  void run(Findings& findings) const {
    for (std::size_t i = 0; i < words_.size();) {
      const std::size_t matched = match_at(i, findings);
      i += matched > 0 ? matched : 1;
    }
  }

 private:
  // Tries the longest names first; a name that only gives ambiguous communes
  // ("La Réunion" the village) yields to a shorter one the context accepts
  // ("Réunion" after "à La").
  std::size_t match_at(std::size_t i, Findings& findings) const {
    std::optional<std::pair<std::size_t, Ambiguous>> ambiguous;
    auto try_pattern = [&](const Pattern& pattern) {
      const std::size_t n = pattern.words.size();
      if (i + n > words_.size() || !spells(i, pattern) || inside_compound(i, n)) return false;
      Ambiguous communes;
      if (take(i, n, pattern, findings, communes)) return true;
      if (!communes.empty() && !ambiguous) ambiguous.emplace(n, std::move(communes));
      return false;
    };
    const NameIndex& names = name_index();
    if (i + 1 < words_.size()) {
      if (const auto* longer = names.starting_with(words_[i].folded, words_[i + 1].folded)) {
        for (const Pattern* pattern : *longer) {
          if (try_pattern(*pattern)) return pattern->words.size();
        }
      }
    }
    if (const Pattern* single = names.one_word(words_[i].folded); single != nullptr && try_pattern(*single)) return 1;
    if (!ambiguous) return 0;
    findings.ambiguous.push_back(std::move(ambiguous->second));
    // After an article, the rest may still name something else: "La Réunion".
    return is_article(words_[i].folded) ? 1 : ambiguous->first;
  }

  // Records what the words name and returns true, or fills `communes` with the
  // communes they may name if their département is in the record.
  bool take(std::size_t i, std::size_t n, const Pattern& pattern, Findings& findings, Ambiguous& communes) const {
    bool any = false;
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune && accepted_larger(i, n, t)) {
        findings.accepted.push_back(t.entry);
        any = true;
      }
    }
    // A département or région of that name wins over a commune: "la Vienne".
    if (any) return true;
    // Homonyms: a town of 10,000 or more that is ten times the others is the one meant
    // ("Saint-Omer" in the Pas-de-Calais, not the village of the Calvados).
    std::size_t homonyms = 0;
    std::uint32_t largest = 0;
    std::uint32_t second = 0;
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune) continue;
      ++homonyms;
      second = std::max(second, std::min(largest, t.entry->population));
      largest = std::max(largest, t.entry->population);
    }
    const bool dominant = homonyms > 1 && largest >= 10000 && largest >= 10 * std::uint64_t{second};
    for (const Target& t : pattern.targets) {
      if (t.entry->level != Level::Commune) continue;
      if (dominant && t.entry->population == largest) {
        if (commune_evidence(i, n, t, 1, pattern) == Evidence::Enough) {
          findings.accepted.push_back(t.entry);
          return true;
        }
      }
      switch (commune_evidence(i, n, t, homonyms, pattern)) {
        case Evidence::None:
          break;
        case Evidence::Enough:
          findings.accepted.push_back(t.entry);
          return true;
        case Evidence::NeedsDepartement:
          communes.push_back(t.entry);
          break;
      }
    }
    return false;
  }

  [[nodiscard]] bool accepted_larger(std::size_t i, std::size_t n, const Target& t) const {
    if (t.entry->level == Level::Epci) return t.form != Form::EpciCore || significant_word(i, n).capitalised;
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

  [[nodiscard]] Evidence commune_evidence(std::size_t i, std::size_t n, const Target& t, std::size_t homonyms,
                                          const Pattern& pattern) const {
    const Word& first = significant_word(i, n);
    std::size_t letters = 0;
    for (const auto& w : pattern.words) letters += w.size();
    if (!first.capitalised || letters < 3) return Evidence::None;
    const std::string_view before = i > 0 && adjacent(i - 1, i) ? std::string_view(words_[i - 1].folded) : "";
    const std::uint32_t population = t.entry->population;
    if (t.form == Form::ArticleDropped) {
      const bool contracted =
          t.dropped_article == "le" ? (before == "du" || before == "au") : (before == "des" || before == "aux");
      if (!contracted) return Evidence::None;
    }
    if (names_a_treaty(i)) return Evidence::None;
    std::string key;
    for (const auto& w : pattern.words) key.append(key.empty() ? "" : " ").append(w);
    // "L'Union" is the word "union" too: "l'Union européenne".
    const std::string key_without_article =
        pattern.words.size() > 1 && is_article(pattern.words.front()) ? key.substr(key.find(' ') + 1) : key;
    if (homonyms > 1 || kCommunesNeedingDepartement.count(key) > 0 ||
        kCommunesNeedingDepartement.count(key_without_article) > 0) {
      return Evidence::NeedsDepartement;
    }
    if (t.form == Form::ArticleDropped) return population >= 2000 ? Evidence::Enough : Evidence::NeedsDepartement;
    if (before == "a" && population >= 2000) return Evidence::Enough;
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
        std::string_view gap = text_.substr(words_[i + k - 1].end, words_[i + k].begin - words_[i + k - 1].end);
        if (gap == "-" || gap == " - ") continue;
        if (!only_spacing(gap)) return false;
      }
    }
    return true;
  }

  [[nodiscard]] bool inside_compound(std::size_t i, std::size_t n) const {
    const Word& first = words_[i];
    const Word& last = words_[i + n - 1];
    // Part of a longer compound that is not in the table: "Grande-Bretagne",
    // "Eure-Madrie-Seine", "agence Seine-Normandie".
    if (first.begin > 0 && text_[first.begin - 1] == '-') return true;
    return last.end < text_.size() && text_[last.end] == '-';
  }

  [[nodiscard]] bool preceded_by(std::size_t i, std::string_view word) const {
    return i > 0 && words_[i - 1].folded == word && adjacent(i - 1, i);
  }

  [[nodiscard]] bool adjacent(std::size_t a, std::size_t b) const {
    return only_spacing(text_.substr(words_[a].end, words_[b].begin - words_[a].end));
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

  // A treaty named after the city where it was signed: "l'accord de Paris".
  [[nodiscard]] bool names_a_treaty(std::size_t i) const {
    if (i < 2 || !adjacent(i - 2, i - 1) || !adjacent(i - 1, i)) return false;
    const std::string& preposition = words_[i - 1].folded;
    const std::string& noun = words_[i - 2].folded;
    return (preposition == "de" || preposition == "d") && (noun == "accord" || noun == "accords" || noun == "traite" ||
                                                           noun == "traites" || noun == "pacte" || noun == "protocole");
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
    return next < words_.size() &&
           text_.substr(words_[next - 1].end, words_[next].begin - words_[next - 1].end) == " " &&
           proper_noun_like(next);
  }

  // "Vienne (86)", "Vienne (1re circonscription)".
  [[nodiscard]] bool followed_by_code(std::size_t pos, std::string_view departement_code) const {
    if (departement_code.empty()) return false;
    while (pos < text_.size() && text_[pos] == ' ') ++pos;
    if (pos >= text_.size() || text_[pos] != '(') return false;
    const std::size_t close = text_.find(')', pos);
    if (close == std::string_view::npos || close - pos > 40) return false;
    const std::string inside = text::fold(text_.substr(pos + 1, close - pos - 1), text::kLabelFold);
    if (inside == text::fold(departement_code, text::kLabelFold)) return true;
    return !inside.empty() && inside.front() >= '0' && inside.front() <= '9' &&
           inside.find("circonscription") != std::string::npos;
  }

  std::string_view text_;
  std::vector<Word> words_;
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
  std::unordered_set<std::string> departements;
  std::unordered_set<std::string> regions;
  for (const Territory& t : territories) {
    if (t.level == "departement") departements.insert(t.code);
    if (t.level == "region") regions.insert(t.code);
  }
  for (const GazetteerEntry* entry : findings.accepted) {
    if (entry->level == Level::Departement) departements.insert(entry->code);
    if (entry->level == Level::Region) regions.insert(entry->code);
  }
  const Gazetteer& gazetteer = Gazetteer::embedded();
  const auto in_named_area = [&](const GazetteerEntry& commune) {
    const std::string& departement = commune.departements.front();
    if (departements.count(departement) > 0) return true;
    // A région is a wide area: it settles only towns of some size ("Le Plan", 441
    // inhabitants, is not meant by "du Plan" in a text about Occitanie).
    if (commune.population < kRegionSettlesFrom) return false;
    const GazetteerEntry* region = gazetteer.region_of_departement(departement);
    return region != nullptr && regions.count(region->code) > 0;
  };
  for (const GazetteerEntry* entry : findings.accepted) add_once(territories, territory_of(*entry));
  for (const Ambiguous& communes : findings.ambiguous) {
    for (const GazetteerEntry* commune : communes) {
      if (in_named_area(*commune)) add_once(territories, territory_of(*commune));
    }
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
