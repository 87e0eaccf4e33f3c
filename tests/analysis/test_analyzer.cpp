// Golden tests of the French analyzer: input -> terms with positions. They pin
// every stage and the order of the stages (see src/analysis/analyzer.cpp).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/stopwords.h"

namespace hemicycle::analysis {
namespace {

// "term[position]", with a '*' after the term of a stopword.
std::string render(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& token : tokens) {
    if (!out.empty()) out += ' ';
    out += token.term + (token.stopword ? "*" : "") + "[" + std::to_string(token.position) + "]";
  }
  return out;
}

// "term@begin-end"
std::string render_offsets(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& token : tokens) {
    if (!out.empty()) out += ' ';
    out += token.term + "@" + std::to_string(token.begin) + "-" + std::to_string(token.end);
  }
  return out;
}

struct Golden {
  const char* input;
  const char* expected;
};

const FrenchAnalyzer& analyzer() {
  static const FrenchAnalyzer instance;
  return instance;
}

const Golden kGolden[] = {
    // stopwords flagged, not removed; positions count them; punctuation is no token
    {"Le ministre de la Santé", "le*[0] ministr[1] de*[2] la*[3] sant[4]"},
    {"— , ; ! ? « »", ""},
    {"", ""},
    // elision, with ' ’ ʼ alike, before the stopword check
    {"L’usine de Chasseneuil-du-Poitou a fermé.", "usin[0] de*[1] chasseneuil[2] du*[3] poitou[4] a*[5] ferm[6]"},
    {"l'usine lʼusine L’USINE usine", "usin[0] usin[1] usin[2] usin[3]"},
    {"jusqu’à lorsqu’il puisqu’elle quoiqu’on", "a*[0] il*[1] elle*[2] on*[3]"},
    {"c’est n’a m’a t’a s’est j’ai d’emplois", "est*[0] a*[1] a*[2] a*[3] est*[4] ai*[5] emploi[6]"},
    // other apostrophe words stay whole, with a straight apostrophe
    {"«Aujourd’hui», dit-il.", "aujourd'hui[0] dit[1] il*[2]"},
    {"qu’aujourd’hui prud’hommes", "aujourd'hui[0] prud'homm[1]"},
    // hyphenated compounds: one token per part, consecutive positions
    {"Pas-de-Calais, Saint-Omer", "pas*[0] de*[1] cal[2] saint[3] omer[4]"},
    // numbers with thousands separators (space, U+00A0, U+202F) joined; decimals kept
    {"25 000 emplois", "25000[0] emploi[1]"},
    {"194\u00A0588 habitants", "194588[0] habit[1]"},
    {"1\u202F234\u202F567,5 €", "1234567,5[0]"},
    {"25 000,50 euros", "25000,50[0] euro[1]"},
    {"en 2015 124 emplois", "en*[0] 2015[1] 124[2] emploi[3]"},
    {"12 3456 et 1234 567", "12[0] 3456[1] et*[2] 1234[3] 567[4]"},
    {"48,5 % et 1,5 million", "48,5[0] et*[1] 1,5[2] million[3]"},
    // U+202F as a space between words (ICU would join them)
    {"mot\u00A0mot\u202Fmot\u202F?", "mot[0] mot[1] mot[2]"},
    // legal references: one token, however written
    {"article L. 2242-1 du code du travail", "articl[0] l2242-1[1] du*[2] cod[3] du*[4] travail[5]"},
    {"L2242-1, l2242-1, L.2242-1, L 2242-1", "l2242-1[0] l2242-1[1] l2242-1[2] l2242-1[3]"},
    {"R. 123-4-1 et LO. 12", "r123-4-1[0] et*[1] lo12[2]"},
    {"LO 12 ; a 12 ; D 3 ; 2242-1", "lo[0] 12[1] a*[2] 12[3] d*[4] 3[5] 2242[6] 1[7]"},
    // acronyms are not mangled by the stemmer, in capitals or not
    {"PLFSS EPCI PME QPV DGF EHPAD", "plfss[0] epci[1] pme[2] qpv[3] dgf[4] ehpad[5]"},
    {"plfss epci pme qpv dgf ehpad", "plfss[0] epci[1] pme[2] qpv[3] dgf[4] ehpad[5]"},
    // NFKC: superscripts, caret ordinals, ligatures; œ/æ expanded explicitly
    {"1^re lecture, 1ʳᵉ lecture, 1re lecture, XIX^e siècle",
     "1re[0] lectur[1] 1re[2] lectur[3] 1re[4] lectur[5] xix[6] siecl[7]"},
    {"Œuvre, œuvres, ﬁnances, ex æquo", "oeuvr[0] oeuvr[1] financ[2] ex[3] aequo[4]"},
    // accents and case folded before stemming, then the post-stemming rules
    {"DÉSINDUSTRIALISATION désindustrialisation desindustrialisation",
     "desindustrialis[0] desindustrialis[1] desindustrialis[2]"},
    {"député députée députés deputes DÉPUTÉES", "deput[0] deput[1] deput[2] deput[3] deput[4]"},
    {"emploi emplois commission commissions enjeu enjeux",
     "emploi[0] emploi[1] commiss[2] commiss[3] enjeu[4] enjeu[5]"},
    // a soft hyphen inside a word is ignored
    {"dé\u00ADputé", "deput[0]"},
    // invalid UTF-8 is replaced, never fatal
    {"a\xFF"
     "b l\xE2\x80",
     "a*[0] b[1] l*[2]"},
};

TEST(FrenchAnalyzer, GoldenTerms) {
  for (const Golden& golden : kGolden) {
    EXPECT_EQ(render(analyzer().analyze(golden.input)), golden.expected) << "input: " << golden.input;
  }
}

