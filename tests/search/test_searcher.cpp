// The searcher over a small index built here: ranking, boosts, filters, date
// sort, paging, facets, extracts, spelling suggestion, the JSON form.

#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "index/stored_record.h"
#include "search/extract.h"
#include "search/searcher.h"
#include "support/temporary_index.h"

namespace hemicycle::search {
namespace {

using document::Record;
using document::Territory;

Record question(std::string id, std::string type, std::string date, std::string titre, std::string rubrique,
                std::string texte_question, std::vector<Territory> territoires = {}) {
  Record r;
  r.id = std::move(id);
  r.type = std::move(type);
  r.date_publication = std::move(date);
  r.titre = std::move(titre);
  r.rubrique = std::move(rubrique);
  r.texte_question = std::move(texte_question);
  r.territoires = std::move(territoires);
  r.ministere_interroge = "Transition écologique";
  r.auteur = "Mme Anne Exemple";
  r.source = "/tmp/fixture.txt";
  document::complete_record(r);
  return r;
}

// The fixture corpus. Each record is written for one or two of the tests below.
std::vector<Record> corpus() {
  std::vector<Record> records;
  // "pollution": in the title of E1 only, in the body of E2 only.
  records.push_back(question("E1", "QE", "2023-03-01", "Pollution des rivières bretonnes", "eau et assainissement",
                             "Mme la députée interroge le ministre sur les nitrates dans les rivières et la qualité "
                             "de l'eau potable distribuée aux habitants.",
                             {{"Côtes-d'Armor", "departement", "22"}, {"Bretagne", "region", "53"}}));
  records.push_back(question("E2", "QE", "2022-11-10", "Soutien aux agriculteurs de montagne", "agriculture",
                             "Les agriculteurs de montagne subissent la pollution des sols et la baisse de leurs "
                             "revenus. Elle demande quelles aides seront apportées.",
                             {{"Finistère", "departement", "29"}, {"Bretagne", "region", "53"}}));
  // "viticulture": in the title of E3, in the rubrique of E4 (for boosts).
  records.push_back(question("E3", "QE", "2021-06-20", "Avenir de la viticulture", "commerce extérieur",
                             "Les exportations de vin reculent vers les États-Unis depuis deux ans.",
                             {{"Gironde", "departement", "33"}}));
  records.push_back(question("E4", "QE", "2024-02-02", "Gel tardif dans les vignobles", "viticulture",
                             "Le gel d'avril a détruit une part des récoltes ; les exploitants attendent des aides.",
                             {{"Gironde", "departement", "33"}}));
  // Industry: two questions and one oral question, at three dates.
  records.push_back(question("E5", "QG", "2024-01-15", "Fermeture d'une usine à Mâcon", "industrie",
                             "La direction a annoncé la fermeture de l'usine de Mâcon, qui emploie 145 salariés. "
                             "Que fera le Gouvernement pour sauvegarder ces emplois industriels ?",
                             {{"Saône-et-Loire", "departement", "71"}}));
  records.push_back(question("E6", "QE", "2023-08-08", "Désindustrialisation de la Vienne", "industrie",
                             "Le site de Chasseneuil-du-Poitou ferme ; l'usine employait des techniciens qualifiés.",
                             {{"Vienne", "departement", "86"},
                              {"Chasseneuil-du-Poitou", "commune", "86062"},
                              {"Nouvelle-Aquitaine", "region", "75"}}));
  records.push_back(question("E7", "QE", "2022-05-30", "Relocalisation industrielle", "industrie",
                             "Il souhaite connaître le calendrier du plan de relocalisation des usines.", {}));
  // A press release with markup-like text, for HTML escaping.
  Record release;
  release.id = "C1";
  release.type = "COMMUNIQUE";
  release.date_publication = "2023-05-05";
  release.titre = "Vigilance canicule";
  release.texte = "Consignes <script>alert(1)</script> & conseils : la canicule touche le département.";
  document::complete_record(release);
  records.push_back(release);
  return records;
}

class SearcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = std::make_unique<test_support::TemporaryIndex>("hemicycle-searcher", corpus());
  }
  static void TearDownTestSuite() { index_.reset(); }

  static const analysis::FrenchAnalyzer& analyzer() { return test_support::test_analyzer(); }

  static SearchResult run(const std::string& query, SearchRequest request = {}, QueryOptions options = {}) {
    request.query = query;
    return Searcher(analyzer(), index_->database(), std::move(options)).search(request);
  }

  static std::vector<std::string> ids(const SearchResult& result) {
    std::vector<std::string> ids;
    for (const Hit& hit : result.hits) ids.push_back(hit.id);
    return ids;
  }

  static const Hit& hit_of(const SearchResult& result, const std::string& id) {
    for (const Hit& hit : result.hits) {
      if (hit.id == id) return hit;
    }
    throw std::runtime_error("no hit " + id);
  }

  static std::map<std::string, Xapian::doccount> facet(const SearchResult& result, const std::string& name) {
    std::map<std::string, Xapian::doccount> counts;
    const auto found = result.facets.find(name);
    if (found == result.facets.end()) return counts;
    for (const FacetValue& value : found->second) counts[value.value] = value.count;
    return counts;
  }

  static inline std::unique_ptr<test_support::TemporaryIndex> index_;
};

TEST_F(SearcherTest, TitleMatchBeatsBodyOnlyMatch) {
  const SearchResult result = run("pollution");
  EXPECT_EQ(ids(result), (std::vector<std::string>{"E1", "E2"}));
  EXPECT_EQ(result.total, 2u);
  EXPECT_GT(result.hits[0].score, result.hits[1].score);
}

