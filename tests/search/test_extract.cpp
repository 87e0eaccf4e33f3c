// The extract under a hit: passage choice, <mark> placement on the original
// (accented) words, HTML escaping, cut marks. Golden, table driven.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/analyzer.h"
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
