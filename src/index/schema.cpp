#include "index/schema.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>

#include "analysis/analyzer.h"
#include "document/dates.h"
#include "document/gazetteer.h"
#include "document/ministries.h"
#include "errors.h"
#include "index/varint.h"
#include "text/fold.h"
#include "text/hash.h"
#include "text/split.h"

namespace hemicycle::index {

using document::Record;

namespace {

// ---- What each field reads from a record ------------------------------------------------

void add(std::vector<std::string>& values, const std::string& value) {
  if (!value.empty()) values.push_back(value);
}

std::vector<std::string> one(const std::string& value) {
  std::vector<std::string> values;
  add(values, value);
  return values;
}

std::vector<std::string> titre_values(const Record& r) {
  std::vector<std::string> values;
  add(values, r.titre);
  add(values, r.tete_analyse);
  add(values, r.texte_titre);
  return values;
}

// The ministry that answers is the one a user files a question under; the facet
// counts its family, one value across governments (document/ministries.h).
std::string ministere_slot(const Record& r) {
  const std::string& label = !r.ministere_attributaire.empty() ? r.ministere_attributaire : r.ministere_interroge;
  return label.empty() ? label : document::ministry_family(label);
}

// The labels as written, and the facet's family, so that clicking a family finds what it counts.
std::vector<std::string> ministere_values(const Record& r) {
  std::vector<std::string> values;
  add(values, r.ministere_interroge);
  if (r.ministere_attributaire != r.ministere_interroge) add(values, r.ministere_attributaire);
  if (std::string family = ministere_slot(r); std::find(values.begin(), values.end(), family) == values.end()) {
    add(values, family);
  }
  return values;
}

// A rubrique written with a capital in some sources ("Industrie") counts with "industrie".
std::string rubrique_slot(const Record& r) { return text::lower(r.rubrique); }

std::vector<std::string> territoire_values(const Record& r) {
  std::vector<std::string> values;
  for (const auto& t : r.territoires) add(values, t.name);
  return values;
}

// Everyone who signed: the author (an amendment's first signatory) and the cosignatories.
std::vector<std::string> signataire_values(const Record& r) {
  std::vector<std::string> values;
  add(values, r.auteur);
  for (const auto& a : r.auteurs) {
    if (a != r.auteur) add(values, a);
  }
  return values;
}

// A group by its name and by its abbreviation (groupe:RN, groupe:"Rassemblement national").
std::vector<std::string> groupe_values(const Record& r) {
  std::vector<std::string> values;
  add(values, r.groupe);
  if (r.groupe_sigle != r.groupe) add(values, r.groupe_sigle);
  return values;
}

// Where an amendment is examined: in séance ("AN") or in a commission (its code).
std::string examen_slot(const Record& r) {
  if (r.organe_examen.empty()) return {};
  return r.organe_examen == "AN" ? "séance" : "commission";
}

std::vector<std::string> examen_values(const Record& r) {
  std::vector<std::string> values;
  add(values, examen_slot(r));
  if (r.organe_examen != "AN") add(values, r.organe_examen);
  return values;
}

// The territories named, then those that contain them (level marked with
// kImpliedLevel), so that the département and région facets count what the
// filter of the same value finds: a document about Caen counts for Calvados.
std::string territoire_slot(const Record& r) {
  std::vector<document::Territory> territories = r.territoires;
  for (document::Territory& containing : containing_territories(r)) {
    containing.level.insert(0, 1, kImpliedLevel);
    territories.push_back(std::move(containing));
  }
  return encode_territories(territories);
}

std::string legislature_slot(const Record& r) { return r.legislature ? std::to_string(*r.legislature) : ""; }

std::string annee_slot(const Record& r) {
  const std::string& date = document::main_date(r);
  return document::is_iso_date(date) ? date.substr(0, 4) : "";
}

std::string date_slot(const Record& r) { return date_value(document::main_date(r)); }

// A bill's number as the Assemblée writes it, "324", though a reference may
// write it "0324": the same value for the facet, the filter and the amendment key.
std::string without_leading_zeros(std::string number) {
  if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) return number;
  number.erase(0, std::min(number.find_first_not_of('0'), number.size() - 1));
  return number;
}

// The bill an amendment is tabled on, by its number: "PIONANR5L17B1105" (the
// open data's texteLegislatifRef) -> "1105", and a text adopted in commission
// "PIONANR5L17BTC1364" -> "1364" (the Assemblée numbers its documents in one
// series); a number as written stays as it is.
std::string texte_number(const Record& r) {
  const std::string& ref = r.texte_numero;
  const std::size_t b = ref.find_last_of('B');
  if (b == std::string::npos || b + 1 == ref.size()) return without_leading_zeros(ref);
  std::size_t digits = b + 1;
  while (digits < ref.size() && ref[digits] >= 'A' && ref[digits] <= 'Z') ++digits;
  if (digits == ref.size() || digits - b > 3) return ref;  // B, BTC: at most two letters after the B
  const std::string number = ref.substr(digits);
  return number.find_first_not_of("0123456789") == std::string::npos ? without_leading_zeros(number) : ref;
}

}  // namespace

