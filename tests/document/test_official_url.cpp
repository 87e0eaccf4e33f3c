// The official page of a record: built from its uid and législature, for the
// Assemblée's questions and amendments only.

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "document/official_url.h"

namespace {

using hemicycle::document::add_official_url;
using hemicycle::document::official_url;
using Json = nlohmann::ordered_json;

struct UrlCase {
  const char* record;  // JSON
  const char* url;
};

const UrlCase kCases[] = {
    {R"({"id": "QANR5L16QE10824", "type": "QE", "legislature": 16, "numero": "10824"})",
     "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE10824"},
    {R"({"id": "QANR5L15QG1234", "type": "QG", "legislature": 15, "numero": "1234"})",
     "https://www.assemblee-nationale.fr/dyn/15/questions/QANR5L15QG1234"},
    {R"({"id": "QANR5L15QOSD12", "type": "QOSD", "legislature": 15, "numero": "12"})",
     "https://www.assemblee-nationale.fr/dyn/15/questions/QANR5L15QOSD12"},
    // Before the 15th législature, the questions' own site.
    {R"({"id": "QANR5L14QE96453", "type": "QE", "legislature": 14, "numero": "96453"})",
     "https://questions.assemblee-nationale.fr/q14/14-96453QE.htm"},
    {R"({"id": "AMANR5L17PO59051B1105P0D1N000042", "type": "AMENDEMENT", "legislature": 17, "numero": "CL42",
         "organe_examen": "CION_LOIS"})",
     "https://www.assemblee-nationale.fr/dyn/17/amendements/1105/CION_LOIS/CL42"},
    // In séance, and the bill's number as the uid writes it.
    {R"({"id": "AMANR5L16PO717460B0257P0D1N000014", "type": "AMENDEMENT", "legislature": 16, "numero": "14",
         "organe_examen": "AN"})",
     "https://www.assemblee-nationale.fr/dyn/16/amendements/0257/AN/14"},
    // The first part of a budget bill: the bill's number followed by A.
    {R"({"id": "AMANR5L17PO717460B0324P0D1N000777", "type": "AMENDEMENT", "legislature": 17, "numero": "I-CF12",
         "organe_examen": "CION_FIN"})",
     "https://www.assemblee-nationale.fr/dyn/17/amendements/0324A/CION_FIN/CF12"},
    // Rectified: the page of its number.
    {R"j({"id": "AMANR5L17PO838901B1906P1D1N000723", "type": "AMENDEMENT", "legislature": 17,
          "numero": "I-723 (Rect)", "organe_examen": "AN"})j",
     "https://www.assemblee-nationale.fr/dyn/17/amendements/1906A/AN/723"},
    // On a text adopted in commission (BTC1966): the bill's number, as the Assemblée's uid gives it.
    {R"({"id": "AMANR5L17PO59047BTC1966P0D1N000002", "type": "AMENDEMENT", "legislature": 17, "numero": "AE2",
         "organe_examen": "CION_AFETR"})",
     "https://www.assemblee-nationale.fr/dyn/17/amendements/1966/CION_AFETR/AE2"},
    // Read from exported text: the bill's number the text gives, on four digits.
    {R"({"id": "AMENDEMENT-L16-T1512-N1370", "type": "AMENDEMENT", "legislature": 16, "numero": "1370",
         "organe_examen": "AN", "texte_numero": "1512"})",
     "https://www.assemblee-nationale.fr/dyn/16/amendements/1512/AN/1370"},
    {R"({"id": "AMENDEMENT-L17-T324-NI-42", "type": "AMENDEMENT", "legislature": 17, "numero": "I-42",
         "organe_examen": "AN", "texte_numero": "324"})",
     "https://www.assemblee-nationale.fr/dyn/17/amendements/0324A/AN/42"},
    // No official page: an id that is not the Assemblée's, an amendment without its
    // examining body, a press release, no législature.
    {R"({"id": "E2E-QE-101", "type": "QE", "legislature": 16, "numero": "101"})", ""},
    {R"({"id": "AMANR5L17PO59051B1105P0D1N000042", "type": "AMENDEMENT", "legislature": 17, "numero": "CL42"})", ""},
    {R"({"id": "COMMUNIQUE-2024-01", "type": "COMMUNIQUE", "legislature": 16})", ""},
    {R"({"id": "QANR5L16QE10824", "type": "QE", "numero": "10824"})", ""},
};

TEST(OfficialUrl, FromUidAndLegislature) {
  for (const UrlCase& c : kCases) {
    EXPECT_EQ(official_url(Json::parse(c.record)), c.url) << c.record;
  }
}

TEST(OfficialUrl, AddedOnlyWhenThereIsOne) {
  Json question = Json::parse(R"({"id": "QANR5L16QE10824", "type": "QE", "legislature": 16, "numero": "10824"})");
  add_official_url(question);
  EXPECT_EQ(question["url"], "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE10824");
  Json release = Json::parse(R"({"id": "COMMUNIQUE-2024-01", "type": "COMMUNIQUE"})");
  add_official_url(release);
  EXPECT_FALSE(release.contains("url"));
}

}  // namespace
