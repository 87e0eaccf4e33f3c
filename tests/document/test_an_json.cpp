// Official AN JSON: golden records from hand-written fixtures in every layout,
// the split of QG transcripts into the deputy's and the government's words,
// malformed shapes, HTML to text, and a pass over the head of the real corpus.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "document/an_json.h"
#include "errors.h"
#include "support/json_files.h"

namespace hemicycle::document {
namespace {

using nlohmann::json;

const std::string kData = std::string(HEMICYCLE_TEST_DATA) + "/an_json/";

using test_support::read_json_file;
using test_support::read_json_lines;

ActorDirectory fixture_directory() {
  ActorDirectory directory;
  for (const json& row : read_json_lines(kData + "acteurs.jsonl")) directory.add_acteur(row);
  for (const json& row : read_json_lines(kData + "organes.jsonl")) directory.add_organe(row);
  return directory;
}

// The record as plain JSON, without the territories (tagged by another stage,
// tested in test_territories).
json comparable(const Record& record) {
  json out = json::parse(to_json(record).dump());
  out.erase("territoires");
  return out;
}

// --- Golden records ----------------------------------------------------------

struct GoldenCase {
  const char* input;
  const char* expected;
  bool with_actors;
};

class AnJsonGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(AnJsonGolden, RecordMatchesExpectedFields) {
  const GoldenCase& c = GetParam();
  const ActorDirectory directory = fixture_directory();
  const json input = read_json_file(kData + c.input);
  const ActorDirectory* actors = c.with_actors ? &directory : nullptr;
  Record record;
  switch (detect_json_kind(input)) {
    case JsonKind::AnQuestion:
      record = parse_an_question(input, actors);
      break;
    case JsonKind::AnAmendment:
      record = parse_an_amendment(input, actors);
      break;
    default:
      FAIL() << c.input << " is not detected as a question or an amendment";
  }
  const json expected = read_json_file(kData + c.expected);
  const json actual = comparable(record);
  for (const auto& [key, value] : expected.items()) {
    EXPECT_EQ(actual.value(key, json()), value) << c.input << ": " << key;
  }
  for (const auto& [key, value] : actual.items()) {
    EXPECT_TRUE(expected.contains(key)) << c.input << ": unexpected " << key << " = " << value;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, AnJsonGolden,
                         ::testing::Values(GoldenCase{"qg_l15.json", "qg_l15.expected.json", true},
                                           GoldenCase{"qg_l16.json", "qg_l16.expected.json", false},
                                           GoldenCase{"qg_no_answer.json", "qg_no_answer.expected.json", false},
                                           GoldenCase{"qe_answered.json", "qe_answered.expected.json", true},
                                           GoldenCase{"qe_closed.json", "qe_closed.expected.json", true},
                                           GoldenCase{"amendment.json", "amendment.expected.json", true},
                                           GoldenCase{"amendment.json", "amendment.no_actors.expected.json", false},
                                           GoldenCase{"amendment_government.json", "amendment_government.expected.json",
                                                      true}));

TEST(AnJson, QuestionTerritoriesComeFromTheConstituency) {
  const ActorDirectory directory = fixture_directory();
  const Record record = parse_an_question(read_json_file(kData + "qg_l15.json"), &directory);
  bool vienne = false;
  for (const Territory& t : record.territoires) vienne = vienne || t.name == "Vienne";
  EXPECT_TRUE(vienne);
}

// --- Questions au Gouvernement: the transcript split into speaker turns -------

// A QG of the L15 layout whose transcript is `texte`.
json qg_with_transcript(const std::string& texte) {
  json qg = read_json_file(kData + "qg_l15.json");
  qg["question"]["textesReponse"]["texteReponse"]["texte"] = texte;
  return qg;
}

TEST(AnJsonQg, TranscriptVariantsSplitIntoQuestionAndAnswer) {
  struct Case {
    const char* what;
    const char* texte;
    const char* question;
    const char* answer;
    const char* repondant;
  };
  const Case cases[] = {
      {"upper-case tags, labels without a space after the period",
       "<P ALIGN=CENTER>TITRE</P><STRONG>M. le président.</STRONG> La parole est à M. Jean Martin.<BR>"
       "<STRONG>M. Jean Martin.</STRONG> Ma question porte sur le lait.<BR>"
       "<B>Mme Anne Roy,</B> <I>ministre des sports.</I> Voici ma réponse.",
       "Ma question porte sur le lait.", "Voici ma réponse.", "Mme Anne Roy, ministre des sports"},
      {"the function inside the label of a member given the floor",
       "<strong>M. le président. </strong>La parole est à M. Jean Martin.<br>"
       "<strong>M. Jean Martin. </strong>Ma question porte sur le lait.<br>"
       "<strong>M. le président. </strong>La parole est à M. le ministre.<br>"
       "<strong>M. Luc Bernard, ministre de l'agriculture.</strong> Voici ma réponse.",
       "Ma question porte sur le lait.", "Voici ma réponse.", "M. Luc Bernard, ministre de l'agriculture"},
      {"the floor given by surname, an interjection before the question, the president addressing the minister",
       "<strong>M. le président. </strong>Avant de vous céder la parole, monsieur Martin, je vous félicite.<br>"
       "<strong>M. Paul Durand.</strong> Bravo&nbsp;!<br>"
       "<strong>M. Jean Martin. </strong>Merci. Ma question porte sur le lait.<br>"
       "<strong>M. Luc Bernard,</strong><i> ministre de l'agriculture. </i>Voici ma réponse.<br>"
       "<strong>M. Paul Durand.</strong> Non&nbsp;!<br>"
       "<strong>M. le président. </strong>Monsieur Durand&nbsp;! Monsieur le ministre, vous avez la parole.<br>"
       "<strong>M. Luc Bernard,</strong><i> ministre . </i>Je termine.",
       "Merci. Ma question porte sur le lait.", "Voici ma réponse.\n\nJe termine.",
       "M. Luc Bernard, ministre de l'agriculture"},
      {"a rapporteur's function in italics is no member of the government",
       "<strong>M. le président. </strong>La parole est à M. Jean Martin.<br>"
       "<strong>M. Jean Martin,</strong><i> rapporteur. </i>Ma question porte sur le lait.<br>"
       "<strong>Mme Anne Roy,</strong><i> ministre des sports. </i>Voici ma réponse.",
       "Ma question porte sur le lait.", "Voici ma réponse.", "Mme Anne Roy, ministre des sports"},
      {"nested and unclosed stage directions, parentheses of the speaker's own",
       "<strong>M. le président. </strong>La parole est à M. Jean Martin.<br>"
       "<strong>M. Jean Martin. </strong>Le Centre national d'études spatiales (CNES) <i>(Applaudissements. – "
       "(Exclamations.)</i> recrute (système de recrutement des mouvements de personnel)."
       " <i>(Mêmes mouvements </i><br>"
       "<strong>Mme Anne Roy,</strong><i> ministre des sports. </i>Voici ma réponse. (Sourires.)",
       "Le Centre national d'études spatiales (CNES) recrute (système de recrutement des mouvements de personnel).",
       "Voici ma réponse.", "Mme Anne Roy, ministre des sports"},
      {"a minister's interjection after the president's remark, before the minister the president calls",
       "<strong>M. le président. </strong>La parole est à M. Jean Martin.<br>"
       "<strong>M. Jean Martin. </strong>Ma question porte sur le lait.<br>"
       "<strong>M. le président. </strong>Monsieur le député, le ministre de l'agriculture est au Sénat.<br>"
       "<strong>Mme Anne Roy, ministre des sports.</strong> Oui, tout de même&nbsp;!<br>"
       "<strong>M. le président. </strong>La parole est à M. le ministre délégué chargé des comptes publics.<br>"
       "<strong>M. Luc Bernard,</strong><i> ministre délégué chargé des comptes publics. </i>Voici ma réponse, "
       "monsieur le député : le Gouvernement indemnisera tous les producteurs de lait et de fromage touchés par la "
       "crise.",
       "Ma question porte sur le lait.",
       "Voici ma réponse, monsieur le député : le Gouvernement indemnisera tous les producteurs de lait et de fromage "
       "touchés par la crise.",
       "M. Luc Bernard, ministre délégué chargé des comptes publics"},
      {"a second minister completing the answer",
       "<strong>M. le président. </strong>La parole est à M. Jean Martin.<br>"
       "<strong>M. Jean Martin. </strong>Ma question porte sur le lait.<br>"
       "<strong>M. Luc Bernard,</strong><i> ministre de l'agriculture. </i>Les producteurs de lait seront aidés : "
       "une avance de trésorerie leur sera versée dès le mois prochain par les chambres d'agriculture.<br>"
       "<strong>M. le président. </strong>La parole est à Mme la ministre des sports.<br>"
       "<strong>Mme Anne Roy,</strong><i> ministre des sports. </i>Je complète la réponse de mon collègue : les "
       "clubs sportifs des villages laitiers recevront eux aussi une aide exceptionnelle cette année.",
       "Ma question porte sur le lait.",
       "Les producteurs de lait seront aidés : une avance de trésorerie leur sera versée dès le mois prochain par les "
       "chambres d'agriculture.\n\nJe complète la réponse de mon collègue : les clubs sportifs des villages "
       "laitiers recevront eux aussi une aide exceptionnelle cette année.",
       "M. Luc Bernard, ministre de l'agriculture"},
      {"a minister's exclamation during the question, set out as if given the floor",
       "<strong>M. le président. </strong>La parole est à M. Jean Martin.<br>"
       "<strong>M. Jean Martin. </strong>Ma question porte sur le lait.<br>"
       "<strong>Mme Anne Roy,</strong><i> ministre des sports. </i>Oh là là&nbsp;!<br>"
       "<strong>M. Jean Martin. </strong>Les producteurs attendent.<br>"
       "<strong>M. le président. </strong>La parole est à M. le ministre de l'agriculture.<br>"
       "<strong>M. Luc Bernard,</strong><i> ministre de l'agriculture. </i>Les producteurs de lait seront aidés : "
       "une avance de trésorerie leur sera versée dès le mois prochain par les chambres d'agriculture.",
       "Ma question porte sur le lait.\n\nLes producteurs attendent.",
       "Les producteurs de lait seront aidés : une avance de trésorerie leur sera versée dès le mois prochain par les "
       "chambres d'agriculture.",
       "M. Luc Bernard, ministre de l'agriculture"},
  };
  for (const Case& c : cases) {
    const Record record = parse_an_question(qg_with_transcript(c.texte), nullptr);
    EXPECT_EQ(record.texte_question, c.question) << c.what;
    EXPECT_EQ(record.texte_reponse, c.answer) << c.what;
    EXPECT_EQ(record.repondant, c.repondant) << c.what;
    EXPECT_EQ(record.auteur, "M. Jean Martin") << c.what;
  }
}

TEST(AnJsonQg, AuthorIsTheActorTablesNameElseTheTranscripts) {
  const json qg = read_json_file(kData + "qg_l15.json");
  ActorDirectory renamed;
  renamed.add_acteur(json::parse(
      R"({"acteur": {"uid": "PA100001", "etatCivil": {"ident": {"civ": "M.", "prenom": "Jean", "nom": "Martin-Vasseur"}}}})"));
  EXPECT_EQ(parse_an_question(qg, &renamed).auteur, "M. Jean Martin-Vasseur");
  EXPECT_EQ(parse_an_question(qg, nullptr).auteur, "M. Jean Martin");
  EXPECT_EQ(parse_an_question(qg, &renamed).repondant, parse_an_question(qg, nullptr).repondant);
}

TEST(AnJsonQg, EmptyTranscriptLeavesTheReference) {
  for (const json& texte : {json(""), json(nullptr), json("<p align=\"CENTER\"> TITRE </p>")}) {
    json qg = read_json_file(kData + "qg_l15.json");
    qg["question"]["textesReponse"]["texteReponse"]["texte"] = texte;
    const Record record = parse_an_question(qg, nullptr);
    EXPECT_EQ(record.auteur, "PA100001") << texte;
    EXPECT_EQ(record.texte_question, "") << texte;
    EXPECT_EQ(record.texte_reponse, "") << texte;
    EXPECT_EQ(record.repondant, "") << texte;
  }
}

TEST(AnJson, DetectsEachKind) {
  EXPECT_EQ(detect_json_kind(read_json_file(kData + "qg_l15.json")), JsonKind::AnQuestion);
  EXPECT_EQ(detect_json_kind(read_json_file(kData + "amendment.json")), JsonKind::AnAmendment);
  const std::vector<json> acteurs = read_json_lines(kData + "acteurs.jsonl");
  EXPECT_EQ(detect_json_kind(acteurs.at(0)), JsonKind::Acteur);  // {"acteur": ...}
  EXPECT_EQ(detect_json_kind(acteurs.at(1)), JsonKind::Acteur);  // bare AMO row
  const std::vector<json> organes = read_json_lines(kData + "organes.jsonl");
  EXPECT_EQ(detect_json_kind(organes.at(0)), JsonKind::Organe);
  EXPECT_EQ(detect_json_kind(organes.at(1)), JsonKind::Organe);
  EXPECT_EQ(detect_json_kind(json{{"uid", "QANR5L16QE1"}, {"titre", "x"}}), JsonKind::Flat);
  EXPECT_EQ(detect_json_kind(json::object()), JsonKind::Flat);
}

// --- Actor directory ---------------------------------------------------------

TEST(ActorDirectory, NamesActeursAndOrganes) {
  const ActorDirectory directory = fixture_directory();
  EXPECT_EQ(directory.acteur_count(), 2U);
  EXPECT_EQ(directory.organe_count(), 2U);
  EXPECT_EQ(directory.acteur_name("PA100001"), "M. Jean Martin");
  EXPECT_EQ(directory.acteur_name("PA100002"), "Mme Claire Dubois");
  EXPECT_EQ(directory.acteur_name("PA404"), "");
  EXPECT_EQ(directory.organe_name("PO845425"), "Droite Républicaine");
  EXPECT_EQ(directory.organe_name("PO730934"), "Les Républicains");
  EXPECT_EQ(directory.organe_name("PO404"), "");
}

TEST(ActorDirectory, ConstituencyInForceOnTheDate) {
  const ActorDirectory directory = fixture_directory();
  struct Case {
    const char* ref;
    const char* date;
    const char* departement;
    const char* circonscription;
  };
  const Case cases[] = {
      {"PA100001", "2018-01-01", "Vienne", "Vienne (1re circonscription)"},
      {"PA100001", "2022-06-21", "Vienne", "Vienne (1re circonscription)"},
      {"PA100001", "2023-01-01", "Vienne", "Vienne (2e circonscription)"},
      {"PA100001", "", "Vienne", "Vienne (2e circonscription)"},  // the latest mandate
      {"PA100001", "2010-01-01", "", ""},                         // a minister then, no seat
      {"PA100002", "", "Nord", "Nord (12e circonscription)"},
      {"PA404", "", "", ""},
  };
  for (const Case& c : cases) {
    const ActorDirectory::Constituency seat = directory.constituency(c.ref, c.date);
    EXPECT_EQ(seat.departement, c.departement) << c.ref << " " << c.date;
    EXPECT_EQ(seat.circonscription, c.circonscription) << c.ref << " " << c.date;
  }
}

// --- Malformed input -----------------------------------------------------------

TEST(AnJson, MalformedShapesThrowInputErrorNamingWhatIsMissing) {
  for (const json& row : read_json_lines(kData + "malformed.jsonl")) {
    const std::string parser = row.at("parser");
    const json& input = row.at("input");
    const std::string expected = row.at("error");
    ActorDirectory directory;
    try {
      if (parser == "question") {
        (void)parse_an_question(input, nullptr);
      } else if (parser == "amendment") {
        (void)parse_an_amendment(input, nullptr);
      } else if (parser == "acteur") {
        directory.add_acteur(input);
      } else if (parser == "organe") {
        directory.add_organe(input);
      } else {
        (void)detect_json_kind(input);
      }
      ADD_FAILURE() << "no error for " << input.dump();
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
          << input.dump() << " -> " << error.what() << " (expected " << expected << ")";
    }
  }
}

TEST(AnJson, ValuesOfUnexpectedTypesAreReadOrIgnored) {
  const std::vector<json> rows = read_json_lines(kData + "odd_values.jsonl");
  ASSERT_EQ(rows.size(), 4U);
  const ActorDirectory directory = fixture_directory();

  const Record qg = parse_an_question(rows[0], &directory);
  EXPECT_EQ(qg.id, "QANR5L15QG5");
  EXPECT_EQ(qg.type, "7");
  EXPECT_EQ(qg.auteur, "12");
  EXPECT_EQ(qg.texte_reponse, "42");
  EXPECT_EQ(qg.date_reponse, "");  // 31/02 does not exist
  EXPECT_EQ(qg.rubrique, "");

  const Record qe = parse_an_question(rows[1], &directory);
  EXPECT_EQ(qe.id, "QANR5L16QE8");
  EXPECT_EQ(qe.texte_question, "Un");
  EXPECT_EQ(qe.date_retrait, "");

  const Record first = parse_an_amendment(rows[2], &directory);
  EXPECT_EQ(first.id, "AMANR5L17X1");
  EXPECT_EQ(first.dispositif, "a");  // arrays stand for repeated XML elements
  EXPECT_EQ(first.legislature, std::nullopt);

  const Record second = parse_an_amendment(rows[3], nullptr);
  EXPECT_EQ(second.id, "AMANR5L17X2");
  EXPECT_EQ(second.legislature, std::nullopt);
  EXPECT_EQ(second.sort, "0");
}

// --- HTML to text ----------------------------------------------------------------

TEST(HtmlToText, Golden) {
  struct Case {
    const char* html;
    const char* text;
  };
  const Case cases[] = {
      {"", ""},
      {"<p>Un</p><p>Deux</p>", "Un\n\nDeux"},
      {"a<br>b<br/>c<BR />d", "a\nb\nc\nd"},
      {"a<br><br>b<br><br><br>c</p><br>d", "a\n\nb\n\nc\n\nd"},
      {"<div>x</div><div></div><div>y</div>", "x\n\ny"},
      {"<ul><li>un</li><li>deux</li></ul>", "un\ndeux"},
      {"&eacute;&#233;&#xE9;&#XE9;&#x00E9;", "ééééé"},
      {"&laquo;&nbsp;oui&nbsp;&raquo;", "« oui »"},
      {"l&rsquo;&OElig;uvre &amp; l&apos;&eacute;t&eacute; &ndash; &hellip;", "l’Œuvre & l'été – …"},
      {"&Agrave; &Ccedil;a &ccedil;a &ocirc;te &euml;l &yuml; &deg; &sect; &euro;", "À Ça ça ôte ël ÿ ° § €"},
      {"  many   spaces \n\t here ", "many spaces here"},
      {"<p> tight </p>", "tight"},
      {"a\xC2\xA0:\xE2\x80\xAF!", "a : !"},
      {"a < b && c > d", "a < b && c > d"},
      {"<p>unterminated <b", "unterminated <b"},
      {"&bogus; &#xZZ; &#; &amp", "&bogus; &#xZZ; &#; &amp"},
      {"&#146;&#150;", "’–"},
      {"&#0;&#xD800;", "\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"<script>x = 1 < 2;</script>visible<!-- hidden --><style>p {}</style>", "visible"},
      {"<!-- open comment", ""},
      {"e&#x0301;te&#x0301;", "été"},
      {"zero&#x200B;width soft&shy;hyphen", "zerowidth softhyphen"},
      {"<a href=\"x>y\">lien</a> <a name=PG1></a>fin", "lien fin"},
      {"</p><p align=\"CENTER\"> TITRE <a name=PG1></a> </p><br><strong>M.\xC2\xA0X. </strong>Texte",
       "TITRE\n\nM. X. Texte"},
      {"ligne&#x2028;suivante", "ligne\nsuivante"},
  };
  for (const Case& c : cases) EXPECT_EQ(html_to_text(c.html), c.text) << c.html;
}

TEST(HtmlToText, RandomMarkupNeverBreaksIt) {
  const std::string alphabet[] = {"<",        ">",        "&",        "#",      ";",   "/",  "p",    "b",
                                  "r",        " ",        "\"",       "'",      "=",   "x",  "9",    "\xC3\xA9",
                                  "\xC2\xA0", "\xE2\x80", "\xCC\x81", "&nbsp;", "<p>", "</", "<!--", "-->"};
  std::mt19937 random(20240917);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(alphabet) - 1);
  std::uniform_int_distribution<int> length(0, 60);
  for (int round = 0; round < 3000; ++round) {
    std::string html;
    for (int i = length(random); i > 0; --i) html += alphabet[pick(random)];
    const std::string text = html_to_text(html);
    if (!text.empty()) {
      EXPECT_NE(text.front(), ' ') << html;
      EXPECT_NE(text.back(), '\n') << html;
    }
    EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << html;
  }
}

// --- The real corpus -------------------------------------------------------------

const std::string kCorpus = std::string(HEMICYCLE_SOURCE_DIR) + "/../shared/corpus/";

// The first `limit` lines of a zstd-compressed JSON Lines file (all when 0).
std::vector<std::string> corpus_lines(const std::string& relative, std::size_t limit) {
  const std::string path = kCorpus + relative;
  std::vector<std::string> lines;
  if (!std::filesystem::exists(path)) return lines;
  const std::string command = "zstd -dc '" + path + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return lines;
  std::string line;
  char buffer[1 << 16];
  while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    line += buffer;
    if (line.back() != '\n') continue;
    line.pop_back();
    lines.push_back(std::move(line));
    line.clear();
    if (limit != 0 && lines.size() == limit) break;
  }
  return lines;
}

class RealCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = std::make_unique<ActorDirectory>();
    for (const std::string& line : corpus_lines("an_acteurs_organes/acteurs.jsonl.zst", 0)) {
      directory_->add_acteur(json::parse(line));
    }
    for (const std::string& line : corpus_lines("an_acteurs_organes/organes.jsonl.zst", 0)) {
      directory_->add_organe(json::parse(line));
    }
  }
  static void TearDownTestSuite() { directory_.reset(); }
  void SetUp() override {
    if (directory_->acteur_count() == 0) GTEST_SKIP() << "corpus absent: " << kCorpus;
  }
  static std::unique_ptr<ActorDirectory> directory_;
};
std::unique_ptr<ActorDirectory> RealCorpus::directory_;