std::string pair_term(std::string_view word, std::string_view next, Xapian::termpos distance) {
  if (distance < 1 || distance > kMaxPairGap) return {};
  if (kPairPrefix.size() + 2 + word.size() + next.size() > kMaxTermBytes) return {};
  std::string term(kPairPrefix);
  term += static_cast<char>('0' + distance);
  term += word;
  term += ' ';
  term += next;
  return term;
}

namespace {

// The pair words, sorted bytewise, each with its place in that order, and the rows
// of data/phrase_pairs/frequent_pairs.txt by the place of their word.
// The places are found by open addressing on the words' FNV-1a hash: each
// analysed word of every indexed text is looked up, and a node-based map's
// hashing, division and pointer chasing were a twentieth of building a document.
struct PairWords {
  std::vector<std::string_view> sorted;
  std::vector<std::uint32_t> slots;             // place + 1 (0: empty), a power of two of them
  std::vector<std::string_view> frequent_rows;  // hexadecimal digits; empty for a word without a row

  [[nodiscard]] std::optional<std::size_t> place(std::string_view word) const {
    const std::size_t mask = slots.size() - 1;
    for (std::size_t slot = text::fnv1a(word) & mask;; slot = (slot + 1) & mask) {
      if (slots[slot] == 0) return std::nullopt;
      if (sorted[slots[slot] - 1] == word) return slots[slot] - 1;
    }
  }
  void insert(std::size_t place) {
    const std::size_t mask = slots.size() - 1;
    std::size_t slot = text::fnv1a(sorted[place]) & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = static_cast<std::uint32_t>(place + 1);
  }
};

const PairWords& pair_words() {
  static const PairWords words = [] {
    PairWords listed;
    for (const std::string_view line : text::split(common_words(), '\n')) {
      if (!line.empty() && !line.starts_with('#')) listed.sorted.push_back(line);
    }
    std::sort(listed.sorted.begin(), listed.sorted.end());
    listed.sorted.erase(std::unique(listed.sorted.begin(), listed.sorted.end()), listed.sorted.end());
    listed.slots.assign(std::bit_ceil(4 * listed.sorted.size() + 1), 0);  // at most a quarter full
    for (std::size_t i = 0; i < listed.sorted.size(); ++i) listed.insert(i);
    listed.frequent_rows.resize(listed.sorted.size());
    for (const std::string_view line : text::split(frequent_pairs(), '\n')) {
      if (line.empty() || line.starts_with('#')) continue;
      const std::size_t space = line.find(' ');
      if (space == std::string_view::npos) continue;
      if (const auto found = listed.place(line.substr(0, space))) listed.frequent_rows[*found] = line.substr(space + 1);
    }
    return listed;
  }();
  return words;
}

int hex_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  return 0;
}