TEST_F(SearcherTest, BoostChangesOrder) {
  QueryOptions title_heavy;
  title_heavy.boosts = {{"titre", 10.0}, {"rubrique", 0.5}};
  QueryOptions rubrique_heavy;
  // A small title boost scales the title coverage down with the title's words.
  rubrique_heavy.boosts = {{"titre", 0.1}, {"rubrique", 10.0}};
  EXPECT_EQ(ids(run("viticulture", {}, title_heavy)), (std::vector<std::string>{"E3", "E4"}));
  EXPECT_EQ(ids(run("viticulture", {}, rubrique_heavy)), (std::vector<std::string>{"E4", "E3"}));
}

TEST_F(SearcherTest, Filters) {
  EXPECT_EQ(ids(run("type:QG")), (std::vector<std::string>{"E5"}));
  SearchRequest by_date;
  by_date.sort = SortOrder::DateAscending;
  EXPECT_EQ(ids(run("rubrique:industrie", by_date)), (std::vector<std::string>{"E7", "E6", "E5"}));
  EXPECT_EQ(ids(run("usine date:2023-01-01..2023-12-31")), (std::vector<std::string>{"E6"}));
  EXPECT_EQ(ids(run("territoire:bretagne pollution")), (std::vector<std::string>{"E1", "E2"}));
  EXPECT_EQ(run("usine -mâcon").total, 2u);
}

// Stopwords have no postings of their own: a phrase matches its other words,
// in order, as far apart as in the query.
TEST_F(SearcherTest, PhrasesSkipStopwordsButKeepDistanceAndOrder) {
  EXPECT_EQ(ids(run("\"pollution des sols\"")), std::vector<std::string>{"E2"});
  EXPECT_EQ(ids(run("\"fermeture de l'usine\"")), std::vector<std::string>{"E5"});
  EXPECT_TRUE(run("\"sols des pollution\"").hits.empty()) << "order matters";
  EXPECT_TRUE(run("\"pollution sols\"").hits.empty()) << "the stopword's place counts";
  EXPECT_FALSE(index_->database().term_exists("des"));
  EXPECT_EQ(run("de la").total, 0U);
  EXPECT_EQ(ids(run("pollution de la")), ids(run("pollution")));
}

// Two words of the text with another word between them are not the phrase, even
// where a stopword of the query stands for that word, when the two are a frequent
// pair (their pairs are indexed, index/schema.h). Words seldom together are matched
// from their positions within the query's span: there a stopword of the query may
// stand for another word, as in an index without pairs.
TEST_F(SearcherTest, APhraseIsItsWordsWithNoOtherWordBetween) {
  EXPECT_EQ(ids(run("\"agriculteurs de montagne subissent\"")), std::vector<std::string>{"E2"});
  ASSERT_TRUE(index::is_frequent_pair("deput", "ministr"));
  EXPECT_EQ(ids(run("\"députée interroge le ministre\"")), std::vector<std::string>{"E1"});
  EXPECT_TRUE(run("\"députée de la ministre\"").hits.empty()) << "interroge stands between";
  ASSERT_FALSE(index::is_frequent_pair("agriculteur", "sub"));
  EXPECT_EQ(ids(run("\"agriculteurs de la subissent\"")), std::vector<std::string>{"E2"}) << "within the span";
  EXPECT_EQ(ids(run("\"sols et la baisse\"")), std::vector<std::string>{"E2"});
  EXPECT_TRUE(run("\"sols et baisse\"").hits.empty()) << "one stopword in the query, two in the text";
}

// A phrase is matched from the pairs of adjacent words where the index has them;
// an index without them (layout 9 and before) checks positions alone, and
// finds the same documents with the same weights.
TEST_F(SearcherTest, PhrasesOfAnIndexWithoutPairsAreTheSame) {
  const std::string folder = index_->path() + "-without-pairs";
  const auto current_pairs = [] {
    const Xapian::Database& current = index_->database();
    std::size_t pairs = 0;
    for (auto term = current.allterms_begin(std::string(index::kPairPrefix));
         term != current.allterms_end(std::string(index::kPairPrefix)); ++term) {
      ++pairs;
    }
    return pairs;
  };
  {
    Xapian::WritableDatabase older(folder, Xapian::DB_CREATE_OR_OVERWRITE);
    const Xapian::Database& current = index_->database();
    for (auto it = current.postlist_begin(""); it != current.postlist_end(""); ++it) {
      Xapian::Document doc = current.get_document(*it);
      std::vector<std::string> pairs;
      for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        if ((*term).starts_with(index::kPairPrefix) || *term == index::pairs_indexed_term()) pairs.push_back(*term);
      }
      ASSERT_FALSE(pairs.empty()) << "document " << *it << " was written without pairs";
      for (const std::string& term : pairs) doc.remove_term(term);
      older.replace_document(*it, doc);
    }
    older.commit();
  }
  const Xapian::Database older(folder);
  ASSERT_EQ(older.get_termfreq(index::pairs_indexed_term()), 0u);
  ASSERT_GT(current_pairs(), 5u) << "the fixture's phrases of pair words";
  for (const std::string query :
       {"\"pollution des sols\"", "\"fermeture de l'usine\"", "\"sols des pollution\"", "\"pollution sols\"",
        "\"baisse de leurs revenus\"", "\"agriculteurs de montagne subissent la pollution\"",
        "\"qualité de l'eau potable\" OR \"eau potable\"", "usine -\"fermeture de l'usine\"",
        "\"calendrier du plan de relocalisation des usines\"", "\"qualité de l'eau\"", "\"baisse de leurs revenus\"",
        "\"exportations de vin reculent\""}) {
    SearchRequest request;
    request.query = query;
    const SearchResult now = Searcher(analyzer(), index_->database()).search(request);
    const SearchResult before = Searcher(analyzer(), older).search(request);
    ASSERT_EQ(ids(before), ids(now)) << query;
    for (std::size_t i = 0; i < now.hits.size(); ++i) {
      EXPECT_DOUBLE_EQ(before.hits[i].score, now.hits[i].score) << query << ": " << now.hits[i].id;
    }
  }
  EXPECT_FALSE(run("\"fermeture de l'usine\"").hits.empty());
  std::filesystem::remove_all(folder);
}

