#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "document/record.h"
#include "document/text_formats.h"
#include "errors.h"

namespace hemicycle::document {
namespace {

using nlohmann::ordered_json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string seed(const std::string& name) { return read_file(HEMICYCLE_SOURCE_DIR "/../shared/seeds/" + name); }
std::string fixture(const std::string& name) { return read_file(HEMICYCLE_TEST_DATA "/text/" + name); }

// What a long text field must look like: its start, its end, pieces inside.
struct TextCheck {
  const char* key;
  const char* starts;
  const char* ends;
  std::vector<std::string> contains;
  std::vector<std::string> lacks;
};

struct Golden {
  const char* name;
  std::string text;
  TextFormat format;
  ordered_json fields;  // every key but the long texts, exactly
  std::vector<TextCheck> texts;
};

void expect_golden(const Golden& golden) {
  SCOPED_TRACE(golden.name);
  ASSERT_EQ(detect_text_format(golden.text), golden.format);
  ordered_json actual = to_json(parse_text(golden.text, golden.format));
  for (const TextCheck& check : golden.texts) {
    ASSERT_TRUE(actual.contains(check.key)) << check.key;
    const std::string value = actual[check.key].get<std::string>();
    actual.erase(check.key);
    EXPECT_EQ(value.substr(0, std::string(check.starts).size()), check.starts) << check.key;
    const std::string ends = check.ends;
    EXPECT_TRUE(value.size() >= ends.size() && value.compare(value.size() - ends.size(), ends.size(), ends) == 0)
        << check.key << " ends with: " << value.substr(value.size() > 80 ? value.size() - 80 : 0);
    for (const std::string& piece : check.contains) EXPECT_NE(value.find(piece), std::string::npos) << piece;
    for (const std::string& piece : check.lacks) EXPECT_EQ(value.find(piece), std::string::npos) << piece;
  }
  EXPECT_EQ(actual.dump(2), golden.fields.dump(2));
}

ordered_json territory(const char* name, const char* level, const char* code) {
  return {{"nom", name}, {"niveau", level}, {"code", code}};
}

// Markdown and line structure that must not survive in a cleaned text.
const std::vector<std::string> kNoMarkup{"**", "](", "\\(", "<sup>", "^{", "\n", "  "};

TEST(TextFormats, SeedQuestionPagePlain) {
  expect_golden({"000 question page, plain text",
                 seed("000_f6387ea300260a8f.txt"),
                 TextFormat::Question,
                 {{"id", "QANR5L16QE10824"},
                  {"type", "QE"},
                  {"chambre", "AN"},
                  {"legislature", 16},
                  {"numero", "10824"},
                  {"titre", "Avenir de l'usine Itron de Chasseneuil-du-Poitou"},
                  {"rubrique", "Industrie"},
                  {"auteur", "Mme Lisa Belluco"},
                  {"groupe", "Écologiste - NUPES"},
                  {"circonscription", "Vienne (1re circonscription)"},
                  {"departement", "Vienne"},
                  {"ministere_interroge", "Économie, finances, souveraineté industrielle et numérique"},
                  {"ministere_attributaire", "Économie, finances, souveraineté industrielle et numérique"},
                  {"date_publication", "2023-08-08"},
                  {"date_retrait", "2024-06-11"},
                  {"statut", "retire"},
                  {"cloture", "Fin de mandat"},
                  {"territoires",
                   {territory("Vienne", "departement", "86"), territory("Nouvelle-Aquitaine", "region", "75"),
                    territory("Mâcon", "commune", "71270"), territory("Chasseneuil-du-Poitou", "commune", "86062")}}},
                 {{"texte_question",
                   "Mme Lisa Belluco interroge M. le ministre de l'économie",
                   "les emplois et compétences de ses salariés.",
                   {"Ce ne sont pas les gigafactories qui"},
                   kNoMarkup}}});
}

TEST(TextFormats, SeedQuestionPdfWithoutKeyData) {
  expect_golden(
      {"001 question page, PDF text",
       seed("001_d74ef1a2a5189728.txt"),
       TextFormat::Question,
       {{"id", "QANR5L17QE2557"},
        {"type", "QE"},
        {"chambre", "AN"},
        {"legislature", 17},
        {"numero", "2557"},
        {"titre", "Lutte contre la désindustrialisation"},
        {"auteur", "M. Auguste Evrard"},
        {"ministere_interroge", "ministre de l'économie, des finances et de l'industrie"},
        {"statut", "repondu"},
        {"territoires",
         {territory("CA du Pays de Saint-Omer", "epci", "200069037"),  // "l'Audomarois"
          territory("Pas-de-Calais", "departement", "62"), territory("Hauts-de-France", "region", "32"),
          territory("Saint-Omer", "commune", "62765"),
          // "À Béthune-Bruay", "À Boulogne-Calais", "à Lens-Liévin-Hénin-Carvin"; the short
          // forms settled by the Pas-de-Calais.
          territory("Béthune", "commune", "62119"), territory("Calais", "commune", "62193"),
          territory("Lens", "commune", "62498"), territory("Liévin", "commune", "62510"),
          territory("Carvin", "commune", "62215"), territory("Blendecques", "commune", "62139"),
          territory("Arques", "commune", "62040"), territory("Bruay-la-Buissière", "commune", "62178"),
          territory("Boulogne-sur-Mer", "commune", "62160"), territory("Hénin-Beaumont", "commune", "62427")}}},
       {{"texte_question",
         "M. Auguste Evrard alerte M. le ministre de l'économie, des finances et de l'industrie sur la "
         "politique du Gouvernement de lutte",
         "une filière industrielle française d'excellence.",
         {"fermetures d'entreprises et d’usines. En dépit", "tissu socio-économique. À titre"},
         kNoMarkup},
        {"texte_reponse",
         "Depuis plusieurs années, la politique industrielle",
         "soit 188 millions d'euros et 354 emplois potentiels.",
         {"Le Fonds National de l'Emploi-Formation (FNE-Formation) finance", "(DGE). L'écosystème local",
          "de 10 millions en 2023"},
         kNoMarkup}}});
}

TEST(TextFormats, SeedQuestionMarkdownWithAnswer) {
  expect_golden({"002 question page, Markdown",
                 seed("002_fe086644e29b4116.txt"),
                 TextFormat::Question,
                 {{"id", "QANR5L15QE17519"},
                  {"type", "QE"},
                  {"chambre", "AN"},
                  {"legislature", 15},
                  {"numero", "17519"},
                  {"titre", "Accompagnement industriel des territoires"},
                  {"rubrique", "Industrie"},
                  {"auteur", "M. Sébastien Cazenove"},
                  {"groupe", "La République en Marche"},
                  {"circonscription", "Pyrénées-Orientales (4e circonscription)"},
                  {"departement", "Pyrénées-Orientales"},
                  {"ministere_interroge", "Économie et finances (Mme la secrétaire d'État auprès du ministre)"},
                  {"ministere_attributaire", "Économie et finances (Mme la secrétaire d'État auprès du ministre)"},
                  {"date_publication", "2019-03-05"},
                  {"date_reponse", "2019-04-16"},
                  {"statut", "repondu"},
                  {"territoires",
                   {territory("Pyrénées-Orientales", "departement", "66"), territory("Occitanie", "region", "76")}}},
                 {{"texte_question",
                   "M. Sébastien Cazenove attire l'attention de Mme la secrétaire d'État",
                   "mais présentant un fort potentiel industriel.",
                   {},
                   kNoMarkup},
                  {"texte_reponse",
                   "L'initiative « Territoires d'industrie » vise",
                   "afin de leur faire part de votre intérêt pour cette initiative.",
                   {},
                   kNoMarkup}}});
}

TEST(TextFormats, SeedAmendment) {
  expect_golden(
      {"003 amendment",
       seed("003_7be19c9640ceb38f.txt"),
       TextFormat::Amendment,
       {{"id", "AMENDEMENT-L16-T1512-N1370"},
        {"type", "AMENDEMENT"},
        {"chambre", "AN"},
        {"legislature", 16},
        {"numero", "1370"},
        {"auteur", "M. Fournier"},
        {"date_publication", "2023-07-12"},
        {"texte_numero", "1512"},
        {"texte_titre", "INDUSTRIE VERTE"},
        {"article", "ARTICLE ADDITIONNEL APRÈS L'ARTICLE 9"},
        {"organe_examen", "AN"},  // a number alone: tabled for the séance
        {"auteurs", {"M. Fournier",  "Mme Chatelain",    "M. Thierry",   "Mme Arrighi",  "M. Bayou",
                     "Mme Belluco",  "M. Ben Cheikh",    "Mme Garin",    "M. Iordanoff", "M. Julien-Laferrière",
                     "Mme Laernoës", "M. Lucas",         "Mme Pasquini", "M. Peytavie",  "Mme Pochon",
                     "M. Raux",      "Mme Regol",        "Mme Rousseau", "Mme Sas",      "Mme Sebaihi",
                     "M. Taché",     "Mme Taillé-Polian"}},
        {"sort", "Rejeté"},
        {"dispositif",
         "Tout nouveau projet industriel de plus de 500 000 mètres carrés est conditionné à l'étude de modes de "
         "production alternatifs."}},
       {{"expose",
         "Cet amendement d'appel vise d'une part",
         "maintenues dans le projet de réindustrialisation du gouvernement.",
         // Two paragraphs; the stray blank line inside the second sentence is mended.
         {"(par exemple de batterie ou de semi conducteurs).\n\nCet amendement vise aussi",
          "implantées dans les territoires, leur structuration"},
         {"**", "\n\n\n", "les\n"}}}});
}

TEST(TextFormats, SeedPressRelease) {
  const std::string text = seed("004_9f81ea3ace1f02a8.txt");
  const Record record = parse_text(text, detect_text_format(text));
  EXPECT_EQ(detect_text_format(text), TextFormat::PressRelease);
  expect_golden(
      {"004 press release",
       text,
       TextFormat::PressRelease,
       {{"id", record.id},
        {"type", "COMMUNIQUE"},
        {"titre", "Conseil national de l'industrie : Dix \"Territoires d'Industrie\" en Normandie"},
        // "Mis à jour le 02/01/2023" is when the page was last changed, not its publication.
        {"date_mise_a_jour", "2023-01-02"},
        {"territoires",
         {territory("Normandie", "region", "28"),
          // "« Axe Seine » : CODAH, Caux Estuaire, Caux Vallée de Seine, Métropole de Rouen, CASE,
          // Seine Normandie Agglo, Eure-Madrie-Seine, ...": the current EPCI (data/gazetteer/epci_aliases.tsv).
          territory("CU Le Havre Seine Métropole", "epci", "200084952"),
          territory("CA Caux Seine Agglo", "epci", "200010700"),
          territory("Métropole Rouen Normandie", "epci", "200023414"), territory("CA Seine-Eure", "epci", "200089456"),
          territory("CA Seine Normandie Agglomération", "epci", "200072312"),
          territory("CA Evreux Portes de Normandie", "epci", "200071454"),
          territory("CC Lyons Andelle", "epci", "200070142"), territory("Caen", "commune", "14118"),
          territory("CU Caen la Mer", "epci", "200065597"),
          territory("CC Intercom de la Vire au Noireau", "epci", "200068799"),
          territory("CA Flers Agglo", "epci", "200035814"), territory("CC de la Côte d'Albâtre", "epci", "200069839"),
          territory("CC Terroir de Caux", "epci", "200068534"),
          territory("CA de la Région Dieppoise", "epci", "247600786"),
          territory("CC Falaises du Talou", "epci", "247600729"), territory("CA du Cotentin", "epci", "200067205"),
          territory("CC de la Baie du Cotentin", "epci", "200042729"),
          territory("CA Mont-Saint-Michel-Normandie", "epci", "200069425"),
          territory("CC de Villedieu Intercom", "epci", "200043354"),
          territory("CA Lisieux Normandie", "epci", "200069532"),
          territory("CC des Pays de L'Aigle", "epci", "200068468"),
          territory("CC Interrégionale Aumale - Blangy-sur-Bresle", "epci", "200069722"),
          territory("CC des Villes Soeurs", "epci", "247600588"), territory("CC du Vimeu", "epci", "200070944"),
          territory("Hauts-de-France", "region", "32"), territory("CC Coeur du Perche", "epci", "200068435"),
          territory("CC des Collines du Perche Normand", "epci", "200071504"),
          territory("CC du Perche", "epci", "200006971"), territory("Centre-Val de Loire", "region", "24"),
          territory("CC du Pays de l'Huisne Sarthoise", "epci", "247200686"),
          territory("Pays de la Loire", "region", "52"), territory("Seine-Maritime", "departement", "76")}}},
       {{"texte",
         "A l’occasion du Conseil National de l’Industrie",
         "Premier ministre - Conseil national de l'industrie - Paris- 22.11.2018 PDF - 0,18 Mb - 22/11/2018",
         {"de ce dispositif.\n\nLancée le 20 septembre", "Lyons Andelle\n• « Caen Industrie » : Caen la mer\n"},
         {"Mis à jour"}}}});
  // A government press release belongs to no législature; the update date still dates it.
  EXPECT_FALSE(record.legislature.has_value());
  EXPECT_TRUE(record.date_publication.empty());
  EXPECT_EQ(main_date(record), "2023-01-02");
  // The id is derived from the date and the title, and stays the same run after run.
  EXPECT_EQ(record.id.rfind("COMMUNIQUE-2023-01-02-", 0), 0U) << record.id;
  EXPECT_EQ(record.id.size(), std::string("COMMUNIQUE-2023-01-02-").size() + 8);
  EXPECT_EQ(parse_press_release(text).id, record.id);
  EXPECT_NE(parse_press_release("Autre titre\n\nMis à jour le 02/01/2023\n\nUn corps.").id, record.id);
}

TEST(TextFormats, FixtureQuestionWithAnswerDate) {
  expect_golden({"QE page with a dated answer",
                 fixture("qe_with_answer.txt"),
                 TextFormat::Question,
                 {{"id", "QANR5L15QE4321"},
                  {"type", "QE"},
                  {"chambre", "AN"},
                  {"legislature", 15},
                  {"numero", "4321"},
                  {"titre", "Fermeture de la maternité de Die"},
                  {"tete_analyse", "Maternités"},
                  {"rubrique", "Santé"},
                  {"auteur", "Mme Claire Dupont"},
                  {"groupe", "Les Républicains"},
                  {"circonscription", "Drôme (3e circonscription)"},
                  {"departement", "Drôme"},
                  {"ministere_interroge", "Solidarités et santé"},
                  {"ministere_attributaire", "Solidarités et santé"},
                  {"date_publication", "2017-12-04"},
                  {"date_reponse", "2018-02-20"},
                  {"statut", "repondu"},
                  {"territoires",
                   {territory("Drôme", "departement", "26"), territory("Auvergne-Rhône-Alpes", "region", "84"),
                    territory("Die", "commune", "26113")}}},
                 {{"texte_question", "Mme Claire Dupont appelle l'attention", "quelles mesures sont prévues.", {}, {}},
                  {"texte_reponse",
                   "La sécurité des naissances impose une activité suffisante.\n\nUn centre périnatal",
                   "reste ouvert dans le département.",
                   {},
                   {}}}});
}

TEST(TextFormats, FixtureQuestionAuGouvernementMarkdown) {
  expect_golden({"QG page in Markdown",
                 fixture("qg_page.md"),
                 TextFormat::Question,
                 {{"id", "QANR5L16QG1187"},
                  {"type", "QG"},
                  {"chambre", "AN"},
                  {"legislature", 16},
                  {"numero", "1187"},
                  {"titre", "Inondations dans le Pas-de-Calais"},
                  {"rubrique", "Catastrophes naturelles"},
                  {"auteur", "M. Jean Martin"},
                  {"groupe", "Renaissance"},
                  {"circonscription", "Nord (12e circonscription)"},
                  {"departement", "Nord"},
                  {"ministere_interroge", "Intérieur et outre-mer"},
                  {"ministere_attributaire", "Intérieur et outre-mer"},
                  {"date_publication", "2023-11-15"},
                  {"date_reponse", "2023-11-15"},
                  {"statut", "repondu"},
                  // "le nord du pays" in the question is no département.
                  {"territoires",
                   {territory("Nord", "departement", "59"), territory("Hauts-de-France", "region", "32"),
                    territory("Pas-de-Calais", "departement", "62")}}},
                 {{"texte_question", "M. Jean Martin interroge", "frappent le nord du pays.", {}, kNoMarkup},
                  {"texte_reponse", "Monsieur le député", "du Nord et du Pas-de-Calais.", {}, kNoMarkup}}});
}

TEST(TextFormats, FixtureCrlfLineEnds) {
  expect_golden({"QE page with CRLF line ends and no-break spaces",
                 fixture("qe_crlf.txt"),
                 TextFormat::Question,
                 {{"id", "QANR5L16QE789"},
                  {"type", "QE"},
                  {"chambre", "AN"},
                  {"legislature", 16},
                  {"numero", "789"},
                  {"titre", "Transport scolaire en zone rurale"},
                  {"rubrique", "Transports"},
                  {"auteur", "M. Paul Leroy"},
                  {"groupe", "Socialistes et apparentés"},
                  {"circonscription", "Gers (2e circonscription)"},
                  {"departement", "Gers"},
                  {"ministere_interroge", "Transports"},
                  {"ministere_attributaire", "Transports"},
                  {"date_publication", "2022-08-01"},
                  {"statut", "inconnu"},
                  {"territoires", {territory("Gers", "departement", "32"), territory("Occitanie", "region", "76")}}},
                 {{"texte_question", "M. Paul Leroy demande à M. le ministre", "dans le Gers.", {}, {"\r"}}}});
}

TEST(TextFormats, FixtureAmendmentOnAnArticle) {
  expect_golden({"amendment on an article",
                 fixture("amendment_article.md"),
                 TextFormat::Amendment,
                 {{"id", "AMENDEMENT-L17-T324-N42"},
                  {"type", "AMENDEMENT"},
                  {"chambre", "AN"},
                  {"legislature", 17},
                  {"numero", "42"},
                  {"auteur", "Mme Durand"},
                  {"date_publication", "2024-10-03"},
                  {"texte_numero", "324"},
                  {"texte_titre", "PROJET DE LOI DE FINANCES POUR 2025"},
                  {"article", "ARTICLE 3"},
                  {"organe_examen", "AN"},
                  {"auteurs", {"Mme Durand", "M. Petit"}},
                  {"territoires", {territory("Manche", "departement", "50")}},
                  {"sort", "Adopté"},
                  {"dispositif", "Supprimer cet article."},
                  {"expose", "Cet amendement supprime une taxe qui pèse sur les entreprises de la Manche."}},
                 {}});
}

TEST(TextFormats, FixturePressReleaseKeepsLines) {
  expect_golden(
      {"press release with a 'Publié le' date",
       fixture("press_release_plain.txt"),
       TextFormat::PressRelease,
       {{"id", parse_press_release(fixture("press_release_plain.txt")).id},
        {"type", "COMMUNIQUE"},  // no législature: a minister's press release
        {"titre", "Visite du ministre dans les Hautes-Alpes"},
        {"date_publication", "2023-08-08"},
        {"territoires", {territory("Hautes-Alpes", "departement", "05"), territory("Briançon", "commune", "05023")}},
        {"texte",
         "Le ministre s'est rendu à Briançon.\nIl a rencontré les élus du département.\n\nLa visite "
         "s'est achevée par une réunion en préfecture."}},
       {}});
}

TEST(TextFormats, UnreadableTextsAreInputErrors) {
  struct Case {
    const char* name;
    std::string text;
    TextFormat format;
  };
  const Case cases[] = {
      {"amendment without number", fixture("amendment_without_number.txt"), TextFormat::Amendment},
      {"single line", fixture("one_line.txt"), TextFormat::PressRelease},
      {"empty", "", TextFormat::PressRelease},
      {"blank lines", "\n  \n\t\n", TextFormat::PressRelease},
      {"question without number", "Titre\n\nTexte de la question\n\nUne question.", TextFormat::Question},
      {"question without text", "Question écrite n° 12\n\nDonnées clés\n\nAuteur : M. X", TextFormat::Question},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(detect_text_format(c.text), c.format) << c.name;
    EXPECT_THROW((void)parse_text(c.text, c.format), InputError) << c.name;
  }
}

TEST(TextFormats, DetectsFormat) {
  struct Case {
    const char* text;
    TextFormat expected;
  };
  const Case cases[] = {
      {"Titre\n\nQuestion écrite n° 12\n", TextFormat::Question},
      {"Titre\n\n**Question au Gouvernement n° 12**\n", TextFormat::Question},
      {"### Texte de la question\n\nM. X interroge.", TextFormat::Question},
      {"**AMENDEMENT**\n\nN° 3\n", TextFormat::Amendment},
      {"Titre\n\nEXPOSÉ SOMMAIRE\n\nTexte.", TextFormat::Amendment},
      {"Un communiqué sur l'amendement n° 3 et la question écrite de M. X.\n\nCorps.", TextFormat::PressRelease},
      {"Titre\n\nCorps du texte.", TextFormat::PressRelease},
  };
  for (const auto& c : cases) EXPECT_EQ(detect_text_format(c.text), c.expected) << c.text;
}

TEST(ReflowWrappedText, Table) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"une politique indus-\ntrielle ambitieuse", "une politique industrielle ambitieuse"},
      {"le Fonds de l'Emploi-\nFormation", "le Fonds de l'Emploi-Formation"},
      {"le tissu socio-\néconomique", "le tissu socio-économique"},
      {"les sous-\ntraitants", "les sous-traitants"},
      {"un service après-\nvente", "un service après-vente"},
      {"le vice-\nprésident", "le vice-président"},
      {"lui-\nmême", "lui-même"},
      {"c'est-\nà-dire", "c'est-à-dire"},
      {"entre 2020-\n2021", "entre 2020-2021"},
      {"une fin de phrase -\npuis la suite", "une fin de phrase - puis la suite"},
      // The text writes the word elsewhere: that spelling wins over the prefix list.
      {"une anti-\ncipation, puis une anticipation", "une anticipation, puis une anticipation"},
      {"les micro-\nusines et les micro-usines", "les micro-usines et les micro-usines"},
      {"ligne un\nligne deux\n\nautre paragraphe", "ligne un ligne deux\n\nautre paragraphe"},
      {" espaces en tête  \n  et en fin ", "espaces en tête et en fin"},
      {"crlf\r\nfin\r\n\r\nsuite", "crlf fin\n\nsuite"},
      {"trois\n\n\n\nblancs", "trois\n\nblancs"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(reflow_wrapped_text(c.input), c.expected) << c.input;
}

}  // namespace
}  // namespace hemicycle::document
