// Golden tests of the query language: query string -> Xapian::Query::get_description()
// of the scored and filter parts, and query string -> QueryError offset and message.
// The database is a tiny in-memory one holding the terms that wildcards and exact
// field values look up.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "errors.h"
#include "index/schema.h"
#include "search/query_parser.h"
#include "search/synonyms.h"
#include "text/split.h"

namespace hemicycle::search {
namespace {

// The body and ranked-field alternatives of one word, as every scored word is built.
std::string word(const std::string& term) {
  return "(" + term + " OR 3 * S" + term + " OR 2 * XR" + term + " OR 1.5 * XM" + term + " OR 1.5 * XT" + term + ")";
}

class QueryParserTest : public ::testing::Test {
 protected:
  QueryParserTest() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    Xapian::Document document;
    for (const char* term : {"agricol", "agricultur", "agriculteur", "XRUBagriculture", "XTERvienne", "XTERd86",
                             "XTERr75", "XTYPEqe", "QQANR5L16QE1234"}) {
      document.add_term(term);
    }
    db_.add_document(document);
    synonyms_ = Synonyms::load(HEMICYCLE_TEST_DATA "/search/synonyms.txt", analyzer_);
    options_.synonyms = &synonyms_;
    // The golden queries show the words' own query; the title coverage laid over
    // it has a test of its own (AddsTheTitleCoverageOverTheWords).
    options_.title_coverage = 0;
  }

  [[nodiscard]] ParsedQuery parse(const std::string& query) const {
    return QueryParser(analyzer_, db_, options_).parse(query);
  }