TEST_F(SearcherTest, SortByDate) {
  SearchRequest ascending;
  ascending.sort = SortOrder::DateAscending;
  SearchRequest descending;
  descending.sort = SortOrder::DateDescending;
  EXPECT_EQ(ids(run("usine", ascending)), (std::vector<std::string>{"E7", "E6", "E5"}));
  EXPECT_EQ(ids(run("usine", descending)), (std::vector<std::string>{"E5", "E6", "E7"}));
}

// A title is found by its words; a prefix completes words, never whole titles.
TEST_F(SearcherTest, WildcardsCompleteWordsNotTitles) {
  EXPECT_FALSE(index_->database().term_exists("vigilance canicule"));
  const ParsedQuery parsed = QueryParser(analyzer(), index_->database()).parse("vigil*");
  EXPECT_EQ(parsed.highlight_terms, (std::vector<std::string>{"vigil"}));
  EXPECT_EQ(ids(run("vigil*")), (std::vector<std::string>{"C1"}));
}

// The fixture's questions are indexed in another order than their dates'.
TEST_F(SearcherTest, FilterOnlyQueryComesNewestFirst) {
  SearchRequest all;
  all.limit = 100;
  const SearchResult result = run("type:QE", all);
  ASSERT_GE(result.hits.size(), 4u);
  EXPECT_EQ(result.hits.front().id, "E4");
  for (std::size_t i = 1; i < result.hits.size(); ++i) {
    EXPECT_GE(result.hits[i - 1].record["date_publication"].get<std::string>(),
              result.hits[i].record["date_publication"].get<std::string>());
  }
}

TEST_F(SearcherTest, Paging) {
  SearchRequest all;
  all.sort = SortOrder::DateDescending;
  all.limit = 100;
  const std::vector<std::string> every = ids(run("legislature:16", all));
  // C1, a press release of the same months, belongs to no législature.
  ASSERT_EQ(every, (std::vector<std::string>{"E4", "E5", "E6", "E1", "E2"}));
  std::vector<std::string> paged;
  for (Xapian::doccount offset = 0; offset < every.size(); offset += 4) {
    SearchRequest page = all;
    page.offset = offset;
    page.limit = 4;
    const SearchResult result = run("legislature:16", page);
    EXPECT_EQ(result.total, every.size());
    EXPECT_EQ(result.hits.size(), offset == 0 ? 4u : 1u);
    for (const std::string& id : ids(result)) paged.push_back(id);
  }
  EXPECT_EQ(paged, every);
  SearchRequest beyond = all;
  beyond.offset = 50;
  const SearchResult empty_page = run("legislature:16", beyond);
  EXPECT_TRUE(empty_page.hits.empty());
  EXPECT_EQ(empty_page.total, every.size());
}

TEST_F(SearcherTest, FacetsCountTheWholeResultSet) {
  SearchRequest request;
  request.facets = true;
  request.limit = 1;  // facets do not depend on the page
  const SearchResult result = run("usine OR pollution OR viticulture", request);
  EXPECT_EQ(result.total, 7u);
  EXPECT_EQ(facet(result, "rubrique"), (std::map<std::string, Xapian::doccount>{{"industrie", 3},
                                                                                {"eau et assainissement", 1},
                                                                                {"agriculture", 1},
                                                                                {"commerce extérieur", 1},
                                                                                {"viticulture", 1}}));
  EXPECT_EQ(facet(result, "type"), (std::map<std::string, Xapian::doccount>{{"QE", 6}, {"QG", 1}}));
  EXPECT_EQ(facet(result, "annee"),
            (std::map<std::string, Xapian::doccount>{{"2021", 1}, {"2022", 2}, {"2023", 2}, {"2024", 2}}));
  EXPECT_EQ(facet(result, "territoire"), (std::map<std::string, Xapian::doccount>{{"Bretagne", 2},
                                                                                  {"Gironde", 2},
                                                                                  {"Côtes-d'Armor", 1},
                                                                                  {"Finistère", 1},
                                                                                  {"Saône-et-Loire", 1},
                                                                                  {"Vienne", 1},
                                                                                  {"Chasseneuil-du-Poitou", 1},
                                                                                  {"Nouvelle-Aquitaine", 1}}));
  // The same territories split by level: no commune, and no région among the départements;
  // a région counts the documents about its départements too (the Gironde ones, in
  // Nouvelle-Aquitaine), as territoire:<région> finds them.
  EXPECT_EQ(facet(result, "departement"),
            (std::map<std::string, Xapian::doccount>{
                {"Gironde", 2}, {"Côtes-d'Armor", 1}, {"Finistère", 1}, {"Saône-et-Loire", 1}, {"Vienne", 1}}));
  EXPECT_EQ(facet(result, "region"), (std::map<std::string, Xapian::doccount>{
                                         {"Bretagne", 2}, {"Nouvelle-Aquitaine", 3}, {"Bourgogne-Franche-Comté", 1}}));
  // Most frequent first, then by name.
  const std::vector<FacetValue>& rubriques = result.facets.at("rubrique");
  EXPECT_EQ(rubriques.front().value, "industrie");
  const std::vector<FacetValue>& territories = result.facets.at("territoire");
  EXPECT_EQ(territories[0].value, "Bretagne");
  EXPECT_EQ(territories[1].value, "Gironde");

  request.facet_size = 2;
  const SearchResult small = run("usine OR pollution OR viticulture", request);
  EXPECT_EQ(small.facets.at("rubrique").size(), 2u);
  EXPECT_EQ(small.facets.at("territoire").size(), 2u);
  EXPECT_EQ(small.facets.at("departement").size(), 2u);
  EXPECT_EQ(small.facets.at("departement")[0].value, "Gironde");
  EXPECT_EQ(small.facets.at("region").size(), 2u);

  EXPECT_TRUE(run("usine").facets.empty());  // only when asked
}