std::string pairs_marker(std::string_view prefix, bool with_frequent_pairs) {
  const PairWords& words = pair_words();
  std::string listed;  // the data alone: the comments may change without changing the pairs
  for (std::size_t i = 0; i < words.sorted.size(); ++i) {
    listed.append(words.sorted[i]);
    if (with_frequent_pairs) listed.append(" ").append(words.frequent_rows[i]);
    listed.append("\n");
  }
  return std::string(prefix) + text::fnv1a_hex(listed).substr(0, 8);
}

}  // namespace

std::optional<std::size_t> pair_word_place(std::string_view term) { return pair_words().place(term); }

bool is_pair_word(std::string_view term) { return pair_word_place(term).has_value(); }

bool is_frequent_pair(std::size_t word, std::size_t next) {
  const PairWords& words = pair_words();
  if (word >= words.frequent_rows.size()) return false;
  const std::string_view row = words.frequent_rows[word];
  if (next / 4 >= row.size()) return false;
  return ((hex_value(row[next / 4]) >> (3 - next % 4)) & 1) != 0;
}

bool is_frequent_pair(std::string_view word, std::string_view next) {
  const auto first = pair_word_place(word);
  const auto second = pair_word_place(next);
  return first && second && is_frequent_pair(*first, *second);
}

const std::string& pair_words_indexed_term() {
  static const std::string term = pairs_marker("XPAIRC", false);
  return term;
}

const std::string& pairs_indexed_term() {
  static const std::string term = pairs_marker("XPAIRF", true);
  return term;
}

std::vector<std::string_view> pair_words_in_order() { return pair_words().sorted; }

std::string amendment_key_term(const Record& r) {
  if (r.type != "AMENDEMENT" || !r.legislature || r.numero.empty()) return {};
  const std::string bill = texte_number(r);
  if (bill.empty() || bill.find_first_not_of("0123456789") != std::string::npos) return {};
  // "1370", "I-1967", "CE12"; a rectified one ("1370 (Rect)") is the same amendment.
  std::string number = r.numero.substr(0, r.numero.find(' '));
  for (char& c : number) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return std::string(kAmendmentKeyPrefix) + std::to_string(*r.legislature) + "/" + bill + "/" + number;
}

