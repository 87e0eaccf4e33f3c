// The extract under a hit: passage choice, <mark> placement on the original
// (accented) words, HTML escaping, cut marks. Golden, table driven.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "search/extract.h"

namespace hemicycle::search {
namespace {

const analysis::FrenchAnalyzer& analyzer() {
  static const analysis::FrenchAnalyzer instance;
  return instance;
}

// Highlight terms as the query parser gives them: the analyzer's terms of the query words.
std::vector<std::string> terms_of(const std::vector<std::string>& words) {
  std::vector<std::string> terms;
  for (const std::string& word : words) terms.push_back(analyzer().term(word));
  return terms;
}

struct ExtractCase {
  const char* name;
  std::vector<std::string> texts;
  std::vector<std::string> query_words;
  std::size_t words;
  std::string expected;
};

// A long text whose only match is far from the start, in its third sentence.
const std::string kLongText =
    "Le gouvernement a présenté hier un plan de soutien aux communes rurales. "
    "Ce plan prévoit des crédits nouveaux pour les écoles et les routes départementales. "
    "Les élus locaux regrettent toutefois que la désertification médicale ne soit pas traitée. "
    "Ils demandent un calendrier précis et des moyens pérennes pour les maisons de santé.";

const ExtractCase kCases[] = {
    {"accents kept, inflected forms marked",
     {"Les députées s'inquiètent de la désindustrialisation des territoires."},
     {"deputee", "desindustrialisation"},
     30,
     "Les <mark>députées</mark> s'inquiètent de la <mark>désindustrialisation</mark> des territoires."},
    {"elided article stays outside the mark",
     {"L'usine de Mâcon ferme ; l'usine voisine aussi."},
     {"usines"},
     30,
     "L'<mark>usine</mark> de Mâcon ferme ; l'<mark>usine</mark> voisine aussi."},
    {"html is escaped, marks are not",
     {"Le seuil <b>5 %</b> & l'\"abattement\" des taxes."},
     {"abattement"},
     30,
     "Le seuil &lt;b&gt;5 %&lt;/b&gt; &amp; l'&quot;<mark>abattement</mark>&quot; des taxes."},
    {"stopwords of the query are not marked",
     {"Le projet de loi de finances pour 2024."},
     {"projet", "de", "loi"},
     30,
     "Le <mark>projet</mark> de <mark>loi</mark> de finances pour 2024."},
    {"no match: the beginning of the text, cut with an ellipsis",
     {kLongText},
     {"piscine"},
     8,
     "Le gouvernement a présenté hier un plan de …"},
    {"the passage starts at the sentence holding the match",
     {kLongText},
     {"désertification"},
     12,
     "Les élus locaux regrettent toutefois que la <mark>désertification</mark> médicale ne soit pas …"},
    {"more distinct terms beat more occurrences",
     {"Les écoles, les écoles, les écoles. Rien ici du tout. Les routes et les écoles."},
     {"écoles", "routes"},
     5,
     "Les <mark>routes</mark> et les <mark>écoles</mark>."},
    {"a later text with the match wins over an earlier one without",
     {"Question sans rapport.", "La réponse parle de la pêche côtière."},
     {"peche"},
     30,
     "La réponse parle de la <mark>pêche</mark> côtière."},
    {"an earlier text wins a tie",
     {"La pêche en mer.", "La pêche en rivière."},
     {"peche"},
     30,
     "La <mark>pêche</mark> en mer."},
    {"whitespace runs become one space",
     {"Premier\nparagraphe sur la\t\tchasse  en\r\n  forêt."},
     {"chasse"},
     30,
     "Premier paragraphe sur la <mark>chasse</mark> en forêt."},
    {"a blank line starts a sentence",
     {"Un titre sans point\n\nLe texte parle de chasse."},
     {"chasse"},
     30,
     "Le texte parle de <mark>chasse</mark>."},
    {"no sentence start near the match: a few words of context",
     {"un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze ornithologie quinze seize"},
     {"ornithologie"},
     8,
     "… dix onze douze treize quatorze <mark>ornithologie</mark> quinze seize"},
    {"a one-letter abbreviation does not end a sentence",
     {"Longue introduction sans intérêt. M. le ministre répond sur la viticulture en Gironde."},
     {"viticulture"},
     10,
     "M. le ministre répond sur la <mark>viticulture</mark> en Gironde."},
    {"French spaced punctuation stays with the last word",
     {"Que fera le ministre pour la forêt ? Rien d'autre ne suit."},
     {"forêt"},
     7,
     "Que fera le ministre pour la <mark>forêt</mark> ?"},
    {"an opening quote after the last word is left out",
     {"Il cite la forêt \"domaniale\" de Chinon."},
     {"forêt"},
     4,
     "Il cite la <mark>forêt</mark> …"},
    {"every text empty", {"", ""}, {"eau"}, 30, ""},
};

class ExtractTest : public ::testing::TestWithParam<ExtractCase> {};

TEST_P(ExtractTest, Golden) {
  const ExtractCase& c = GetParam();
  const std::vector<std::string_view> texts(c.texts.begin(), c.texts.end());
  EXPECT_EQ(best_extract(texts, analyzer(), terms_of(c.query_words), c.words), c.expected);
}

// The texts indexed as a hit's texts are (texte_question, texte_reponse, texte,
// expose, dispositif), and the extract found from their positions in the index.
struct Indexed {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  std::vector<index::TextLayout> layouts;
  Xapian::docid id = 0;
};

Indexed index_texts(const std::vector<std::string>& texts) {
  static constexpr std::array<std::pair<const char*, std::string document::Record::*>, 5> kKeys{{
      {"texte_question", &document::Record::texte_question},
      {"texte_reponse", &document::Record::texte_reponse},
      {"texte", &document::Record::texte},
      {"expose", &document::Record::expose},
      {"dispositif", &document::Record::dispositif},
  }};
  document::Record record;
  record.id = "extract";
  for (std::size_t i = 0; i < texts.size() && i < kKeys.size(); ++i) record.*kKeys[i].second = texts[i];
  Indexed indexed;
  indexed.id = indexed.db.add_document(index::DocumentBuilder(analyzer()).build(record, false).document);
  indexed.layouts = index::decode_text_layout(indexed.db.get_document(indexed.id).get_value(index::kTextLayoutSlot));
  return indexed;
}

std::optional<std::string> from_positions(const std::vector<std::string>& texts, const std::vector<std::string>& terms,
                                          std::size_t words, std::vector<index::TextLayout>* tampered = nullptr) {
  static constexpr std::array<const char*, 5> kKeys{"texte_question", "texte_reponse", "texte", "expose", "dispositif"};
  Indexed indexed = index_texts(texts);
  if (tampered != nullptr) indexed.layouts = *tampered;
  std::vector<LaidOutText> laid_out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].empty()) continue;  // as the searcher: empty texts are not looked in
    const auto found = std::find_if(indexed.layouts.begin(), indexed.layouts.end(),
                                    [&](const index::TextLayout& l) { return l.key == kKeys[i]; });
    laid_out.push_back({texts[i], found == indexed.layouts.end() ? nullptr : &*found});
  }
  std::vector<std::vector<Xapian::termpos>> positions;
  for (const std::string& term : terms) {
    auto& at = positions.emplace_back();
    for (auto p = indexed.db.positionlist_begin(indexed.id, term); p != indexed.db.positionlist_end(indexed.id, term);
         ++p)
      at.push_back(*p);
  }
  return positioned_extract(laid_out, analyzer(), terms, positions, words);
}