// An index written before the faceted values were kept together (layout 7) has
// only a slot per field: its facets are counted from those, and come out the same.
TEST_F(SearcherTest, FacetsOfAnIndexWithoutTheFacetValuesSlotAreTheSame) {
  const std::string folder = index_->path() + "-older";
  {
    Xapian::WritableDatabase older(folder, Xapian::DB_CREATE_OR_OVERWRITE);
    const Xapian::Database& current = index_->database();
    for (auto it = current.postlist_begin(""); it != current.postlist_end(""); ++it) {
      Xapian::Document doc = current.get_document(*it);
      const std::string combined = doc.get_value(index::kFacetValuesSlot);
      ASSERT_FALSE(combined.empty());
      // Each faceted value in its field's slot, as layout 7 wrote them.
      const std::vector<std::string_view> values = index::decode_facet_values(combined);
      std::size_t i = 0;
      for (const index::Field& field : index::kFields) {
        if (field.facet == index::Facet::None) continue;
        ASSERT_LT(i, values.size());
        if (!values[i].empty()) doc.add_value(*field.slot, std::string(values[i]));
        ++i;
      }
      doc.remove_value(index::kFacetValuesSlot);
      older.replace_document(*it, doc);
    }
    older.commit();
  }
  const Xapian::Database older(folder);
  ASSERT_EQ(older.get_value_freq(index::kFacetValuesSlot), 0u);
  SearchRequest request;
  request.facets = true;
  for (const std::string query : {"usine OR pollution OR viticulture", "type:QE", "territoire:bretagne"}) {
    request.query = query;
    const SearchResult now = Searcher(analyzer(), index_->database()).search(request);
    const SearchResult before = Searcher(analyzer(), older).search(request);
    ASSERT_FALSE(now.facets.at("type").empty()) << query;
    for (const auto& [name, values] : now.facets) {
      EXPECT_EQ(facet(before, name), facet(now, name)) << query << ": " << name;
    }
    EXPECT_EQ(before.facets.size(), now.facets.size()) << query;
  }
  std::filesystem::remove_all(folder);
}

// An index written before the stored record moved to a value (layout 11 and before)
// has it as each document's data: its hits show the same records and extracts.
TEST_F(SearcherTest, HitsOfAnIndexWithTheRecordAsDataAreTheSame) {
  const std::string folder = index_->path() + "-record-as-data";
  {
    Xapian::WritableDatabase older(folder, Xapian::DB_CREATE_OR_OVERWRITE);
    const Xapian::Database& current = index_->database();
    for (auto it = current.postlist_begin(""); it != current.postlist_end(""); ++it) {
      Xapian::Document doc = current.get_document(*it);
      const std::string record = doc.get_value(index::kRecordSlot);
      ASSERT_FALSE(record.empty());
      ASSERT_TRUE(doc.get_data().empty());
      doc.set_data(record);
      doc.remove_value(index::kRecordSlot);
      older.replace_document(*it, doc);
    }
    for (const std::string& key : {std::string(index::kMetaAnalyzer), std::string(index::kMetaSchema)}) {
      older.set_metadata(key, current.get_metadata(key));
    }
    older.commit();
  }
  const Xapian::Database older(folder);
  ASSERT_EQ(older.get_value_freq(index::kRecordSlot), 0u);
  SearchRequest request;
  for (const std::string query : {"usine OR pollution OR viticulture", "type:QE", "\"pollution des sols\""}) {
    request.query = query;
    const SearchResult now = Searcher(analyzer(), index_->database()).search(request);
    const SearchResult before = Searcher(analyzer(), older).search(request);
    ASSERT_FALSE(now.hits.empty()) << query;
    ASSERT_EQ(before.hits.size(), now.hits.size()) << query;
    for (std::size_t i = 0; i < now.hits.size(); ++i) {
      EXPECT_EQ(before.hits[i].id, now.hits[i].id) << query;
      EXPECT_FALSE(now.hits[i].id.empty()) << query;
      EXPECT_EQ(before.hits[i].record.dump(), now.hits[i].record.dump()) << query;
      EXPECT_EQ(before.hits[i].extrait, now.hits[i].extrait) << query;
    }
  }
  std::filesystem::remove_all(folder);
}

