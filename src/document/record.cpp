#include "document/record.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <nlohmann/json.hpp>

#include "document/dates.h"

namespace hemicycle::document {
namespace {

// The string keys of the record, in the order of its JSON form.
using StringMember = std::string Record::*;
constexpr std::array<std::pair<const char*, StringMember>, 26> kHeadKeys{{
    {"id", &Record::id},
    {"type", &Record::type},
    {"chambre", &Record::chambre},
    {"numero", &Record::numero},
    {"titre", &Record::titre},
    {"sujet", &Record::sujet},
    {"tete_analyse", &Record::tete_analyse},
    {"rubrique", &Record::rubrique},
    {"auteur", &Record::auteur},
    {"groupe", &Record::groupe},
    {"groupe_sigle", &Record::groupe_sigle},
    {"circonscription", &Record::circonscription},
    {"departement", &Record::departement},
    {"ministere_interroge", &Record::ministere_interroge},
    {"ministere_attributaire", &Record::ministere_attributaire},
    {"repondant", &Record::repondant},
    {"date_publication", &Record::date_publication},
    {"date_reponse", &Record::date_reponse},
    {"date_retrait", &Record::date_retrait},
    {"date_mise_a_jour", &Record::date_mise_a_jour},
    {"statut", &Record::statut},
    {"cloture", &Record::cloture},
    {"texte_numero", &Record::texte_numero},
    {"texte_titre", &Record::texte_titre},
    {"article", &Record::article},
    {"organe_examen", &Record::organe_examen},
}};
constexpr std::array<std::pair<const char*, StringMember>, 8> kTailKeys{{
    {"sort", &Record::sort},
    {"date_sort", &Record::date_sort},
    {"texte_question", &Record::texte_question},
    {"texte_reponse", &Record::texte_reponse},
    {"texte", &Record::texte},
    {"dispositif", &Record::dispositif},
    {"expose", &Record::expose},
    {"source", &Record::source},
}};

struct LegislatureStart {
  const char* date;
  int number;
};

// Opening dates of the législatures of the Fifth Republic.
constexpr std::array<LegislatureStart, 17> kLegislatures{{
    {"1958-12-09", 1},
    {"1962-12-06", 2},
    {"1967-04-03", 3},
    {"1968-07-11", 4},
    {"1973-04-02", 5},
    {"1978-04-03", 6},
    {"1981-07-02", 7},
    {"1986-04-02", 8},
    {"1988-06-23", 9},
    {"1993-04-02", 10},
    {"1997-06-12", 11},
    {"2002-06-19", 12},
    {"2007-06-20", 13},
    {"2012-06-20", 14},
    {"2017-06-21", 15},
    {"2022-06-22", 16},
    {"2024-07-18", 17},
}};

bool is_question(const std::string& type) { return type == "QE" || type == "QG" || type == "QOSD"; }

}  // namespace

nlohmann::ordered_json to_json(const Record& record) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
  };
  for (const auto& [key, member] : kHeadKeys) {
    put(key, record.*member);
    if (std::string_view(key) == "chambre" && record.legislature) out["legislature"] = *record.legislature;
  }
  if (!record.auteurs.empty()) out["auteurs"] = record.auteurs;
  if (!record.territoires.empty()) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Territory& t : record.territoires) {
      list.push_back({{"nom", t.name}, {"niveau", t.level}, {"code", t.code}});
    }
    out["territoires"] = std::move(list);
  }
  for (const auto& [key, member] : kTailKeys) put(key, record.*member);
  return out;
}

Record record_from_json(const nlohmann::ordered_json& json) {
  Record record;
  if (!json.is_object()) return record;
  auto take = [&](const char* key, std::string& target) {
    if (auto it = json.find(key); it != json.end() && it->is_string()) target = it->get<std::string>();
  };
  for (const auto& [key, member] : kHeadKeys) take(key, record.*member);
  for (const auto& [key, member] : kTailKeys) take(key, record.*member);
  if (auto it = json.find("legislature"); it != json.end() && it->is_number_integer()) {
    record.legislature = it->get<int>();
  }
  if (auto it = json.find("auteurs"); it != json.end() && it->is_array()) {
    for (const auto& name : *it) {
      if (name.is_string()) record.auteurs.push_back(name.get<std::string>());
    }
  }
  if (auto it = json.find("territoires"); it != json.end() && it->is_array()) {
    for (const auto& t : *it) {
      if (!t.is_object()) continue;
      record.territoires.push_back({t.value("nom", ""), t.value("niveau", ""), t.value("code", "")});
    }
  }
  return record;
}

std::optional<int> legislature_on(const std::string& iso_date) {
  if (!is_iso_date(iso_date)) return std::nullopt;
  std::optional<int> found;
  for (const auto& start : kLegislatures) {
    if (iso_date >= start.date) found = start.number;
  }
  return found;
}

std::string an_question_uid(const Record& record) {
  if (!is_question(record.type) || !record.legislature || record.numero.empty()) return {};
  return "QANR5L" + std::to_string(*record.legislature) + record.type + record.numero;
}

const std::string& main_date(const Record& record) {
  if (!record.date_publication.empty()) return record.date_publication;
  return !record.date_reponse.empty() ? record.date_reponse : record.date_mise_a_jour;
}