namespace {

constexpr std::array kFieldTable{
    // name, label, kind, text prefix, exact prefix, boost, precedent boost, slot, facet, values, slot value.
    // Boosts, chosen with bench/evaluate (bench/eval/README.md). Search: titre 3,
    // rubrique 2, ministère and territoire 1.5. Precedents: a draft shares many words
    // with a precedent's text, and every extra weight on its field matches lowers
    // nDCG@10 on the tuning half (max_df_ratio 0.5: titre 1 and the others 1, 0.527;
    // titre 1 alone, 0.536; titre 0.5 alone, 0.524).
    Field{"titre", "Titre", FieldKind::Text, "S", "", 3.0, 1.0, std::nullopt, Facet::None, titre_values, nullptr},
    Field{"rubrique", "Rubrique", FieldKind::Text, "XR", "XRUB", 2.0, 0, 4, Facet::Values,
          [](const Record& r) { return one(r.rubrique); }, rubrique_slot},
    Field{"ministere", "Ministère", FieldKind::Text, "XM", "XMIN", 1.5, 0, 5, Facet::Values, ministere_values,
          ministere_slot},
    Field{"territoire", "Territoire", FieldKind::Territory, "XT", "XTER", 1.5, 0, 8, Facet::Territories,
          territoire_values, territoire_slot},
    Field{"legislature", "Législature", FieldKind::Keyword, "", "XLEG", 0, 0, 2, Facet::Values,
          [](const Record& r) { return one(legislature_slot(r)); }, legislature_slot},
    Field{"annee", "Année", FieldKind::Keyword, "", "Y", 0, 0, 7, Facet::Values,
          [](const Record& r) { return one(annee_slot(r)); }, annee_slot},
    Field{"type", "Type", FieldKind::Keyword, "", "XTYPE", 0, 0, 3, Facet::Values,
          [](const Record& r) { return one(r.type); }, [](const Record& r) { return r.type; }},
    Field{"statut", "Statut", FieldKind::Keyword, "", "XSTAT", 0, 0, 6, Facet::Values,
          [](const Record& r) { return one(r.statut); }, [](const Record& r) { return r.statut; }},
    Field{"texte", "Texte", FieldKind::Keyword, "", "XTXT", 0, 0, 11, Facet::Values,
          [](const Record& r) { return one(texte_number(r)); }, texte_number, without_leading_zeros},
    Field{"sort", "Sort", FieldKind::Keyword, "", "XSORT", 0, 0, 12, Facet::Values,
          [](const Record& r) { return one(r.sort); }, [](const Record& r) { return r.sort; }},
    Field{"examen", "Examen", FieldKind::Keyword, "", "XEXAM", 0, 0, 13, Facet::Values, examen_values, examen_slot},
    // The article or division an amendment amends ("Article 3 bis", "Après l'article 9"):
    // article:3 finds its words, article:"article 3 bis" the whole designation.
    Field{"article", "Article", FieldKind::Text, "XAR", "XARTI", 0, 0, std::nullopt, Facet::None,
          [](const Record& r) { return one(r.article); }, nullptr},
    // The author: a question's, an amendment's first signatory.
    Field{"auteur", "Auteur", FieldKind::Text, "A", "XAUT", 0, 0, std::nullopt, Facet::None,
          [](const Record& r) { return one(r.auteur); }, nullptr},
    // Everyone who signed: an amendment has 25 signatories on average, whose words were
    // 3.7 million postings of the corpus's 21 million.
    Field{"signataire", "Signataire", FieldKind::Names, "", "XSIGN", 0, 0, std::nullopt, Facet::None, signataire_values,
          nullptr},
    Field{"groupe", "Groupe", FieldKind::Text, "XG", "XGRP", 0, 0, std::nullopt, Facet::None, groupe_values, nullptr},
    Field{"numero", "Numéro", FieldKind::Keyword, "", "XNUM", 0, 0, std::nullopt, Facet::None,
          [](const Record& r) { return one(r.numero); }, nullptr},
    Field{"id", "Identifiant", FieldKind::Keyword, "", kIdPrefix, 0, 0, std::nullopt, Facet::None,
          [](const Record& r) { return one(r.id); }, nullptr},
    // The publication date, else the answer date (questions au gouvernement have no other).
    Field{"date", "Date", FieldKind::Date, "", "", 0, 0, 0, Facet::None, nullptr, date_slot},
    Field{"reponse", "Date de réponse", FieldKind::Date, "", "", 0, 0, 1, Facet::None, nullptr,
          [](const Record& r) { return date_value(r.date_reponse); }},
    // When an amendment's outcome was decided (adopted, rejected, declared irrecevable…).
    Field{"decision", "Date du sort", FieldKind::Date, "", "", 0, 0, 18, Facet::None, nullptr,
          [](const Record& r) { return date_value(r.date_sort); }},
};

std::string names_of(bool ranked_only) {
  std::string names;
  for (const Field& f : kFields) {
    if (ranked_only && !f.ranked()) continue;
    names.append(names.empty() ? "" : ", ").append(f.name);
  }
  return names;
}

}  // namespace

const std::span<const Field> kFields{kFieldTable};

const Field* find_field(std::string_view name) {
  for (const Field& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Field& field(std::string_view name) {
  const Field* found = find_field(name);
  if (found == nullptr) throw std::logic_error("no field named " + std::string(name));
  return *found;
}

std::string field_names() { return names_of(false); }

std::string ranked_field_names() { return names_of(true); }

const std::vector<FacetDescription>& facets() {
  static const std::vector<FacetDescription> list = [] {
    std::vector<FacetDescription> described;
    for (const Field& f : kFields) {
      if (f.facet == Facet::None) continue;
      described.push_back({std::string(f.name), std::string(f.label), f.name});
      if (f.facet == Facet::Territories) {
        described.push_back({"departement", "Département", f.name});
        described.push_back({"region", "Région", f.name});
      }
    }
    return described;
  }();
  return list;
}

const std::vector<std::string>& facet_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const FacetDescription& facet : facets()) list.push_back(facet.name);
    return list;
  }();
  return names;
}