// A server counts facets from the table of values it keeps in memory
// (search/facet_table.h): the same counts as from the value stream, read once per
// revision of the index, and read again when the index changes.
TEST_F(SearcherTest, FacetsFromTheServersTableAreTheSameAndFollowTheIndex) {
  FacetTables tables;
  SearchRequest request;
  request.facets = true;
  request.facet_size = 100;
  for (const std::string query : {"usine OR pollution OR viticulture", "type:QE", "territoire:bretagne",
                                  "rubrique:industrie", "legislature:16"}) {
    request.query = query;
    const SearchResult streamed = Searcher(analyzer(), index_->database()).search(request);
    const SearchResult from_table = Searcher(analyzer(), index_->database(), {}, &tables).search(request);
    ASSERT_FALSE(streamed.facets.at("type").empty()) << query;
    EXPECT_EQ(from_table.facets.size(), streamed.facets.size()) << query;
    for (const auto& [name, values] : streamed.facets) {
      EXPECT_EQ(facet(from_table, name), facet(streamed, name)) << query << ": " << name;
    }
  }
  const auto table = tables.of(index_->database());
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(tables.of(index_->database()), table);  // read once per revision
  Xapian::Database shards(index_->database());
  shards.add_database(index_->database());
  EXPECT_EQ(tables.of(shards), nullptr);  // a spy sees each shard's docids

  // The index changes under a server: the reopened database's revision has its own table.
  const std::string folder = index_->path() + "-growing";
  request.query = "usine";
  {
    index::IndexWriter writer(folder, analyzer());
    writer.add(question("G1", "QE", "2023-01-01", "Usine de Tulle", "industrie", "L'usine ferme."));
    writer.commit();
  }
  Xapian::Database growing(folder);
  EXPECT_EQ(facet(Searcher(analyzer(), growing, {}, &tables).search(request), "rubrique"),
            (std::map<std::string, Xapian::doccount>{{"industrie", 1}}));
  {
    index::IndexWriter writer(folder, analyzer());
    writer.add(question("G2", "QG", "2024-01-01", "Usine de Brive", "emploi", "L'usine recrute."));
    writer.commit();
  }
  growing.reopen();
  const SearchResult grown = Searcher(analyzer(), growing, {}, &tables).search(request);
  EXPECT_EQ(facet(grown, "rubrique"), (std::map<std::string, Xapian::doccount>{{"industrie", 1}, {"emploi", 1}}));
  EXPECT_EQ(facet(grown, "type"), (std::map<std::string, Xapian::doccount>{{"QE", 1}, {"QG", 1}}));
  std::filesystem::remove_all(folder);
}

TEST_F(SearcherTest, HitsCarryRecordWithoutLongTextsAndAnExtract) {
  const SearchResult result = run("usine Mâcon");
  const Hit& hit = hit_of(result, "E5");
  EXPECT_EQ(hit.record.value("titre", ""), "Fermeture d'une usine à Mâcon");
  EXPECT_EQ(hit.record.value("rubrique", ""), "industrie");
  EXPECT_FALSE(hit.record.contains("texte_question"));
  EXPECT_FALSE(hit.record.contains("source"));
  EXPECT_EQ(hit.extrait,
            "La direction a annoncé la fermeture de l'<mark>usine</mark> de <mark>Mâcon</mark>, qui emploie 145 "
            "salariés. Que fera le Gouvernement pour sauvegarder ces emplois industriels ?");
}

TEST_F(SearcherTest, ExtractsAreHtmlEscaped) {
  const SearchResult result = run("canicule");
  ASSERT_EQ(ids(result), (std::vector<std::string>{"C1"}));
  EXPECT_EQ(result.hits[0].extrait,
            "Consignes &lt;script&gt;alert(1)&lt;/script&gt; &amp; conseils : la <mark>canicule</mark> touche le "
            "département.");
}

TEST_F(SearcherTest, FilterOnlyQueryShowsTheBeginningOfTheText) {
  const SearchResult result = run("id:E7");
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_EQ(result.hits[0].extrait, "Il souhaite connaître le calendrier du plan de relocalisation des usines.");
}

TEST_F(SearcherTest, SpellingSuggestion) {
  const SearchResult zero = run("agricultuers");
  EXPECT_EQ(zero.total, 0u);
  EXPECT_EQ(zero.suggestion, "agriculteurs");

  const SearchResult partly = run("pollution nitratres");
  EXPECT_EQ(partly.suggestion, "pollution nitrates");

  EXPECT_EQ(run("pollution").suggestion, "");
  EXPECT_EQ(run("type:QG").suggestion, "");
}

TEST_F(SearcherTest, MalformedQueryThrowsQueryError) {
  EXPECT_THROW((void)run("\"usine de Mâcon"), QueryError);
  EXPECT_THROW((void)run("(usine"), QueryError);
}