namespace {

// Whether the ". " at `dot` ends a sentence, not an initial or an abbreviation
// ("M. Dupont", "l'article L. 2334-1", "n°. 12").
bool ends_sentence(std::string_view text, std::size_t dot) {
  const std::size_t space = dot == 0 ? std::string_view::npos : text.rfind(' ', dot - 1);
  const std::size_t word = space == std::string_view::npos ? 0 : space + 1;
  const std::string_view before = text.substr(word, dot - word);
  if (before.size() == 1 && before.front() >= 'A' && before.front() <= 'Z') return false;
  for (const std::string_view abbreviation : {"M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "St", "art", "cf", "n°"}) {
    if (before == abbreviation) return false;
  }
  return true;
}

// A word that leads on to the next: an article, a preposition, a conjunction, an elision.
bool leads_on(std::string_view word) {
  if (word.ends_with('\'') || word.ends_with("’")) return true;
  for (const std::string_view small :
       {"à",  "au",  "aux", "avec", "d",     "dans", "de",   "des",   "du",   "en",   "et",
        "la", "le",  "les", "leur", "leurs", "ou",   "par",  "pour",  "que",  "qui",  "sa",
        "se", "ses", "son", "sur",  "un",    "une",  "dont", "entre", "sans", "sous", "vers"}) {
    if (word == small) return true;
  }
  return false;
}

}  // namespace

std::string question_subject(std::string_view text) {
  // Where the subject begins, and what it begins with ("au sujet des aides" -> "les aides").
  struct Marker {
    std::string_view words;
    std::string_view article;
  };
  constexpr std::array<Marker, 6> kMarkers{{{" sur ", ""},
                                            {" au sujet des ", "les "},
                                            {" au sujet du ", "le "},
                                            {" au sujet de ", ""},
                                            {" au sujet d'", ""},
                                            {" concernant ", ""}}};
  // The opening names the asker, the verb and the minister: its marker comes early.
  constexpr std::size_t kOpening = 400;
  const std::string_view opening = text.substr(0, kOpening);
  std::size_t first = std::string_view::npos;  // the earliest marker; of two there, the longer
  std::size_t begin = 0;
  std::string subject;
  for (const Marker& marker : kMarkers) {
    const std::size_t at = opening.find(marker.words);
    if (at == std::string_view::npos || (first != std::string_view::npos && at >= first)) continue;
    first = at;
    begin = at + marker.words.size();
    subject = marker.article;
  }
  if (first == std::string_view::npos) return {};
  // To the end of the sentence: not at the point of "M. Dupont" or "l'article L. 2334-1".
  std::string_view rest = text.substr(begin);
  std::size_t end = rest.size();
  for (const std::string_view stop : {"? ", "! ", "\n", " ; "}) end = std::min(end, rest.find(stop));
  for (std::size_t dot = rest.find(". "); dot != std::string_view::npos && dot < end; dot = rest.find(". ", dot + 1)) {
    if (ends_sentence(rest, dot)) {
      end = dot;
      break;
    }
  }
  rest = rest.substr(0, end);
  // Without the punctuation, spaces and closing quote it ends with ("« sur les urgences »").
  const bool quoted = rest.find("«") != std::string_view::npos;
  while (!rest.empty()) {
    if (std::string_view(".,;:?! \t\r").find(rest.back()) != std::string_view::npos) {
      rest.remove_suffix(1);
    } else if (rest.ends_with("\u00a0") || (!quoted && rest.ends_with("»"))) {
      rest.remove_suffix(2);
    } else if (rest.ends_with("\u202f")) {
      rest.remove_suffix(3);
    } else {
      break;
    }
  }
  std::vector<std::string_view> words;
  for (std::size_t at = 0; at < rest.size() && words.size() <= kSubjectWords;) {
    const std::size_t space = std::min(rest.find(' ', at), rest.size());
    if (space > at) words.push_back(rest.substr(at, space - at));
    at = space + 1;
  }
  if (words.empty()) return {};
  const bool cut = words.size() > kSubjectWords;
  if (cut) {
    words.resize(kSubjectWords);
    // Not on a word that leads to what was cut ("… du centre de…").
    while (words.size() > 1 && leads_on(words.back())) words.pop_back();
  }
  for (std::size_t i = 0; i < words.size(); ++i) subject.append(i > 0 ? " " : "").append(words[i]);
  if (cut) {
    while (!subject.empty() && std::string_view(",;:").find(subject.back()) != std::string_view::npos) {
      subject.pop_back();
    }
    subject += "…";
  }
  // A capital, as a title has: "la situation" -> "La situation", "état" -> "État".
  int32_t offset = 0;
  UChar32 initial = 0;
  U8_NEXT(subject.data(), offset, static_cast<int32_t>(subject.size()), initial);
  if (initial < 0) return subject;
  const UChar32 upper = u_toupper(initial);
  if (upper == initial) return subject;
  char encoded[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(encoded, length, U8_MAX_LENGTH, upper, error);
  if (error) return subject;
  return std::string(encoded, static_cast<std::size_t>(length)) + subject.substr(static_cast<std::size_t>(offset));
}

void complete_record(Record& record) {
  // A press release (the government's, a prefecture's) belongs to no législature
  // unless its text names one; a parliamentary document to that of its date.
  if (!record.legislature && record.type != "COMMUNIQUE") {
    record.legislature = legislature_on(main_date(record));
  }
  if (is_question(record.type)) {
    if (record.chambre.empty()) record.chambre = "AN";
    if (record.id.empty()) record.id = an_question_uid(record);
    if (record.statut.empty()) {
      if (!record.date_reponse.empty() || !record.texte_reponse.empty()) {
        record.statut = "repondu";
      } else if (!record.date_retrait.empty()) {
        record.statut = "retire";
      } else if (record.legislature && *record.legislature < kLegislatures.back().number) {
        // Its législature is over, so it is no longer awaiting an answer: it was
        // answered, lapsed or withdrawn, and the source (a scraped page without the
        // answer) does not say which.
        record.statut = "inconnu";
      } else {
        record.statut = "en_attente";
      }
    }
    if (record.titre.empty() && record.sujet.empty()) record.sujet = question_subject(record.texte_question);
  }
}

}  // namespace hemicycle::document