  analysis::FrenchAnalyzer analyzer_;
  Xapian::WritableDatabase db_;
  Synonyms synonyms_;
  QueryOptions options_;
};

struct GoldenQuery {
  std::string query;
  std::string scored;  // descriptions
  std::string filter;
};

TEST_F(QueryParserTest, BuildsTheGoldenQueries) {
  const std::string projet_de_loi_de_finances =
      "((projet PHRASE 5 loi PHRASE 5 financ) OR 3 * (Sprojet AND Sloi AND Sfinanc)"
      " OR 2 * (XRprojet AND XRloi AND XRfinanc) OR 1.5 * (XMprojet AND XMloi AND XMfinanc)"
      " OR 1.5 * (XTprojet AND XTloi AND XTfinanc))";
  const std::vector<GoldenQuery> cases{
      // Words: analysed as at index time, joined by AND, stopwords dropped.
      {"pesticides", "Query(" + word("pesticid") + ")", "Query()"},
      {"l’emploi des jeunes", "Query((" + word("emploi") + " AND " + word("jeun") + "))", "Query()"},
      {"L'EMPLOI", "Query(" + word("emploi") + ")", "Query()"},
      // Words the analyzer splits are phrases; the fields (no positions) take their non-stopwords.
      {"Saint-Omer",
       "Query(((saint PHRASE 2 omer) OR 3 * (Ssaint AND Somer) OR 2 * (XRsaint AND XRomer)"
       " OR 1.5 * (XMsaint AND XMomer) OR 1.5 * (XTsaint AND XTomer)))",
       "Query()"},
      {"Pas-de-Calais",
       "Query(((cal OR 3 * Scal OR 2 * XRcal OR 1.5 * XMcal OR 1.5 * XTcal)"
       " AND_MAYBE 1.5 * XTERpas de calais))",
       "Query()"},
      {"12:30",
       "Query(((12 PHRASE 2 30) OR 3 * (S12 AND S30) OR 2 * (XR12 AND XR30) OR 1.5 * (XM12 AND XM30)"
       " OR 1.5 * (XT12 AND XT30)))",
       "Query()"},
      // Words the analyzer joins across spaces, as at index time.
      {"article L. 2242-1", "Query((" + word("articl") + " AND " + word("l2242-1") + "))", "Query()"},
      {"L.2242-1: texte", "Query((" + word("l2242-1") + " AND " + word("text") + "))", "Query()"},
      {"25 000 euros", "Query((" + word("25000") + " AND " + word("euro") + "))", "Query()"},
      // Stopwords are not indexed: alone they search nothing; in a phrase, the other
      // words must be as far apart as they were ("projet de loi": projet, loi within 3).
      {"le", "Query()", "Query()"},
      {"à la", "Query()", "Query()"},
      {"pesticides AND le", "Query(" + word("pesticid") + ")", "Query()"},
      {"\"accès aux soins\"",
       "Query(((acce PHRASE 3 soin) OR 3 * (Sacce AND Ssoin) OR 2 * (XRacce AND XRsoin)"
       " OR 1.5 * (XMacce AND XMsoin) OR 1.5 * (XTacce AND XTsoin)))",
       "Query()"},
      {"\"de la santé\"", "Query(" + word("sant") + ")", "Query()"},
      // Phrases, with any kind of quotation marks; a quoted synonym brings its alternatives.
      {"\"projet de loi de finances\"", "Query((" + projet_de_loi_de_finances + " OR " + word("plf") + "))", "Query()"},
      {"« projet de loi de finances »", "Query((" + projet_de_loi_de_finances + " OR " + word("plf") + "))", "Query()"},
      {"“Pas-de-Calais”",
       "Query(((cal OR 3 * Scal OR 2 * XRcal OR 1.5 * XMcal OR 1.5 * XTcal)"
       " AND_MAYBE 1.5 * XTERpas de calais))",
       "Query()"},
      {"\"le\"", "Query()", "Query()"},
      {"\"\"", "Query()", "Query()"},
      // Synonyms: a word or a run of words that is an alternative.
      {"PLF 2024", "Query(((" + word("plf") + " OR " + projet_de_loi_de_finances + ") AND " + word("2024") + "))",
       "Query()"},
      {"projet de loi de finances 2024",
       "Query(((" + projet_de_loi_de_finances + " OR " + word("plf") + ") AND " + word("2024") + "))", "Query()"},
      {"clef", "Query((" + word("clef") + " OR " + word("cle") + "))", "Query()"},
      {"week-end",
       "Query((((week PHRASE 2 end) OR 3 * (Sweek AND Send) OR 2 * (XRweek AND XRend) OR 1.5 * (XMweek AND XMend)"
       " OR 1.5 * (XTweek AND XTend)) OR " +
           word("weekend") + "))",
       "Query()"},
      {"RIP",
       "Query((" + word("rip") +
           " OR ((reseau PHRASE 3 initi PHRASE 3 publiqu) OR 3 * (Sreseau AND Siniti AND Spubliqu)"
           " OR 2 * (XRreseau AND XRiniti AND XRpubliqu) OR 1.5 * (XMreseau AND XMiniti AND XMpubliqu)"
           " OR 1.5 * (XTreseau AND XTiniti AND XTpubliqu))"
           " OR ((referendum PHRASE 3 initi PHRASE 3 partag) OR 3 * (Sreferendum AND Siniti AND Spartag)"
           " OR 2 * (XRreferendum AND XRiniti AND XRpartag) OR 1.5 * (XMreferendum AND XMiniti AND XMpartag)"
           " OR 1.5 * (XTreferendum AND XTiniti AND XTpartag))))",
       "Query()"},
      // Operators: OR binds tighter than AND; NOT and '-' tightest.
      {"pesticides glyphosate OR néonicotinoïdes",
       "Query((" + word("pesticid") + " AND (" + word("glyphosat") + " OR " + word("neonicotinoid") + ")))", "Query()"},
      {"(pesticides AND glyphosate) OR abeilles",
       "Query(((" + word("pesticid") + " AND " + word("glyphosat") + ") OR " + word("abeil") + "))", "Query()"},
      {"pesticides -glyphosate", "Query((" + word("pesticid") + " AND_NOT " + word("glyphosat") + "))", "Query()"},
      {"pesticides NOT glyphosate", "Query((" + word("pesticid") + " AND_NOT " + word("glyphosat") + "))", "Query()"},
      {"NOT NOT pesticides", "Query(" + word("pesticid") + ")", "Query()"},
      {"-pesticides", "Query()", "Query((<alldocuments> AND_NOT " + word("pesticid") + "))"},
      {"-(pesticides glyphosate)", "Query()",
       "Query((<alldocuments> AND_NOT (" + word("pesticid") + " AND " + word("glyphosat") + ")))"},
      {"pesticides OR -glyphosate",
       "Query((" + word("pesticid") + " OR 0 * (<alldocuments> AND_NOT " + word("glyphosat") + ")))", "Query()"},
      {"()", "Query()", "Query()"},
      {"?!", "Query()", "Query()"},
      {"", "Query()", "Query()"},
      // Wildcards: the folded prefix over the indexed stems.
      {"agri*", "Query(WILDCARD SYNONYM agri)", "Query()"},
      {"Agricult* France", "Query((WILDCARD SYNONYM agricult AND " + word("franc") + "))", "Query()"},
      {"http://example.org",
       "Query(((http PHRASE 2 example.org) OR 3 * (Shttp AND Sexample.org) OR 2 * (XRhttp AND XRexample.org)"
       " OR 1.5 * (XMhttp AND XMexample.org) OR 1.5 * (XThttp AND XTexample.org)))",
       "Query()"},
      // Field filters: exact value when the database has it, else the words of the value.
      {"rubrique:agriculture", "Query()", "Query(XRUBagriculture)"},
      {"Rubrique:AGRICULTURE", "Query()", "Query(XRUBagriculture)"},
      {"rubrique:pêche", "Query()", "Query(XRpech)"},
      {"ministere:economie", "Query()", "Query(XMeconom)"},
      {"ministère:\"économie et finances\"", "Query()", "Query((XMeconom AND XMfinanc))"},
      {"territoire:86", "Query()", "Query(XTERd86)"},
      {"territoire:75", "Query()", "Query(XTERr75)"},
      {"territoire:2a", "Query()", "Query(XTERd2A)"},
      // Territory names: the code term of the largest territory of that name (its
      // communes and EPCI carry it too); communes and EPCI by INSEE code or SIREN.
      {"territoire:vienne", "Query()", "Query(XTERd86)"},
      {"territoire:Haute-Vienne", "Query()", "Query(XTERd87)"},
      {"territoire:normandie", "Query()", "Query(XTERr28)"},
      // The facets' names for the départements and régions filter as territoire: does.
      {"departement:vienne", "Query()", "Query(XTERd86)"},
      {"Département:\"Pas-de-Calais\"", "Query()", "Query(XTERd62)"},
      {"region:normandie", "Query()", "Query(XTERr28)"},
      {"région:75", "Query()", "Query(XTERr75)"},
      {"territoire:pas-de-calais", "Query()", "Query(XTERd62)"},
      {"territoire:\"pas de calais\"", "Query()", "Query(XTERd62)"},
      {"territoire:Saint-Omer", "Query()", "Query((XTERc14635 OR XTERc62765))"},
      {"territoire:62765", "Query()", "Query(XTERc62765)"},
      {"territoire:2a004", "Query()", "Query(XTERc2A004)"},
      {"territoire:200069037", "Query()", "Query(XTERe200069037)"},
      {"territoire:\"CA du Cotentin\"", "Query()", "Query(XTERe200067205)"},
      // A territory among the free-text words raises the documents tagged with it.
      {"fermeture usine vienne",
       "Query(((" + word("fermetur") + " AND " + word("usin") + " AND " + word("vien") +
           ") AND_MAYBE 1.5 * XTERvienne))",
       "Query()"},
      {"auteur:Dupont", "Query()", "Query(Adupont)"},
      {"groupe:\"Les Républicains\"", "Query()", "Query(XGrepublicain)"},
      {"titre:pesticides", "Query()", "Query(Spesticid)"},
      {"type:QE", "Query()", "Query(XTYPEqe)"},
      {"legislature:16", "Query()", "Query(XLEG16)"},
      {"statut:répondu", "Query()", "Query(XSTATrepondu)"},
      {"numero:1234", "Query()", "Query(XNUM1234)"},
      {"id:qanr5l16qe1234", "Query()", "Query(QQANR5L16QE1234)"},
      {"id:QANR5L16QE9", "Query()", "Query(QQANR5L16QE9)"},
      {"annee:2023", "Query()", "Query(Y2023)"},
      {"Année:2023", "Query()", "Query(Y2023)"},
      {"NOT rubrique:agriculture", "Query()", "Query((<alldocuments> AND_NOT XRUBagriculture))"},
      {"pesticides -glyphosate rubrique:agriculture -type:qe",
       "Query((" + word("pesticid") + " AND_NOT " + word("glyphosat") + "))",
       "Query((XRUBagriculture AND_NOT XTYPEqe))"},
      {"(rubrique:agriculture OR rubrique:pêche) pesticides", "Query(" + word("pesticid") + ")",
       "Query((XRUBagriculture OR XRpech))"},
      {"(rubrique:agriculture -type:qe)", "Query()", "Query((XRUBagriculture AND_NOT XTYPEqe))"},
      {"santé OR rubrique:agriculture", "Query((" + word("sant") + " OR 0 * XRUBagriculture))", "Query()"},
      {"(santé rubrique:agriculture) OR abeilles",
       "Query(((" + word("sant") + " FILTER XRUBagriculture) OR " + word("abeil") + "))", "Query()"},
      // Dates on the publication (else answer) date, and on the answer date.
      {"date:2023-01-01..2024-06-30", "Query()", "Query(VALUE_RANGE 0 20230101 20240630)"},
      {"date:2023..", "Query()", "Query(VALUE_GE 0 20230101)"},
      {"date:..2019-12-31", "Query()", "Query(VALUE_LE 0 20191231)"},
      {"date:2023", "Query()", "Query(VALUE_RANGE 0 20230101 20231231)"},
      {"date:2023-05", "Query()", "Query(VALUE_RANGE 0 20230501 20230531)"},
      {"date:2023-02..2023-04", "Query()", "Query(VALUE_RANGE 0 20230201 20230430)"},
      {"reponse:2024-02", "Query()", "Query(VALUE_RANGE 1 20240201 20240229)"},
      {"réponse:2023-02", "Query()", "Query(VALUE_RANGE 1 20230201 20230228)"},
      {"decision:2024-12..", "Query()", "Query(VALUE_GE 18 20241201)"},
      {"pesticides date:2023", "Query(" + word("pesticid") + ")", "Query(VALUE_RANGE 0 20230101 20231231)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    const ParsedQuery parsed = parse(c.query);
    EXPECT_EQ(parsed.scored.get_description(), c.scored);
    EXPECT_EQ(parsed.filter.get_description(), c.filter);
  }
}

// Where every document has its pairs of adjacent words that are a frequent pair, a
// body phrase of two such words is their AND filtered by their pair at each
// distance the query allows; a longer one keeps its positional check, behind the
// pairs it has. A phrase of words seldom together, with a word that is no pair
// word, words further apart than the pairs go, or an index where some documents
// lack them, has the positional phrase alone. An index of layout 11 has the pairs
// of every two pair words; one of layout 10 the pairs of every two words.
TEST_F(QueryParserTest, BuildsPhrasesFromThePairsOfAdjacentWords) {
  const auto body_of = [this](const Xapian::Database& db, const std::string& query) {
    const std::string scored = QueryParser(analyzer_, db, options_).parse(query).scored.get_description();
    return scored.substr(0, scored.find(" OR 3 * "));
  };
  ASSERT_TRUE(index::is_frequent_pair("projet", "loi") && index::is_frequent_pair("loi", "financ"));
  ASSERT_TRUE(index::is_pair_word("acce") && index::is_pair_word("soin") && !index::is_frequent_pair("acce", "soin"));
  ASSERT_FALSE(index::is_pair_word("omer") || index::is_pair_word("maternit"));
  Xapian::WritableDatabase paired(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document document;
  document.add_boolean_term(index::pairs_indexed_term());
  paired.add_document(document);
  EXPECT_EQ(body_of(paired, "\"projet de loi\""),
            "Query((((projet AND loi) FILTER (XPH1projet loi OR XPH2projet loi))");
  EXPECT_EQ(body_of(paired, "\"accès aux soins\""), "Query(((acce PHRASE 3 soin)") << "seldom together";
  EXPECT_EQ(body_of(paired, "Saint-Omer"), "Query(((saint PHRASE 2 omer)");
  EXPECT_EQ(body_of(paired, "\"projet de loi de finances\""),
            "Query(((((projet PHRASE 5 loi PHRASE 5 financ) FILTER ((XPH1projet loi OR XPH2projet loi) AND "
            "(XPH1loi financ OR XPH2loi financ)))");
  EXPECT_EQ(body_of(paired, "\"projet de loi sur la maternité\""),
            "Query((((projet PHRASE 6 loi PHRASE 6 maternit) FILTER (XPH1projet loi OR XPH2projet loi))");
  EXPECT_EQ(body_of(paired, "\"projet à la de la loi\""), "Query(((projet PHRASE 6 loi)");
  EXPECT_EQ(body_of(db_, "\"projet de loi\""), "Query(((projet PHRASE 3 loi)");

  Xapian::WritableDatabase layout_11(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document of_pair_words;
  of_pair_words.add_boolean_term(index::pair_words_indexed_term());
  layout_11.add_document(of_pair_words);
  EXPECT_EQ(body_of(layout_11, "\"accès aux soins\""),
            "Query((((acce AND soin) FILTER (XPH1acce soin OR XPH2acce soin))");
  EXPECT_EQ(body_of(layout_11, "Saint-Omer"), "Query(((saint PHRASE 2 omer)");

  Xapian::WritableDatabase all_pairs(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document layout_10;
  layout_10.add_boolean_term(std::string(index::kAllPairsIndexedTerm));
  all_pairs.add_document(layout_10);
  EXPECT_EQ(body_of(all_pairs, "Saint-Omer"), "Query((((saint AND omer) FILTER XPH1saint omer)");
  all_pairs.add_document(of_pair_words);  // pairs of pair words in this one: those only
  EXPECT_EQ(body_of(all_pairs, "Saint-Omer"), "Query(((saint PHRASE 2 omer)");
  EXPECT_EQ(body_of(all_pairs, "\"accès aux soins\""),
            "Query((((acce AND soin) FILTER (XPH1acce soin OR XPH2acce soin))");
  all_pairs.add_document(document);  // frequent pairs in this one: those only
  EXPECT_EQ(body_of(all_pairs, "\"accès aux soins\""), "Query(((acce PHRASE 3 soin)");
  EXPECT_EQ(body_of(all_pairs, "\"projet de loi\""),
            "Query((((projet AND loi) FILTER (XPH1projet loi OR XPH2projet loi))");

  paired.add_document(Xapian::Document());
  EXPECT_EQ(body_of(paired, "\"projet de loi\""), "Query(((projet PHRASE 3 loi)") << "a document without pairs";
}

TEST(PairWordsTest, AreTheListedTermsAndTheirHashMarksTheIndex) {
  // Frequent words of parliamentary text, as the analyzer indexes them; not rare ones.
  for (const std::string_view word : {"projet", "loi", "ministr", "sant", "aujourd'hui"}) {
    EXPECT_TRUE(index::is_pair_word(word)) << word;
  }
  for (const std::string_view word : {"maternit", "omer", "", "projets", "#"}) {
    EXPECT_FALSE(index::is_pair_word(word)) << word;
  }
  EXPECT_TRUE(index::pairs_indexed_term().starts_with("XPAIRF"));
  EXPECT_EQ(index::pairs_indexed_term().size(), 14u);
  EXPECT_TRUE(index::pair_words_indexed_term().starts_with("XPAIRC"));
  EXPECT_EQ(index::pair_words_indexed_term().size(), 14u);
  EXPECT_NE(std::string_view(index::pairs_indexed_term()), index::kAllPairsIndexedTerm);
}

// data/phrase_pairs/frequent_pairs.txt has a row of the right length for every pair
// word, and its pairs are symmetric, as being together in documents is. Frequent
// pairs of parliamentary text are among them; words of one text seldom together are not.
TEST(PairWordsTest, FrequentPairsAreARowPerWordSymmetricAndOfCommonPhrases) {
  const std::vector<std::string_view> words = index::pair_words_in_order();
  ASSERT_GT(words.size(), 500u);
  std::size_t rows = 0;
  for (const std::string_view line : text::split(index::frequent_pairs(), '\n')) {
    if (line.empty() || line.starts_with('#')) continue;
    ASSERT_LT(rows, words.size());
    EXPECT_TRUE(line.starts_with(std::string(words[rows]) + " ")) << "row " << rows << ": " << line.substr(0, 20);
    EXPECT_EQ(line.size(), words[rows].size() + 1 + (words.size() + 3) / 4) << line.substr(0, 20);
    ++rows;
  }
  EXPECT_EQ(rows, words.size());
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(index::pair_word_place(words[i]), i);
    for (std::size_t j = 0; j < words.size(); ++j) {
      EXPECT_EQ(index::is_frequent_pair(i, j), index::is_frequent_pair(j, i)) << words[i] << " " << words[j];
      pairs += index::is_frequent_pair(i, j) && j > i ? 1 : 0;
    }
  }
  EXPECT_GT(pairs, 10000u);
  EXPECT_LT(pairs, words.size() * words.size() / 4);
  for (const auto& [word, next] : {std::pair{"projet", "loi"}, {"ministr", "sant"}, {"amend", "vis"}}) {
    EXPECT_TRUE(index::is_frequent_pair(word, next)) << word << " " << next;
  }
  EXPECT_FALSE(index::is_frequent_pair("agriculteur", "sub"));
  EXPECT_FALSE(index::is_frequent_pair("projet", "omer")) << "not a pair word";
  EXPECT_FALSE(index::is_frequent_pair(words.size(), 0));
}

TEST(PairTermTest, HoldsTheDistanceAndBothWordsInOrder) {
  EXPECT_EQ(index::pair_term("projet", "loi", 2), "XPH2projet loi");
  EXPECT_NE(index::pair_term("projet", "loi", 1), index::pair_term("loi", "projet", 1));
  EXPECT_EQ(index::pair_term("projet", "loi", 0), "");
  EXPECT_EQ(index::pair_term("projet", "loi", index::kMaxPairGap + 1), "");
  EXPECT_EQ(index::pair_term(std::string(200, 'a'), std::string(40, 'b'), 1), "") << "longer than Xapian takes";
}

struct GoldenError {
  std::string query;
  std::size_t offset;
  std::string message;
};

TEST_F(QueryParserTest, ReportsWhereTheQueryIsWrong) {
  // Every field of the table is named, in its order.
  const std::string known = "(known: " + index::field_names() + ")";
  ASSERT_TRUE(known.starts_with("(known: titre, rubrique, ministere, ")) << known;
  const std::vector<GoldenError> cases{
      {"foo:bar", 0, "unknown field 'foo' " + known},
      {"pesticides sujet:abeilles", 11, "unknown field 'sujet' " + known},
      {"rubrique:", 9, "missing value after 'rubrique:'"},
      {"rubrique:\"  \"", 10, "missing value after 'rubrique:'"},
      {"rubrique:le", 9, "'le' has no word to search for in rubrique:"},
      {"date:2023-13", 5, "bad date '2023-13': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B"},
      {"date:2023-02-29", 5, "bad date '2023-02-29': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B"},
      {"date:2023/01/01", 5, "bad date '2023/01/01': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B"},
      {"date:2020..juin", 11, "bad date 'juin': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B"},
      {"reponse:..20x3", 10, "bad date '20x3': write YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B"},
      {"date:..", 5, "a date range needs a date on at least one side of '..'"},
      {"date:2024..2023", 5, "the date range '2024..2023' ends before it starts"},
      {"(pesticides", 0, "unbalanced '(': no ')' after it"},
      {"pesticides)", 10, "unbalanced ')': no '(' before it"},
      {"\"projet de loi", 0, "unbalanced quote: no closing \" for the quote opened here"},
      {"« projet de loi", 0, "unbalanced quote: no closing » for the quote opened here"},
      {"OR pesticides", 0, "'OR' needs something to search on each side"},
      {"pesticides OR", 11, "'OR' needs something to search on each side"},
      {"pesticides OR )", 11, "'OR' needs something to search on each side"},
      {"AND pesticides", 0, "'AND' needs something to search on each side"},
      {"a AND AND b", 2, "'AND' needs something to search on each side"},
      {"pesticides NOT", 11, "'NOT' must be followed by something to exclude"},
      {"-OR pesticides", 0, "'-' must be followed by something to exclude"},
      {"*", 0, "'*' must end the beginning of a word, as in agricult*"},
      {"pesticides -*", 12, "'*' must end the beginning of a word, as in agricult*"},
      {"saint-o*", 0, "'saint-o*': '*' completes one word, not several"},
      {"pesticides\x01", 10, "control character U+0001 at byte 10"},
      {"pesticides \xC2\x85", 11, "control character U+0085 at byte 11"},
      {"p\xE9sticides", 1, "invalid UTF-8 at byte 1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    try {
      (void)parse(c.query);
      ADD_FAILURE() << "no QueryError";
    } catch (const QueryError& error) {
      EXPECT_EQ(error.offset(), c.offset);
      EXPECT_EQ(std::string(error.what()), c.message);
    }
  }
}

TEST_F(QueryParserTest, RefusesAWildcardMatchingTooManyTerms) {
  options_.max_wildcard_terms = 2;
  try {
    (void)parse("pesticides agri*");
    FAIL() << "no QueryError";
  } catch (const QueryError& error) {
    EXPECT_EQ(error.offset(), 11u);
    EXPECT_STREQ(error.what(), "'agri*' matches more than 2 words; make the prefix longer");
  }
  EXPECT_EQ(parse("agricult*").scored.get_description(), "Query(WILDCARD SYNONYM agricult)");
}

TEST_F(QueryParserTest, BoundsLongAndDeepQueries) {
  const std::string long_query(5000, 'a');
  try {
    (void)parse(long_query);
    FAIL() << "no QueryError";
  } catch (const QueryError& error) {
    EXPECT_EQ(error.offset(), 4096u);
    EXPECT_STREQ(error.what(), "the query is too long (5000 bytes; at most 4096)");
  }

  const std::string deep = std::string(1000, '(') + "pesticides" + std::string(1000, ')');
  options_.max_query_bytes = deep.size();
  try {
    (void)parse(deep);
    FAIL() << "no QueryError";
  } catch (const QueryError& error) {
    EXPECT_EQ(error.offset(), 32u);
    EXPECT_STREQ(error.what(), "parentheses nested more than 32 deep");
  }
  const std::string allowed = std::string(32, '(') + "pesticides" + std::string(32, ')');
  EXPECT_EQ(parse(allowed).scored.get_description(), "Query(" + word("pesticid") + ")");

  std::string many_words;
  for (int i = 0; i < 10000; ++i) many_words += "abeilles ";
  options_.max_query_bytes = many_words.size();
  const ParsedQuery parsed = parse(many_words);
  EXPECT_EQ(parsed.words.size(), 10000u);
  EXPECT_EQ(parsed.highlight_terms, std::vector<std::string>{"abeil"});

  std::string many_negations;
  for (int i = 0; i < 1001; ++i) many_negations += "NOT ";
  many_negations += "pesticides";
  options_.max_query_bytes = many_negations.size();
  EXPECT_EQ(parse(many_negations).filter.get_description(), "Query((<alldocuments> AND_NOT " + word("pesticid") + "))");
}

// Random queries made of the language's pieces: a QueryError or a query, never a crash or a hang.
TEST_F(QueryParserTest, SurvivesRandomQueries) {
  const std::vector<std::string> pieces{
      "(",         ")",     "\"",          "«",          "»",    "-",          "*",         ":",      "..",  " ",
      " OR ",      " AND ", "NOT ",        "pesticides", "l’",   "Saint-Omer", "L. 2242-1", "25 000", "PLF", "de la",
      "rubrique:", "date:", "date:2023..", "agri*",      "foo:", "\xE9",       "\x01",      "é"};
  std::uint32_t state = 12345;
  const auto next_random = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  std::size_t parsed = 0;
  std::size_t refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string query;
    const std::uint32_t length = next_random() % 12;
    for (std::uint32_t j = 0; j < length; ++j) query += pieces[next_random() % pieces.size()];
    SCOPED_TRACE(query);
    try {
      const ParsedQuery result = parse(query);
      (void)result.combined().get_description();
      ++parsed;
    } catch (const QueryError& error) {
      EXPECT_LE(error.offset(), query.size());
      ++refused;
    }
  }
  EXPECT_GT(parsed, 300u);
  EXPECT_GT(refused, 300u);
}

TEST_F(QueryParserTest, ListsHighlightTermsAndTypedWords) {
  struct Case {
    std::string query;
    std::vector<std::string> highlight_terms;
    std::vector<std::string> words;
  };
  const std::vector<Case> cases{
      {"l’emploi des jeunes", {"emploi", "jeun"}, {"emploi", "jeunes"}},
      {"PLF -glyphosate rubrique:agriculture", {"plf", "projet", "loi", "financ"}, {"PLF", "glyphosate"}},
      {"\"Pas-de-Calais\" -(abeilles OR frelons)", {"cal"}, {"Calais", "abeilles", "frelons"}},
      {"NOT NOT abeilles", {"abeil"}, {"abeilles"}},
      {"article L. 2242-1", {"articl", "l2242-1"}, {"article", "L. 2242-1"}},
      {"agricult*", {"agriculteur", "agricultur"}, {}},
      {"-agricult*", {}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    const ParsedQuery parsed = parse(c.query);
    EXPECT_EQ(parsed.highlight_terms, c.highlight_terms);
    EXPECT_EQ(parsed.words, c.words);
  }
}

TEST_F(QueryParserTest, UsesTheConfiguredBoosts) {
  options_.boosts = {{"titre", 3.0}, {"territoire", 0.0}};
  EXPECT_EQ(parse("abeilles").scored.get_description(), "Query((abeil OR 3 * Sabeil OR 2 * XRabeil OR 1.5 * XMabeil))");
}

// Each positive query word found in a title adds weight × (1/|title| + 1/|query|):
// a title weight read from the value slot, a fixed share of the query's, and the
// title term itself only deciding which documents get them (weight 0).
TEST_F(QueryParserTest, AddsTheTitleCoverageOverTheWords) {
  options_.title_coverage = 60;
  const std::string covered = parse("abeilles agriculture").scored.get_description();
  EXPECT_TRUE(covered.starts_with("Query((("));
  EXPECT_NE(covered.find(" AND_MAYBE ("), std::string::npos) << covered;
  EXPECT_NE(covered.find("(0 * Sabeil AND 60 * PostingSource(Xapian::ValueWeightPostingSource(slot=14)) AND "
                         "PostingSource(Xapian::FixedWeightPostingSource(wt=30)))"),
            std::string::npos)
      << covered;
  EXPECT_NE(covered.find("0 * Sagricultur AND"), std::string::npos) << covered;

  options_.boosts = {{"titre", 1.5}};
  EXPECT_NE(parse("abeilles").scored.get_description().find("30 * PostingSource(Xapian::ValueWeightPostingSource"),
            std::string::npos)
      << "a custom title boost scales the coverage as it scales the title's words";
  options_.boosts = {{"titre", 0.0}};
  EXPECT_EQ(parse("abeilles").scored.get_description().find("PostingSource"), std::string::npos);
  options_.boosts = {};
  EXPECT_EQ(parse("rubrique:agriculture").scored.get_description().find("PostingSource"), std::string::npos)
      << "a filter alone scores nothing";
  EXPECT_EQ(parse("-abeilles agriculture").scored.get_description().find("0 * Sabeil"), std::string::npos)
      << "an excluded word is no title evidence";
}

TEST_F(QueryParserTest, CombinesScoredAndFilterParts) {
  EXPECT_EQ(parse("abeilles rubrique:agriculture").combined().get_description(),
            "Query((" + word("abeil") + " FILTER XRUBagriculture))");
  EXPECT_EQ(parse("rubrique:agriculture").combined().get_description(), "Query(0 * XRUBagriculture)");
  EXPECT_EQ(parse("abeilles").combined().get_description(), "Query(" + word("abeil") + ")");
  EXPECT_EQ(parse("?").combined().get_description(), "Query()");
}

TEST(SynonymsTest, FindsTheAlternativesOfAnalysedTerms) {
  const analysis::FrenchAnalyzer analyzer;
  const Synonyms synonyms = Synonyms::load(HEMICYCLE_TEST_DATA "/search/synonyms.txt", analyzer);
  using Alternatives = std::vector<std::vector<std::string>>;
  EXPECT_EQ(synonyms.alternatives({"plf"}), (Alternatives{{"projet", "de", "loi", "de", "financ"}}));
  EXPECT_EQ(synonyms.alternatives({"projet", "de", "loi", "de", "financ"}), (Alternatives{{"plf"}}));
  EXPECT_EQ(synonyms.alternatives({"rip"}),
            (Alternatives{{"reseau", "initi", "publiqu"}, {"referendum", "initi", "partag"}}));
  EXPECT_EQ(synonyms.alternatives({"cle"}), (Alternatives{{"clef"}}));
  EXPECT_EQ(synonyms.alternatives({"projet", "loi", "financ"}), Alternatives{});
  EXPECT_EQ(synonyms.longest(), 5u);
}

// Every multi-word alternative of the shipped list is searched as a phrase of
// stems. Where its stems stand, in order, inside an alternative of another
// group, the words there must be its own words too: else the search for one
// acronym finds the other ("projet de loi de finances" inside "projet de loi de
// financement de la sécurité sociale" would bring PLFSS to a search for PLF).
TEST(SynonymsTest, NoShippedAlternativeMatchesInsideAnotherGroupByItsStemsAlone) {
  const analysis::FrenchAnalyzer stemmed;
  const analysis::FrenchAnalyzer unstemmed(analysis::AnalyzerOptions{.stem = false});
  struct Alternative {
    std::size_t group;
    std::string text;
    std::vector<std::string> stems, words;  // without stopwords
  };
  std::vector<Alternative> alternatives;
  std::size_t group = 0;
  for (std::string_view rest = default_synonyms(); !rest.empty(); ++group) {
    const std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    if (line.empty() || line.front() == '#') continue;
    while (!line.empty()) {
      const std::size_t bar = line.find(" | ");
      const std::string text(line.substr(0, bar));
      line.remove_prefix(bar == std::string_view::npos ? line.size() : bar + 3);
      Alternative alternative{group, text, {}, {}};
      for (const auto& token : stemmed.analyze(text)) {
        if (!token.stopword) alternative.stems.push_back(token.term);
      }
      for (const auto& token : unstemmed.analyze(text)) {
        if (!token.stopword) alternative.words.push_back(token.term);
      }
      alternatives.push_back(std::move(alternative));
    }
  }
  ASSERT_GT(alternatives.size(), 150u);
  for (const Alternative& inner : alternatives) {
    if (inner.stems.size() < 2) continue;
    for (const Alternative& outer : alternatives) {
      if (outer.group == inner.group || outer.stems.size() < inner.stems.size()) continue;
      for (std::size_t at = 0; at + inner.stems.size() <= outer.stems.size(); ++at) {
        if (!std::equal(inner.stems.begin(), inner.stems.end(), outer.stems.begin() + static_cast<long>(at))) continue;
        EXPECT_TRUE(std::equal(inner.words.begin(), inner.words.end(), outer.words.begin() + static_cast<long>(at)))
            << "'" << inner.text << "' matches inside '" << outer.text << "' by its stems only";
      }
    }
  }
}

// The table analysed at build time is the list as the analyzer of this build reads it.
TEST(SynonymsTest, TheBuiltInTableIsTheShippedListAnalysed) {
  const analysis::FrenchAnalyzer analyzer;
  const std::string table = Synonyms::parse(default_synonyms(), analyzer).to_table();
  EXPECT_GT(std::count(table.begin(), table.end(), '\n'), 80);
  EXPECT_EQ(Synonyms::embedded().to_table(), table);
  EXPECT_EQ(Synonyms::from_table(table).to_table(), table);
  EXPECT_EQ(Synonyms::embedded().longest(), Synonyms::parse(default_synonyms(), analyzer).longest());
  EXPECT_EQ(Synonyms::embedded().alternatives({"plf"}),
            (std::vector<std::vector<std::string>>{{"projet", "de", "loi", "de", "financ"}}));
}

TEST(SynonymsTest, TheShippedListLoads) {
  const analysis::FrenchAnalyzer analyzer;
  const Synonyms synonyms = Synonyms::parse(default_synonyms(), analyzer);
  using Alternatives = std::vector<std::vector<std::string>>;
  EXPECT_EQ(synonyms.alternatives({"plf"}), (Alternatives{{"projet", "de", "loi", "de", "financ"}}));
  for (const char* acronym :
       {"PLFSS", "EPCI", "PME", "QPV", "DGF",  "EHPAD", "ARS", "CAF",  "RSA",  "APL",  "SNCF", "TVA",
        "CSG",   "IVG",  "PMA", "AAH", "MDPH", "RIP",   "ZRR", "DETR", "DSIL", "CGCT", "CIR"}) {
    SCOPED_TRACE(acronym);
    EXPECT_FALSE(synonyms.alternatives({analyzer.term(acronym)}).empty());
  }
}

TEST(SynonymsTest, ReportsTheLineOfAMistake) {
  const analysis::FrenchAnalyzer analyzer;
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases{
      {"# comment\nPLF\n", "synonyms:2: a line needs at least two alternatives separated by \"|\""},
      {"PLF | projet de loi de finances\nTVA | \n", "synonyms:2: empty alternative in \"TVA |\""},
      {"\névènement | événement\n",
       "synonyms:2: \"événement\" analyses to the same terms as another alternative of its line; "
       "the analyzer already treats them alike"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    try {
      (void)Synonyms::parse(c.text, analyzer);
      ADD_FAILURE() << "no ConfigError";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), c.message);
    }
  }
  EXPECT_THROW((void)Synonyms::load(HEMICYCLE_TEST_DATA "/search/missing.txt", analyzer), ConfigError);
}

}  // namespace
}  // namespace hemicycle::search
