#pragma once
// The one document record every parser produces, whatever the source format.
// An empty string (or empty list, or absent legislature) means "the source does
// not have this value"; such keys are left out of the JSON form.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hemicycle::document {

// Record keys a search hit leaves out: the long texts (an extract, or the
// beginning of the answer, stands for them) and the source file path.
inline constexpr std::array<std::string_view, 6> kKeysLeftOutOfHits{"texte_question", "texte_reponse", "texte",
                                                                    "dispositif",     "expose",        "source"};

struct Territory {
  std::string name;   // as written officially: "Pyrénées-Orientales"
  std::string level;  // "commune", "epci", "departement", "region"
  std::string code;   // official code: "66" (département), "76" (région, INSEE code)

  friend bool operator==(const Territory&, const Territory&) = default;
};

struct Record {
  std::string id;       // official uid (QANR5L16QE10824, AMANR5L17...) or a stable derived id
  std::string type;     // QE, QG, QOSD, AMENDEMENT, COMMUNIQUE
  std::string chambre;  // "AN" for the Assemblée nationale
  std::optional<int> legislature;
  std::string numero;
  std::string titre;  // the analyse, for questions
  std::string sujet;  // of a question without a titre: what its text asks about (complete_record)
  std::string tete_analyse;
  std::string rubrique;
  std::string auteur;
  std::string groupe;
  std::string groupe_sigle;  // the group's official abbreviation ("RN", "LFI-NFP")
  std::string circonscription;
  std::string departement;
  std::string ministere_interroge;
  std::string ministere_attributaire;
  std::string repondant;         // the member of the government who answers a QG: "M. X, ministre de ..."
  std::string date_publication;  // ISO dates: YYYY-MM-DD
  std::string date_reponse;
  std::string date_retrait;
  std::string date_mise_a_jour;  // a page's "Mis à jour le": not its publication date
  std::string statut;            // repondu, en_attente, retire
  std::string cloture;           // the cause of the closure, e.g. "Fin de mandat"
  std::string texte_question;
  std::string texte_reponse;
  std::string texte;  // body of a document that is neither question nor amendment (press release)
  std::vector<Territory> territoires;

  // Amendments.
  std::string texte_numero;
  std::string texte_titre;
  std::string article;
  std::string sort;           // the outcome: Adopté, Rejeté, Irrecevable, Tombé, Retiré, Non soutenu, À discuter
  std::string date_sort;      // ISO date of the outcome (the open data's cycleDeVie.dateSort)
  std::string organe_examen;  // who examines it: "AN" (the séance) or a commission's code ("CION_FIN")
  std::vector<std::string> auteurs;
  std::string dispositif;
  std::string expose;

  // Where the record was read from: a path, with ":LINE" for JSON Lines/CSV.
  std::string source;
};

// The record as JSON, keys in the order of the struct, empty values left out.
[[nodiscard]] nlohmann::ordered_json to_json(const Record& record);
[[nodiscard]] Record record_from_json(const nlohmann::ordered_json& json);

// The date a record is dated by: the publication date, else the answer date
// (questions au gouvernement have no other).
[[nodiscard]] const std::string& main_date(const Record& record);

// Fills what can be derived from the rest: legislature from the date when absent,
// statut from the answer and withdrawal dates (a question of a past législature
// with neither is "inconnu", not "en_attente"), chambre, the AN uid of questions,
// and the sujet of a question without a titre (question_subject).
void complete_record(Record& record);

// What a question asks about, from its opening sentence: the words after the "sur"
// (or "au sujet de", "concernant") of "M. X attire l'attention de Mme la ministre
// de … sur la situation du Triangle de Gonesse." -> "La situation du Triangle de
// Gonesse", cut after kSubjectWords words with "…"; empty when the opening has none
// of those words. Shown as the title of questions that have none (the scraped
// questions orales sans débat); never indexed as one.
[[nodiscard]] std::string question_subject(std::string_view text);
inline constexpr std::size_t kSubjectWords = 14;

// The législature sitting on an ISO date (Fifth Republic, from the 8th on);
// nullopt before 1986-04-02 or for a malformed date.
[[nodiscard]] std::optional<int> legislature_on(const std::string& iso_date);

// QANR5L<legislature><type><numero> for AN questions; empty when a part is missing.
[[nodiscard]] std::string an_question_uid(const Record& record);

}  // namespace hemicycle::document
