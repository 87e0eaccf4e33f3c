#include "document/ministries.h"

#include <array>

#include "text/fold.h"

namespace hemicycle::document {
namespace {

struct Family {
  std::string_view name;
  // Folded words or phrases of the labels of its portfolios; the first family in
  // this order with one of them in the label wins (santé before solidarités, for
  // "Ministère des solidarités et de la santé"; intérieur before outre-mer, for
  // "Ministère de l'intérieur et des outre-mer"; outre-mer before mer).
  std::array<std::string_view, 8> keywords;
};

// Read off the ministries that answered the Assemblée's questions of the 15th and
// 16th législatures (attributaire labels of the open data).
constexpr std::array<Family, 20> kFamilies{{
    {"Santé", {"sante", "prevention"}},
    {"Solidarités et autonomie",
     {"solidarites", "personnes handicapees", "autonomie", "familles", "enfance", "personnes agees"}},
    {"Travail et emploi", {"travail", "emploi", "insertion", "retraites", "formation professionnelle"}},
    {"Économie et finances",
     {"economie", "finances", "comptes publics", "industrie", "petites et moyennes entreprises", "numerique",
      "artisanat", "consommation"}},
    {"Intérieur", {"interieur", "citoyennete"}},
    {"Outre-mer", {"outre mer"}},
    {"Justice", {"justice"}},
    {"Armées", {"armees", "anciens combattants", "memoire"}},
    {"Europe et affaires étrangères",
     {"affaires etrangeres", "affaires europeennes", "europe", "commerce exterieur", "francophonie", "tourisme"}},
    {"Éducation nationale", {"education nationale", "education prioritaire", "jeunesse", "service national"}},
    {"Enseignement supérieur et recherche", {"enseignement superieur", "recherche"}},
    {"Agriculture", {"agriculture", "alimentation", "alimentaire"}},
    {"Transition écologique",
     {"transition ecologique", "ecologie", "biodiversite", "transition energetique", "energie", "transports", "mer"}},
    {"Cohésion des territoires",
     {"cohesion des territoires", "collectivites territoriales", "ville", "logement", "ruralite"}},
    {"Culture", {"culture"}},
    {"Sports", {"sports", "jeux olympiques"}},
    {"Fonction publique", {"fonction publique", "fonction publiques"}},
    {"Relations avec le Parlement", {"relations avec le parlement", "porte parole", "renouveau democratique"}},
    {"Égalité femmes-hommes", {"egalite entre les femmes et les hommes", "discriminations", "diversite"}},
    {"Premier ministre", {"premier ministre", "premiere ministre"}},
}};

// The first family with a keyword among the words of `key` (a name_key).
std::string_view family_in(const std::string& key) {
  const std::string padded = " " + key + " ";
  for (const Family& family : kFamilies) {
    for (const std::string_view keyword : family.keywords) {
      if (!keyword.empty() && padded.find(" " + std::string(keyword) + " ") != std::string::npos) return family.name;
    }
  }
  return {};
}

}  // namespace

std::string ministry_family(std::string_view label) {
  const std::string key = text::name_key(label, {text::FoldOptions{}, false});
  if (key.empty()) return std::string(label);
  // The portfolio of a minister "chargé de …" is what follows, up to a further "auprès".
  for (const std::string_view charged : {" chargee ", " charge "}) {
    const std::size_t at = key.rfind(charged);
    if (at == std::string::npos) continue;
    if (const std::string_view family = family_in(key.substr(at + charged.size())); !family.empty()) {
      return std::string(family);
    }
  }
  if (const std::string_view family = family_in(key); !family.empty()) return std::string(family);
  return std::string(label);
}

}  // namespace hemicycle::document