// The bill of an amendment, from the open data's reference, is a filter and a facet.
TEST(SearcherFieldTest, AmendmentsAreFilteredAndCountedByTheirBill) {
  std::vector<Record> amendments;
  for (const auto& [id, bill] : std::vector<std::pair<std::string, std::string>>{{"AM1", "PIONANR5L17B1105"},
                                                                                 {"AM2", "PIONANR5L17B1105"},
                                                                                 {"AM3", "PRJLANR5L17B0324"},
                                                                                 {"AM4", "PIONANR5L17BTC1364"}}) {
    Record r;
    r.id = id;
    r.type = "AMENDEMENT";
    r.legislature = 17;
    r.texte_numero = bill;
    r.dispositif = "Supprimer l'alinéa 2.";
    amendments.push_back(r);
  }
  const test_support::TemporaryIndex index("hemicycle-bill-field", amendments);
  const Searcher searcher(test_support::test_analyzer(), index.database());
  SearchRequest request;
  request.query = "texte:1105 alinea";
  request.facets = true;
  const SearchResult result = searcher.search(request);
  EXPECT_EQ(result.total, 2u);
  ASSERT_EQ(result.facets.at("texte").size(), 1u);
  EXPECT_EQ(result.facets.at("texte").front().value, "1105");
  EXPECT_EQ(result.facets.at("texte").front().count, 2u);
  request.query = "texte:0324";
  EXPECT_EQ(searcher.search(request).total, 1u);
  // A text adopted in commission (BTC) by its number too, never its raw reference.
  request.query = "texte:1364";
  EXPECT_EQ(searcher.search(request).total, 1u);
  request.query = "alinea";
  const SearchResult all = searcher.search(request);
  for (const FacetValue& value : all.facets.at("texte")) {
    EXPECT_EQ(value.value.find("PIONANR"), std::string::npos) << value.value;
  }
}

// Amendments as amendments: first signatory or anyone who signed, the group by its
// abbreviation or its name, the outcome, where it is examined.
TEST(SearcherFieldTest, AmendmentsBySignatoryGroupOutcomeAndExamination) {
  const auto amendment = [](std::string id, std::string auteur, std::vector<std::string> auteurs, std::string sort,
                            std::string organe) {
    Record r;
    r.id = std::move(id);
    r.type = "AMENDEMENT";
    r.legislature = 17;
    r.auteur = std::move(auteur);
    r.auteurs = std::move(auteurs);
    r.sort = std::move(sort);
    r.organe_examen = std::move(organe);
    r.groupe = "Rassemblement National";
    r.groupe_sigle = "RN";
    r.dispositif = "Supprimer cet article.";
    r.texte_numero = "PRJLANR5L17B0324";
    r.article = r.id == "A1" ? "Article 3" : r.id == "A2" ? "Après l'article 9" : "Article 3 bis";
    r.date_sort = r.id == "A1" ? "2024-12-04" : r.id == "A2" ? "2025-01-10" : "";
    return r;
  };
  const test_support::TemporaryIndex index(
      "hemicycle-amendment-fields",
      {amendment("A1", "M. Jean Premier", {"M. Jean Premier", "Mme Anne Seconde"}, "Irrecevable", "CION_FIN"),
       amendment("A2", "Mme Anne Seconde", {"Mme Anne Seconde"}, "Rejeté", "AN"),
       amendment("A3", "M. Luc Tiers", {"M. Luc Tiers", "M. Jean Premier"}, "Adopté", "AN")});
  const Searcher searcher(test_support::test_analyzer(), index.database());
  const auto found = [&searcher](const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.sort = SortOrder::DateAscending;
    std::vector<std::string> found_ids;
    for (const Hit& hit : searcher.search(request).hits) found_ids.push_back(hit.id);
    return found_ids;
  };
  EXPECT_EQ(found("auteur:premier"), (std::vector<std::string>{"A1"}));
  EXPECT_EQ(found("signataire:premier"), (std::vector<std::string>{"A1", "A3"}));
  EXPECT_EQ(found("signataire:\"Mme Anne Seconde\""), (std::vector<std::string>{"A1", "A2"}));
  // Some of a name's words: the names holding them all, each name apart.
  EXPECT_EQ(found("signataire:\"anne seconde\""), (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(found("signataire:secondes"), (std::vector<std::string>{"A1", "A2"})) << "analysed as the names are";
  EXPECT_TRUE(found("signataire:\"jean seconde\"").empty()) << "two signatories of A1, no one's name";
  EXPECT_TRUE(found("signataire:inconnu").empty());
  EXPECT_EQ(found("signataire:premier OR signataire:tiers"), (std::vector<std::string>{"A1", "A3"}));
  EXPECT_EQ(found("groupe:RN").size(), 3u);
  EXPECT_EQ(found("groupe:\"rassemblement national\"").size(), 3u);
  EXPECT_EQ(found("sort:irrecevable"), (std::vector<std::string>{"A1"}));
  EXPECT_EQ(found("sort:rejeté"), (std::vector<std::string>{"A2"}));
  EXPECT_EQ(found("examen:seance"), (std::vector<std::string>{"A2", "A3"}));
  EXPECT_EQ(found("examen:commission"), (std::vector<std::string>{"A1"}));
  EXPECT_EQ(found("examen:CION_FIN"), (std::vector<std::string>{"A1"}));
  // The article amended, by its words or its whole designation; the bill by its
  // number however many zeros its reference writes before it.
  EXPECT_EQ(found("article:3"), (std::vector<std::string>{"A1", "A3"}));
  EXPECT_EQ(found("article:\"3 bis\""), (std::vector<std::string>{"A3"}));
  EXPECT_EQ(found("article:\"après l'article 9\""), (std::vector<std::string>{"A2"}));
  EXPECT_EQ(found("texte:324"), (std::vector<std::string>{"A1", "A2", "A3"}));
  EXPECT_EQ(found("texte:0324"), (std::vector<std::string>{"A1", "A2", "A3"}));
  // When the outcome was decided: A3's is not.
  EXPECT_EQ(found("decision:2025.."), (std::vector<std::string>{"A2"}));
  EXPECT_EQ(found("decision:2024-12"), (std::vector<std::string>{"A1"}));
}

// A département or région facet counts the documents its filter finds, those
// about a commune inside it too; the territory facet counts the names written.
TEST(SearcherFieldTest, RegionAndDepartementFacetsCountWhatTheirFilterFinds) {
  const auto tagged = [](std::string id, std::vector<Territory> territories) {
    Record r;
    r.id = std::move(id);
    r.type = "QE";
    r.titre = "Transports régionaux";
    r.territoires = std::move(territories);
    return r;
  };
  const test_support::TemporaryIndex index(
      "hemicycle-territory-facets",
      {tagged("T1", {{"Caen", "commune", "14118"}}), tagged("T2", {{"Rouen", "commune", "76540"}}),
       tagged("T3", {{"Calvados", "departement", "14"}, {"Normandie", "region", "28"}}),
       tagged("T4", {{"Vienne", "departement", "86"}})});
  const Searcher searcher(test_support::test_analyzer(), index.database());
  SearchRequest request;
  request.query = "transports";
  request.facets = true;
  const SearchResult result = searcher.search(request);
  const auto count_in = [&result](const std::string& facet, const std::string& value) -> Xapian::doccount {
    for (const FacetValue& v : result.facets.at(facet)) {
      if (v.value == value) return v.count;
    }
    return 0;
  };
  const auto filtered = [&searcher](const std::string& query) {
    SearchRequest filter;
    filter.query = query;
    return searcher.search(filter).total;
  };
  EXPECT_EQ(count_in("region", "Normandie"), 3u);
  EXPECT_EQ(count_in("region", "Normandie"), filtered("transports territoire:normandie"));
  EXPECT_EQ(count_in("departement", "Calvados"), 2u);
  EXPECT_EQ(count_in("departement", "Calvados"), filtered("transports territoire:calvados"));
  EXPECT_EQ(count_in("region", "Nouvelle-Aquitaine"), filtered("transports territoire:75"));
  // The territory facet: the names written in the documents, once each.
  EXPECT_EQ(count_in("territoire", "Normandie"), 1u);
  EXPECT_EQ(count_in("territoire", "Caen"), 1u);
}

TEST_F(SearcherTest, JsonForm) {
  SearchRequest request;
  request.facets = true;
  request.facet_size = 1;
  const nlohmann::ordered_json json = to_json(run("canicule", request));
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"query", "total", "total_exact", "hits", "facets", "suggestion"}));
  EXPECT_EQ(json["query"], "canicule");
  EXPECT_EQ(json["total"], 1);
  EXPECT_EQ(json["total_exact"], true);
  EXPECT_EQ(json["hits"][0]["id"], "C1");
  EXPECT_EQ(json["hits"][0]["record"]["type"], "COMMUNIQUE");
  EXPECT_TRUE(json["hits"][0]["extrait"].get<std::string>().find("<mark>canicule</mark>") != std::string::npos);
  EXPECT_EQ(json["facets"]["type"], nlohmann::ordered_json::parse(R"([{"value": "COMMUNIQUE", "count": 1}])"));
  EXPECT_EQ(json["suggestion"], "");
  // Every facet is written, in the order of the field table (index::facet_names()).
  std::vector<std::string> facet_keys;
  for (const auto& [key, value] : json["facets"].items()) facet_keys.push_back(key);
  EXPECT_EQ(facet_keys, index::facet_names());
  EXPECT_EQ(std::vector<std::string>(facet_keys.begin(), facet_keys.begin() + 9),
            (std::vector<std::string>{"rubrique", "ministere", "territoire", "departement", "region", "legislature",
                                      "annee", "type", "statut"}));
}