// Every golden passage, found again from the positions alone.
TEST_P(ExtractTest, FromPositions) {
  const ExtractCase& c = GetParam();
  EXPECT_EQ(from_positions(c.texts, terms_of(c.query_words), c.words), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, ExtractTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<ExtractCase>& param) {
                           std::string name;
                           for (const char* p = param.param.name; *p; ++p) {
                             name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
                           }
                           return name;
                         });

TEST(Extract, RenderMarksForTerminals) {
  EXPECT_EQ(render_marks("a &lt;b&gt; <mark>eau</mark> &amp; &quot;c&quot;", "[", "]"), "a <b> [eau] & \"c\"");
  EXPECT_EQ(render_marks("<mark>é</mark>", "\033[1m", "\033[0m"), "\033[1mé\033[0m");
}

TEST(Extract, HtmlEscape) {
  EXPECT_EQ(html_escape("<a href=\"x\">l'été & co</a>"), "&lt;a href=&quot;x&quot;&gt;l'été &amp; co&lt;/a&gt;");
}

// A long text is scanned up to kExtractScanBytes: a word there is marked; one
// only beyond gives the beginning of the text, with its cut mark; another text
// holding the word wins over the long one.
TEST(Extract, LongTextsAreScannedToTheirFirstBytes) {
  std::string filler;
  while (filler.size() < kExtractScanBytes + 1000) filler += "Le dispositif modifie les alinéas suivants. ";
  const std::string early = "La taxe sur les usines est supprimée. " + filler;
  const std::string late = filler + "La taxe sur les usines est supprimée.";
  EXPECT_NE(best_extract({early}, analyzer(), terms_of({"usine"}), 10).find("<mark>usines</mark>"), std::string::npos);
  const std::string from_late = best_extract({late}, analyzer(), terms_of({"usine"}), 10);
  EXPECT_EQ(from_late.find("<mark>"), std::string::npos) << from_late;
  EXPECT_TRUE(from_late.starts_with("Le dispositif modifie")) << from_late;
  EXPECT_TRUE(from_late.ends_with(" …")) << from_late;
  const std::string other = "Fermeture d'une usine à Mâcon.";
  EXPECT_EQ(best_extract({late, other}, analyzer(), terms_of({"usine"}), 10),
            "Fermeture d'une <mark>usine</mark> à Mâcon.");
}

