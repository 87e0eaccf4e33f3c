#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "document/dates.h"
#include "document/record.h"

namespace hemicycle::document {
namespace {

TEST(Dates, FrenchAndNumericForms) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"8 août 2023", "2023-08-08"},
      {"Question publiée au JO le : 8 août 2023, page 7334", "2023-08-08"},
      {"1er janvier 2020", "2020-01-01"},
      {"11 JUIN 2024", "2024-06-11"},
      {"3 Décembre 2019", "2019-12-03"},
      {"5 aout 2019", "2019-08-05"},
      {"12\u00a0juillet\u00a02023", "2023-07-12"},
      {"02/01/2023", "2023-01-02"},
      {"2023-07-12", "2023-07-12"},
      {"2022-07-13T00:00:00.000+02:00", "2022-07-13"},
      {"31/02/2023", ""},
      {"page 7334", ""},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_date(c.input), c.expected) << c.input;
}

TEST(Legislature, DerivedFromDate) {
  EXPECT_EQ(legislature_on("2023-07-12"), 16);
  EXPECT_EQ(legislature_on("2022-06-21"), 15);
  EXPECT_EQ(legislature_on("2022-06-22"), 16);
  EXPECT_EQ(legislature_on("2024-07-18"), 17);
  EXPECT_EQ(legislature_on("2019-03-05"), 15);
  EXPECT_EQ(legislature_on("1988-06-23"), 9);
  EXPECT_FALSE(legislature_on("1950-01-01"));
  EXPECT_FALSE(legislature_on("not a date"));
}

TEST(Record, CompleteDerivesUidStatusAndLegislature) {
  Record r;
  r.type = "QE";
  r.numero = "10824";
  r.date_publication = "2023-08-08";
  r.date_retrait = "2024-06-11";
  complete_record(r);
  EXPECT_EQ(r.legislature, 16);
  EXPECT_EQ(r.id, "QANR5L16QE10824");
  EXPECT_EQ(r.chambre, "AN");
  EXPECT_EQ(r.statut, "retire");

  Record answered;
  answered.type = "QG";
  answered.numero = "12";
  answered.legislature = 15;
  answered.date_reponse = "2017-07-19";
  complete_record(answered);
  EXPECT_EQ(answered.id, "QANR5L15QG12");
  EXPECT_EQ(answered.statut, "repondu");

  // Without an answer or a withdrawal: awaiting an answer while its législature
  // sits, unknown once it is over (the source has no answer, there may have been one).
  const auto completed = [](const char* type, const char* date_publication) {
    Record q;
    q.type = type;
    q.date_publication = date_publication;
    complete_record(q);
    return q;
  };
  const Record asked = completed("QE", "2025-01-14");
  EXPECT_EQ(asked.legislature, 17);
  EXPECT_EQ(asked.statut, "en_attente");
  const Record past = completed("QOSD", "2018-02-13");
  EXPECT_EQ(past.legislature, 15);
  EXPECT_EQ(past.statut, "inconnu");
  Record given;  // a status the source gives is kept
  given.type = "QE";
  given.legislature = 16;
  given.statut = "en_attente";
  complete_record(given);
  EXPECT_EQ(given.statut, "en_attente");

  Record amendment;
  amendment.type = "AMENDEMENT";
  amendment.date_publication = "2023-07-12";
  complete_record(amendment);
  EXPECT_EQ(amendment.legislature, 16);
  EXPECT_TRUE(amendment.statut.empty());
  EXPECT_TRUE(amendment.id.empty());
}