// Known-item search: a title made of the query's words comes first, above written
// questions whose longer titles hold the query's words among others and whose short
// texts weigh their words more (tests/data/search/known_item_titles.jsonl: four
// séance transcripts titled as the query, each with such a written question).
TEST(SearcherTitleTest, ATitleThatIsTheQueryComesFirst) {
  const test_support::TemporaryIndex index(
      "hemicycle-known-item", test_support::read_records(HEMICYCLE_TEST_DATA "/search/known_item_titles.jsonl"));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"soins palliatifs", "QANR5L16QG101"},         {"Soins Palliatifs", "QANR5L16QG101"},
      {"tarification ferroviaire", "QANR5L16QG103"}, {"retraites agricoles", "QANR5L16QG105"},
      {"plan de relance", "QANR5L16QG107"},          {"plan relance", "QANR5L16QG107"}};
  QueryOptions without_coverage;
  without_coverage.title_coverage = 0;
  for (const auto& [query, sought] : cases) {
    SearchRequest request;
    request.query = query;
    const SearchResult result = Searcher(test_support::test_analyzer(), index.database()).search(request);
    ASSERT_GE(result.hits.size(), 2u) << query;
    EXPECT_EQ(result.hits.front().id, sought) << query;
    // Its extract is a passage of its text, not the title shown above it again.
    const Hit& first = result.hits.front();
    EXPECT_NE(render_marks(first.extrait, "", ""), first.record.value("titre", "")) << query;
    EXPECT_NE(first.extrait.find("<mark>"), std::string::npos) << query << ": " << first.extrait;
    // Ranked by BM25 over the whole document, the written question comes first:
    // the fixture is the case the coverage is for.
    const SearchResult plain =
        Searcher(test_support::test_analyzer(), index.database(), without_coverage).search(request);
    ASSERT_FALSE(plain.hits.empty()) << query;
    EXPECT_NE(plain.hits.front().id, sought) << query;
  }
}

