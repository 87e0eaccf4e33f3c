#include "document/record.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "document/dates.h"

namespace hemicycle::document {
namespace {

// The string keys of the record, in the order of its JSON form.
using StringMember = std::string Record::*;
constexpr std::array<std::pair<const char*, StringMember>, 25> kHeadKeys{{
    {"id", &Record::id},
    {"type", &Record::type},
    {"chambre", &Record::chambre},
    {"numero", &Record::numero},
    {"titre", &Record::titre},
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
  }
}

}  // namespace hemicycle::document