bool is_person_name(const std::string& name) { return name.starts_with("M. ") || name.starts_with("Mme "); }

double share(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

TEST_F(RealCorpus, ActorTablesLoadCompletely) {
  EXPECT_EQ(directory_->acteur_count(), 3034U);
  EXPECT_EQ(directory_->organe_count(), 10577U);
}

TEST_F(RealCorpus, QuestionsAuGouvernementParseWithTheirIndexing) {
  for (const char* file : {"an_qg_l15/qg_l15.jsonl.zst", "an_qg_l16/qg_l16.jsonl.zst"}) {
    const std::vector<std::string> lines = corpus_lines(file, 300);
    ASSERT_EQ(lines.size(), 300U) << file;
    const std::regex uid_shape("QANR5L1[56]QG[0-9]+");
    std::set<std::string> ids;
    std::size_t titre = 0, rubrique = 0, named = 0, seat = 0, answered = 0, minister_first = 0, deputy_only = 0;
    for (const std::string& line : lines) {
      const json object = json::parse(line);
      ASSERT_EQ(detect_json_kind(object), JsonKind::AnQuestion);
      const Record r = parse_an_question(object, directory_.get());
      EXPECT_TRUE(std::regex_match(r.id, uid_shape)) << r.id;
      EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
      EXPECT_EQ(r.type, "QG");
      EXPECT_EQ(r.id, an_question_uid(r));
      titre += !r.titre.empty();
      rubrique += !r.rubrique.empty();
      named += is_person_name(r.auteur);
      seat += !r.circonscription.empty();
      if (r.repondant.empty()) continue;
      ++answered;
      minister_first += !r.texte_reponse.empty() && !r.texte_reponse.starts_with("M. le président") &&
                        !r.texte_reponse.starts_with("Mme la présidente") && !r.texte_reponse.starts_with("La parole");
      deputy_only += !r.texte_question.empty() && r.texte_question.find("La parole est à") == std::string::npos &&
                     r.texte_question.find("(Applaudissements") == std::string::npos &&
                     r.texte_question.find(r.texte_reponse.substr(0, 60)) == std::string::npos;
    }
    EXPECT_GE(share(titre, lines.size()), 0.95) << file;
    EXPECT_GE(share(rubrique, lines.size()), 0.95) << file;
    EXPECT_GE(share(named, lines.size()), 0.95) << file;
    EXPECT_GE(share(seat, lines.size()), 0.95) << file;
    // Measured on all 5,306 QG: every transcript with a member of the
    // government given the floor (5,300) splits, the answer starting with
    // their words; one lacks the question.
    EXPECT_GE(share(answered, lines.size()), 0.99) << file;
    EXPECT_EQ(minister_first, answered) << file;
    EXPECT_GE(share(deputy_only, answered), 0.99) << file;
  }
}

TEST_F(RealCorpus, AmendmentsParseWithResolvedAuthors) {
  const std::vector<std::string> lines = corpus_lines("an_amendements_l17/amendements_l17.jsonl.zst", 300);
  ASSERT_EQ(lines.size(), 300U);
  const std::regex uid_shape("AMANR5L17[A-Z0-9-]+");
  std::set<std::string> ids;
  std::size_t named = 0, group = 0, dated = 0, article = 0, clean_text = 0;
  for (const std::string& line : lines) {
    const json object = json::parse(line);
    ASSERT_EQ(detect_json_kind(object), JsonKind::AnAmendment);
    const Record r = parse_an_amendment(object, directory_.get());
    EXPECT_TRUE(std::regex_match(r.id, uid_shape)) << r.id;
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
    EXPECT_EQ(r.legislature, 17);
    named += is_person_name(r.auteur) || r.auteur == "le Gouvernement";
    group += !r.groupe.empty() && !r.groupe.starts_with("PO");
    dated += r.date_publication.size() == 10;
    article += !r.article.empty();
    const std::string body = r.dispositif + r.expose;
    clean_text += body.find("&#") == std::string::npos && body.find("<p") == std::string::npos;
  }
  EXPECT_GE(share(named, lines.size()), 0.95);
  EXPECT_GE(share(group, lines.size()), 0.90);
  EXPECT_EQ(dated, lines.size());
  EXPECT_GE(share(article, lines.size()), 0.95);
  EXPECT_EQ(clean_text, lines.size());
}

}  // namespace
}  // namespace hemicycle::document