const Golden kOffsets[] = {
    // the token of an elided word starts after the apostrophe; offsets are bytes
    {"L’usine d'Ambès", "usin@4-9 ambe@12-18"},
    {"Saint-Omer", "saint@0-5 omer@6-10"},
    {"25\u00A0000 €", "25000@0-7"},
    {"article L. 2242-1.", "articl@0-7 l2242-1@8-17"},
    {"1^re", "1re@0-4"},
    {"a\xFF"
     "b",
     "a@0-1 b@2-3"},
};

TEST(FrenchAnalyzer, OffsetsPointIntoTheOriginalText) {
  for (const Golden& golden : kOffsets) {
    EXPECT_EQ(render_offsets(analyzer().analyze(golden.input)), golden.expected) << "input: " << golden.input;
  }
}

TEST(FrenchAnalyzer, ElidedTokenKeepsTheOriginalWordFromItsBegin) {
  const std::string text = "Il a visité l’usine.";
  const std::vector<Token> tokens = analyzer().analyze(text);
  ASSERT_EQ(tokens.size(), 4U);
  EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "usine");
}

TEST(FrenchAnalyzer, FoldGivesTheKeyOfAFilterValue) {
  const std::pair<const char*, const char*> cases[] = {
      {"Économie, finances", "economie finances"},
      {"Pas-de-Calais", "pas de calais"},
      {"Santé", "sante"},
      {"  Côte-d’Or ", "cote d'or"},
      {"Œuvres sociales", "oeuvres sociales"},
      {"Travail, emploi et insertion ", "travail emploi et insertion"},
      {"1ʳᵉ circonscription", "1re circonscription"},
      {"«\u00A0Outre-mer\u00A0»", "outre mer"},
      {"", ""},
  };
  for (const auto& [input, expected] : cases) {
    EXPECT_EQ(analyzer().fold(input), expected) << "input: " << input;
  }
}

TEST(FrenchAnalyzer, TermOfAWordAndOfACompound) {
  EXPECT_EQ(analyzer().term("Députées"), "deput");
  EXPECT_EQ(analyzer().term("l’usine"), "usin");
  EXPECT_EQ(analyzer().term("Saint-Omer"), "saint omer");
  EXPECT_EQ(analyzer().term("..."), "");
}

// The spelling table's form: lower case, accents kept, ASCII or not.
TEST(FrenchAnalyzer, SpellingFormIsTheLowerCasedWord) {
  const FrenchAnalyzer analyzer;
  EXPECT_EQ(analyzer.spelling_form("Emploi"), "emploi");
  EXPECT_EQ(analyzer.spelling_form("PESTICIDES"), "pesticides");
  EXPECT_EQ(analyzer.spelling_form("DÉSINDUSTRIALISATION"), "désindustrialisation");
  EXPECT_EQ(analyzer.spelling_form("Œuvre"), "œuvre");
  EXPECT_EQ(analyzer.spelling_form("Île-de-France"), "île-de-france");
  EXPECT_EQ(analyzer.spelling_form("L2242-1"), "l2242-1");
}

TEST(FrenchAnalyzer, StopwordsAreRecognisedInAnySpelling) {
  for (const char* word : {"de", "même", "MEME", "à", "a", "Les", "qu"}) {
    EXPECT_TRUE(analyzer().is_stopword(word)) << word;
  }
  for (const char* word : {"ministre", "deput", "emploi", "été", ""}) {
    EXPECT_FALSE(analyzer().is_stopword(word)) << word;
  }
}

TEST(FrenchAnalyzer, EmbeddedStopwordsAreTheShippedFile) {
  std::ifstream file(HEMICYCLE_SOURCE_DIR "/stopwords/french.txt", std::ios::binary);
  ASSERT_TRUE(file) << "stopwords/french.txt not found";
  const std::string shipped{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  EXPECT_EQ(french_stopwords(), shipped);
}

TEST(StopwordSet, SkipsCommentsAndBlankLinesAndFoldsWords) {
  const StopwordSet set("# comment\n\n  Même \r\nÀ\n");
  EXPECT_TRUE(set.contains("meme"));
  EXPECT_TRUE(set.contains("a"));
  EXPECT_FALSE(set.contains("# comment"));
  EXPECT_FALSE(set.contains(""));
}

TEST(FrenchAnalyzer, WithoutStemmingTermsAreFoldedWords) {
  const FrenchAnalyzer unstemmed(AnalyzerOptions{.stem = false});
  EXPECT_EQ(render(unstemmed.analyze("Les députées d’Ambès")), "les*[0] deputees[1] ambes[2]");
  EXPECT_NE(unstemmed.signature(), analyzer().signature());
}

TEST(FrenchAnalyzer, SignatureNamesTheStagesAndTheStopwordList) {
  const std::string signature = analyzer().signature();
  EXPECT_EQ(signature.rfind("fr-1:", 0), 0U) << signature;
  for (const char* stage : {"nfkc_cf", "fold", "elision", "stopwords-", "snowball-french", "stem-rules-2"}) {
    EXPECT_NE(signature.find(stage), std::string::npos) << stage << " missing from " << signature;
  }
}

TEST(FrenchAnalyzer, ConcurrentCallsGiveTheSameTokens) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Les députées de l’EPCI ont voté 25 000 € pour l’article L. 2242-1. ";
  const std::vector<Token> expected = analyzer().analyze(text);
  std::vector<int> matches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < matches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) matches[t] += analyzer().analyze(text) == expected ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int count : matches) EXPECT_EQ(count, 20);
}

}  // namespace
}  // namespace hemicycle::analysis