std::string exact_term(const analysis::FrenchAnalyzer& analyzer, const Field& f, std::string_view value) {
  std::string term(f.exact_prefix);
  if (f.exact_prefix == kIdPrefix) {
    term += value;
  } else {
    term += analyzer.fold(f.filter_value != nullptr ? f.filter_value(std::string(value)) : std::string(value));
  }
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  return term;
}

std::string territory_code_term(std::string_view level, std::string_view code) {
  static const std::string_view prefix = field("territoire").exact_prefix;
  std::string term(prefix);
  if (!level.empty()) term += level.front();
  term += code;
  return term;
}

namespace {

// The body texts in indexing order; their keys' indexes are stored (kTextLayoutSlot):
// append, never reorder.
constexpr std::array<std::pair<std::string_view, std::string Record::*>, 14> kBodyTexts{{
    {"titre", &Record::titre},
    {"tete_analyse", &Record::tete_analyse},
    {"rubrique", &Record::rubrique},
    {"texte_titre", &Record::texte_titre},
    {"article", &Record::article},
    {"texte_question", &Record::texte_question},
    {"texte_reponse", &Record::texte_reponse},
    {"texte", &Record::texte},
    {"dispositif", &Record::dispositif},
    {"expose", &Record::expose},
    {"ministere_interroge", &Record::ministere_interroge},
    {"ministere_attributaire", &Record::ministere_attributaire},
    {"auteur", &Record::auteur},
    {"groupe", &Record::groupe},
}};

constexpr std::string_view kLayout = "a stored text layout";

}  // namespace

std::vector<KeyedText> keyed_body_texts(const Record& r) {
  std::vector<KeyedText> texts;
  for (const auto& [key, member] : kBodyTexts) {
    if (!(r.*member).empty()) texts.push_back({key, r.*member});
  }
  return texts;
}

std::vector<std::string_view> body_texts(const Record& r) {
  std::vector<std::string_view> texts;
  for (const KeyedText& keyed : keyed_body_texts(r)) texts.push_back(keyed.text);
  return texts;
}

std::string encode_text_layout(const std::vector<TextLayout>& texts) {
  std::string out;
  for (const TextLayout& text : texts) {
    const auto known =
        std::find_if(kBodyTexts.begin(), kBodyTexts.end(), [&](const auto& body) { return body.first == text.key; });
    if (known == kBodyTexts.end()) throw IndexError("no body text is named '" + text.key + "'");
    out += static_cast<char>(known - kBodyTexts.begin());
    put_varint(out, text.base);
    put_varint(out, text.tokens);
    put_varint(out, text.checkpoints.size());
    std::uint32_t previous = 0;
    for (const std::uint32_t offset : text.checkpoints) {
      put_varint(out, offset - previous);
      previous = offset;
    }
  }
  return out;
}