// Questions without a title (the scraped questions orales) are shown by what they ask about.
TEST(Record, AQuestionWithoutATitleHasTheSubjectOfItsOpening) {
  struct Case {
    const char* text;
    const char* subject;
  };
  const std::vector<Case> cases{
      {"Mme Clémentine Autain interroge M. le ministre d'État, ministre de la transition écologique et solidaire, "
       "sur la situation du Triangle de Gonesse. Cet espace naturel est menacé.",
       "La situation du Triangle de Gonesse"},
      {"M. Vincent Rolland attire l'attention de Mme la ministre chargée des transports, au sujet des dessertes en "
       "train des territoires de montagne. Les gares ferment.",
       "Les dessertes en train des territoires de montagne"},
      {"Mme Mathilde Panot attire l'attention de Mme la ministre des armées concernant la situation du Fort de "
       "Vaujours. Situé à une quinzaine de kilomètres de Paris…",
       "La situation du Fort de Vaujours"},
      {"M. X interroge M. le ministre sur état des routes.", "État des routes"},
      // Cut after kSubjectWords words, a comma before the cut dropped.
      {"M. X alerte Mme la ministre sur la baisse du nombre de postes d'enseignants bilingues du premier degré "
       "ouverts au concours, externe 2018 dans l'académie.",
       "La baisse du nombre de postes d'enseignants bilingues du premier degré ouverts au concours…"},
      // An initial or an abbreviation does not end the sentence.
      {"M. X interroge M. le ministre sur la déclaration de M. Dupont et de l'article L. 2334-1. Il demande…",
       "La déclaration de M. Dupont et de l'article L. 2334-1"},
      {"M. X interroge Mme la ministre au sujet du centre hospitalier d'Aubenas.\r\nLes urgences ferment.",
       "Le centre hospitalier d'Aubenas"},
      // Quotes kept when they open inside, the closing one dropped when they open before it.
      {"M. X alerte M. le ministre sur le dispositif « Ma Prime Rénov' » !", "Le dispositif « Ma Prime Rénov' »"},
      {"M. X interroge Mme la ministre « sur les urgences\u00a0».", "Les urgences"},
      // Not cut on a word leading to what was cut.
      {"M. X appelle l'attention de M. le ministre sur le devenir du centre hospitalier du Belvédère situé à "
       "Mont-Saint-Aignan dans la métropole de Rouen et de ses environs.",
       "Le devenir du centre hospitalier du Belvédère situé à Mont-Saint-Aignan dans la métropole…"},
      // No subject word in the opening: nothing made up.
      {"M. Thierry Robert interroge M. le ministre d'État. Depuis l'arrêt du Conseil d'État, les procédures…", ""},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(question_subject(c.text), c.subject) << c.text;

  Record oral;
  oral.type = "QOSD";
  oral.date_publication = "2018-02-13";
  oral.texte_question = cases[0].text;
  complete_record(oral);
  EXPECT_EQ(oral.sujet, "La situation du Triangle de Gonesse");
  EXPECT_EQ(to_json(oral).value("sujet", ""), oral.sujet);
  Record titled = oral;  // an official title (the analyse) leaves no room for a sujet
  titled.sujet.clear();
  titled.titre = "Triangle de Gonesse";
  complete_record(titled);
  EXPECT_TRUE(titled.sujet.empty());
}

TEST(Record, JsonRoundTripLeavesOutEmptyKeys) {
  Record r;
  r.id = "QANR5L16QE10824";
  r.type = "QE";
  r.legislature = 16;
  r.titre = "Avenir de l'usine";
  r.territoires.push_back({"Vienne", "departement", "86"});
  r.auteurs = {"M. Fournier", "Mme Chatelain"};
  const nlohmann::ordered_json json = to_json(r);
  EXPECT_EQ(json.dump(), R"({"id":"QANR5L16QE10824","type":"QE","legislature":16,"titre":"Avenir de l'usine",)"
                         R"("auteurs":["M. Fournier","Mme Chatelain"],)"
                         R"("territoires":[{"nom":"Vienne","niveau":"departement","code":"86"}]})");
  const Record back = record_from_json(json);
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.legislature, 16);
  EXPECT_EQ(back.territoires, r.territoires);
  EXPECT_EQ(back.auteurs, r.auteurs);
}

}  // namespace
}  // namespace hemicycle::document