// Long texts: the analysis starts at the checkpoint before the passage, across
// legal references, grouped numbers, ordinals and elisions, and gives what the
// analysis of the whole text gives; the positions see past kExtractScanBytes.
TEST(Extract, FromPositionsAcrossCheckpoints) {
  const std::vector<std::string> sentences{
      "Vu l'article L. 2242-1 du code du travail, les 25 000 salariés du 1er janvier sont concernés. ",
      "L'usine de Béthune, qu'on disait « sauvée », ferme ; l'État s'y était engagé. ",
      "Le dispositif modifie les alinéas 3 et 4 de l'article 12 bis. ",
      "Aujourd'hui, l’œuvre des médecins généralistes reste méconnue dans les zones rurales. ",
      "Les crédits (2,5 millions d'euros) financent 1 200 postes au 31 décembre 2024. ",
  };
  std::string text;
  for (int i = 0; text.size() < 15000; ++i) text += sentences[static_cast<std::size_t>(i * 7 % 5)];
  const std::string other = "Une réponse courte sur les salariés et l'usine.";
  const std::vector<std::vector<std::string>> queries{{"usine"},
                                                      {"médecins", "rurales"},
                                                      {"salariés", "usine", "Béthune"},
                                                      {"crédits", "postes"},
                                                      {"alinéas"},
                                                      {"1er", "janvier"},
                                                      {"L. 2242-1"},
                                                      {"zzzzz"},
                                                      {"œuvre", "État"}};
  for (const auto& query : queries) {
    for (const std::size_t words : {5u, 30u, 70u, 200u}) {
      const std::vector<std::string> texts{text, other};
      const std::vector<std::string_view> views(texts.begin(), texts.end());
      const std::string dense = best_extract(views, analyzer(), terms_of(query), words);
      EXPECT_EQ(from_positions(texts, terms_of(query), words), dense) << query.front() << " " << words;
    }
  }
  // Every word elided: each checkpoint is a token that begins after "l’" or "d'".
  std::string elided;
  for (int i = 0; i < 600; ++i) elided += i % 97 == 50 ? "l’Arles " : "l’usine d'Orange ";
  for (const std::size_t words : {5u, 30u, 100u}) {
    const std::string dense = best_extract({elided}, analyzer(), terms_of({"Arles"}), words);
    EXPECT_EQ(from_positions({elided}, terms_of({"Arles"}), words), dense) << words;
  }
  std::string filler;
  while (filler.size() < kExtractScanBytes + 1000) filler += "Le dispositif modifie les alinéas suivants. ";
  const std::string late = filler + "La taxe sur les usines est supprimée.";
  const auto found = from_positions({late}, terms_of({"usine"}), 10);
  ASSERT_TRUE(found.has_value());
  EXPECT_NE(found->find("<mark>usines</mark>"), std::string::npos) << *found;
}

// A layout that does not line up with the text (an index of another version) is
// not trusted: the caller analyses the texts instead.
TEST(Extract, FromPositionsRefusesALayoutThatDoesNotLineUp) {
  std::string text;
  while (text.size() < 3000) text += "Les médecins quittent les zones rurales et l'usine ferme. ";
  std::vector<index::TextLayout> layouts = index_texts({text}).layouts;
  ASSERT_EQ(layouts.size(), 1u);
  ASSERT_GE(layouts[0].checkpoints.size(), 3u);
  EXPECT_TRUE(from_positions({text}, terms_of({"usine"}), 10, &layouts).has_value());
  for (std::uint32_t& offset : layouts[0].checkpoints) offset += 3;  // inside a word
  layouts[0].tokens += 1;
  std::vector<index::TextLayout> shifted = layouts;
  EXPECT_FALSE(from_positions({text}, terms_of({"usine"}), 10, &shifted).has_value());
  EXPECT_FALSE(from_positions({text}, terms_of({"usine"}), 10, nullptr).value_or("").empty());
  std::vector<index::TextLayout> none;
  EXPECT_FALSE(from_positions({text}, terms_of({"usine"}), 10, &none).has_value());
}

// Offsets from arbitrary bytes must never cut outside the text or through a mark.
TEST(Extract, NeverBreaksOnOddInput) {
  const std::vector<std::string> inputs = {std::string("\xff\xfe usine \xc3", 10), "usine", "...!!!", "\n\n\n",
                                           std::string(5000, 'a') + " usine"};
  for (const std::string& input : inputs) {
    const std::string extract = best_extract({input}, analyzer(), terms_of({"usine"}), 5);
    const std::size_t opens = std::count(extract.begin(), extract.end(), '<');
    EXPECT_EQ(opens % 2, 0u) << input.substr(0, 20);
  }
}

}  // namespace
}  // namespace hemicycle::search