std::vector<TextLayout> decode_text_layout(std::string_view value) {
  std::vector<TextLayout> texts;
  std::size_t at = 0;
  while (at < value.size()) {
    const auto key = static_cast<unsigned char>(value[at++]);
    if (key >= kBodyTexts.size()) throw IndexError("a stored text layout names an unknown text");
    TextLayout text;
    text.key = std::string(kBodyTexts[key].first);
    text.base = get_varint(value, at, kLayout);
    text.tokens = get_varint(value, at, kLayout);
    const std::uint32_t count = get_varint(value, at, kLayout);
    if (count > value.size() - at) throw IndexError("a stored text layout is malformed");
    std::uint32_t offset = 0;
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t delta = get_varint(value, at, kLayout);
      if (delta == 0 || offset > UINT32_MAX - delta) throw IndexError("a stored text layout is malformed");
      offset += delta;
      text.checkpoints.push_back(offset);
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

std::string encode_facet_values(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    put_varint(out, value.size());
    out += value;
  }
  return out;
}

std::vector<std::string_view> decode_facet_values(std::string_view value) {
  constexpr std::string_view kWhat = "a stored set of facet values";
  std::vector<std::string_view> values;
  std::size_t at = 0;
  while (at < value.size()) {
    const std::uint32_t size = get_varint(value, at, kWhat);
    if (size > value.size() - at) throw IndexError(std::string(kWhat) + " is cut short");
    values.push_back(value.substr(at, size));
    at += size;
  }
  return values;
}

std::vector<std::string_view> asked_texts(const Record& r) {
  std::vector<std::string_view> texts;
  for (const std::string* text : {&r.titre, &r.texte_question, &r.texte, &r.dispositif, &r.expose}) {
    if (!text->empty()) texts.emplace_back(*text);
  }
  return texts;
}

std::string encode_term_frequencies(const TermFrequencies& sorted) {
  std::string out;
  std::string_view previous;
  for (const auto& [term, frequency] : sorted) {
    const std::size_t limit = std::min({previous.size(), term.size(), std::size_t{255}});
    std::size_t shared = 0;
    while (shared < limit && previous[shared] == term[shared]) ++shared;
    const std::size_t rest = std::min(term.size() - shared, std::size_t{255});
    out += static_cast<char>(shared);
    out += static_cast<char>(rest);
    out.append(term, shared, rest);
    put_varint(out, frequency);
    previous = term;
  }
  return out;
}

TermFrequencies decode_term_frequencies(std::string_view value) {
  TermFrequencies terms;
  std::size_t at = 0;
  auto byte = [&]() -> unsigned char {
    if (at >= value.size()) throw IndexError("a stored term list is cut short");
    return static_cast<unsigned char>(value[at++]);
  };
  while (at < value.size()) {
    const std::size_t shared = byte();
    const std::size_t rest = byte();
    if (shared > (terms.empty() ? 0 : terms.back().first.size()) || at + rest > value.size())
      throw IndexError("a stored term list is malformed");
    std::string term = terms.empty() ? std::string() : terms.back().first.substr(0, shared);
    term.append(value.substr(at, rest));
    at += rest;
    terms.emplace_back(std::move(term), get_varint(value, at, "a stored term list"));
  }
  return terms;
}

std::vector<document::Territory> containing_territories(const Record& r) {
  std::vector<document::Territory> containing;
  const auto known = [&](const document::GazetteerEntry& entry) {
    const auto same = [&](const document::Territory& t) {
      return t.code == entry.code && t.level == document::level_name(entry.level);
    };
    return std::any_of(r.territoires.begin(), r.territoires.end(), same) ||
           std::any_of(containing.begin(), containing.end(), same);
  };
  const auto& gazetteer = document::Gazetteer::embedded();
  for (const auto& territory : r.territoires) {
    const auto level = document::level_named(territory.level);
    const document::GazetteerEntry* entry = level ? gazetteer.find(*level, territory.code) : nullptr;
    if (entry == nullptr) continue;
    for (const document::GazetteerEntry* ancestor : gazetteer.ancestors(*entry)) {
      if (!known(*ancestor)) {
        containing.push_back({ancestor->name, std::string(document::level_name(ancestor->level)), ancestor->code});
      }
    }
  }
  return containing;
}

std::string date_value(std::string_view iso_date) {
  if (!document::is_iso_date(iso_date)) return {};
  std::string value;
  value.reserve(8);
  value.append(iso_date.substr(0, 4)).append(iso_date.substr(5, 2)).append(iso_date.substr(8, 2));
  return value;
}

std::string encode_territories(const std::vector<document::Territory>& territories) {
  std::string value;
  for (const auto& t : territories) {
    if (!value.empty()) value += '\n';
    value.append(t.level).append(1, '\t').append(t.code).append(1, '\t').append(t.name);
  }
  return value;
}

std::vector<TerritoryView> decode_territories(std::string_view value) {
  std::vector<TerritoryView> territories;
  while (!value.empty()) {
    const std::size_t end = value.find('\n');
    const std::string_view line = value.substr(0, end);
    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 != std::string_view::npos) {
      territories.push_back({line.substr(tab2 + 1), line.substr(0, tab1), line.substr(tab1 + 1, tab2 - tab1 - 1)});
    }
    if (end == std::string_view::npos) break;
    value.remove_prefix(end + 1);
  }
  return territories;
}

}  // namespace hemicycle::index