// Matches are counted exactly up to SearchRequest::exact_total_up_to (10,000), those
// of a query with a phrase up to exact_phrase_total_up_to (500). Past the limit, the
// result says the total is an estimate, and a search with facets, which looks at
// every match, counts them all.
TEST(SearcherTotalTest, TotalsAreExactUpToTheLimitAndMarkedAsEstimatesPastIt) {
  std::vector<Record> records;
  for (int i = 0; i < 3000; ++i) {
    std::string text = "La vallée numéro " + std::to_string(i) + ".";
    if (i % 2 == 0) text += " Le loup y revient.";
    if (i % 3 != 0) text += " Les bergers demandent des moyens de protection.";
    records.push_back(question("T" + std::to_string(i), "QE", "2023-03-01", "Montagne", "animaux", text));
  }
  const test_support::TemporaryIndex index("hemicycle-estimated-total", records);
  const Searcher searcher(test_support::test_analyzer(), index.database());
  SearchRequest request;
  request.query = "loup bergers";
  const SearchResult exact = searcher.search(request);
  EXPECT_TRUE(exact.total_exact);
  EXPECT_EQ(exact.total, 1000u);  // even i, not a multiple of 3
  // A phrase's matches are counted up to exact_phrase_total_up_to (500) only.
  request.query = "\"loup y revient\"";
  const SearchResult phrase = searcher.search(request);
  EXPECT_FALSE(phrase.total_exact) << phrase.total;
  request.exact_phrase_total_up_to = 10'000;
  EXPECT_EQ(searcher.search(request).total, 1500u);
  request.query = "loup bergers";
  request.exact_total_up_to = 500;
  const SearchResult estimated = searcher.search(request);
  EXPECT_FALSE(estimated.total_exact) << estimated.total;
  EXPECT_EQ(to_json(estimated)["total_exact"], false);
  request.facets = true;
  const SearchResult counted = searcher.search(request);
  EXPECT_TRUE(counted.total_exact);
  EXPECT_EQ(counted.total, 1000u);  // even i, not a multiple of 3
  request.facets = false;
  request.query = "vallée";  // one term: its frequency is the exact count
  EXPECT_TRUE(searcher.search(request).total_exact);
}

// A title holding every query word is shown above the hit already: the extract is the
// text's passage with the most of them, even one that holds fewer than the title.
TEST(SearcherExtractTest, TheExtractIsTakenFromTheTextNotTheTitle) {
  const test_support::TemporaryIndex index(
      "hemicycle-extract-title",
      {question("X1", "QE", "2023-03-01", "Tarification ferroviaire", "transports ferroviaires",
                "Les usagers du réseau ferroviaire régional attendent des trains à l'heure. Les élus demandent "
                "des horaires fiables, des gares ouvertes et des guichets accessibles dans chaque bourg. Les "
                "associations d'usagers rappellent que les correspondances avec les cars départementaux sont "
                "rares le dimanche et que les parkings des gares sont saturés en semaine. Ils "
                "réclament enfin une tarification sociale pour les jeunes et les personnes âgées.")});
  SearchRequest request;
  request.query = "tarification ferroviaire";
  const SearchResult result = Searcher(test_support::test_analyzer(), index.database()).search(request);
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_EQ(result.hits[0].extrait.find("Tarification"), std::string::npos) << result.hits[0].extrait;
  EXPECT_NE(result.hits[0].extrait.find("<mark>"), std::string::npos) << result.hits[0].extrait;
  // A record with no text at all: the title is all there is to show.
  const test_support::TemporaryIndex bare(
      "hemicycle-extract-bare",
      {question("X2", "QE", "2023-03-01", "Tarification ferroviaire", "transports ferroviaires", "")});
  const SearchResult only_title = Searcher(test_support::test_analyzer(), bare.database()).search(request);
  ASSERT_EQ(only_title.hits.size(), 1u);
  EXPECT_EQ(only_title.hits[0].extrait, "<mark>Tarification</mark> <mark>ferroviaire</mark>");
}

// The coverage ranks, it does not widen: a document with the query's words in its
// title only counts once the words' own query matches it, and a word the title lacks
// lowers it below a title with every word.
TEST(SearcherTitleTest, CoverageOrdersTitlesByHowMuchOfEachTheOtherCovers) {
  const test_support::TemporaryIndex index(
      "hemicycle-title-coverage", test_support::read_records(HEMICYCLE_TEST_DATA "/search/known_item_titles.jsonl"));
  SearchRequest request;
  request.query = "soins palliatifs france";
  const SearchResult result = Searcher(test_support::test_analyzer(), index.database()).search(request);
  ASSERT_FALSE(result.hits.empty());
  // "Nécessité du développement des soins palliatifs en France" holds all three words.
  EXPECT_EQ(result.hits.front().id, "QANR5L16QE102");
  request.query = "soins palliatifs -france";
  const SearchResult negated = Searcher(test_support::test_analyzer(), index.database()).search(request);
  for (const Hit& hit : negated.hits) EXPECT_NE(hit.id, "QANR5L16QE102");
}

}  // namespace
}  // namespace hemicycle::search
