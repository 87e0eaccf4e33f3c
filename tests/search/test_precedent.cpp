// Precedent search over a small index of the questions in tests/data/precedent:
// grouping of re-asked questions, answered-first ranking, filters, readable
// shared words, --similar-to, the answer summary, errors and the JSON form.

#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "search/precedent.h"
#include "search/query_parser.h"
#include "support/command.h"
#include "support/temporary_index.h"

namespace hemicycle::search {
namespace {

// A draft on the subject of A1–A3, in other words.
constexpr const char* kRuralDoctorsDraft =
    "Pénurie de médecins en zone rurale. Dans de nombreux territoires ruraux, les déserts médicaux progressent : "
    "les médecins généralistes partent à la retraite sans successeur et les patients attendent des mois. "
    "Quelles mesures pour l'installation de jeunes médecins, par exemple une régulation de l'installation ?";

constexpr const char* kPesticidesDraft =
    "Les pesticides répandus près des écoles menacent la santé des enfants ; quelles zones de non-traitement "
    "pour l'épandage du glyphosate ?";

constexpr const char* kPostOfficesDraft =
    "La fermeture des bureaux de poste dans les bourgs prive les usagers âgés d'un service de proximité : "
    "quel avenir pour la présence postale ?";

class PrecedentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = std::make_unique<test_support::TemporaryIndex>(
        "hemicycle-precedent", test_support::read_records(HEMICYCLE_TEST_DATA "/precedent/records.jsonl"));
  }
  static void TearDownTestSuite() { index_.reset(); }

  static const analysis::FrenchAnalyzer& analyzer() { return test_support::test_analyzer(); }

  // The limits of an index of thousands of questions, made to apply here: in
  // fifteen, a word of the three re-asked questions is in a fifth of the index already.
  static PrecedentOptions small_index_options() {
    PrecedentOptions options;
    options.min_df = 1;
    options.max_df_ratio = 0.5;
    options.statistics_from = 0;
    return options;
  }

  static PrecedentFinder finder(PrecedentOptions options = small_index_options()) {
    return PrecedentFinder(analyzer(), index_->database(), std::move(options));
  }

  static PrecedentResult similar(std::string_view draft, PrecedentOptions options = small_index_options(),
                                 const std::string& query = "") {
    const ParsedQuery parsed = QueryParser(analyzer(), index_->database()).parse(query);
    return finder(std::move(options)).similar_to_text(draft, parsed.filter, parsed.scored, 0, 10);
  }

  static std::vector<std::string> ids(const PrecedentResult& result) {
    std::vector<std::string> ids;
    for (const PrecedentHit& hit : result.hits) ids.push_back(hit.id);
    return ids;
  }

  static std::vector<std::string> member_ids(const PrecedentHit& hit) {
    std::vector<std::string> ids;
    for (const PrecedentMember& member : hit.members) ids.push_back(member.id);
    return ids;
  }

  static const PrecedentHit& hit_of(const PrecedentResult& result, const std::string& id) {
    for (const PrecedentHit& hit : result.hits) {
      if (hit.id == id) return hit;
    }
    throw std::runtime_error("no hit " + id);
  }

  static std::size_t rank_of(const PrecedentResult& result, const std::string& id) {
    const auto all = ids(result);
    return static_cast<std::size_t>(std::find(all.begin(), all.end(), id) - all.begin());
  }

  static inline std::unique_ptr<test_support::TemporaryIndex> index_;
};

TEST_F(PrecedentTest, ReaskedQuestionGroupsWithItsOriginal) {
  const PrecedentResult result = similar(kRuralDoctorsDraft);
  ASSERT_FALSE(result.hits.empty());
  const PrecedentHit& first = result.hits.front();
  // One entry for the three askings, oldest first, showing the latest answer (A2, 2023).
  EXPECT_EQ(first.id, "A2");
  EXPECT_EQ(member_ids(first), (std::vector<std::string>{"A1", "A2", "A3"}));
  EXPECT_EQ(first.members[0].auteur, "M. Paul Durand");
  EXPECT_EQ(first.members[0].date, "2019-02-12");
  EXPECT_EQ(first.members[0].legislature, 15);
  EXPECT_EQ(first.members[2].legislature, 16);
  EXPECT_TRUE(first.reponse_debut.starts_with("La loi du 19 mai 2023")) << first.reponse_debut;
  // A neighbouring subject stays apart, and no member is listed twice.
  const auto all = ids(result);
  EXPECT_NE(std::find(all.begin(), all.end(), "B1"), all.end());
  EXPECT_EQ(std::count(all.begin(), all.end(), "A1") + std::count(all.begin(), all.end(), "A3"), 0);
}

TEST_F(PrecedentTest, NoGroupListsEveryAsking) {
  PrecedentOptions options = small_index_options();
  options.group = false;
  const PrecedentResult result = similar(kRuralDoctorsDraft, options);
  ASSERT_GE(result.hits.size(), 3u);
  const std::vector<std::string> all = ids(result);
  std::vector<std::string> top3(all.begin(), all.begin() + 3);
  std::sort(top3.begin(), top3.end());
  EXPECT_EQ(top3, (std::vector<std::string>{"A1", "A2", "A3"}));
  for (const PrecedentHit& hit : result.hits) EXPECT_TRUE(hit.members.empty()) << hit.id;
}

TEST_F(PrecedentTest, AnsweredRanksAboveUnansweredWhenAtLeastTheRatioAsSimilar) {
  // U1 and R1 ask the same thing in about the same words; only R1 was answered.
  PrecedentOptions neutral = small_index_options();
  neutral.group = false;
  neutral.answered_ratio = 1;  // similarity alone
  const PrecedentResult by_similarity = similar(kPostOfficesDraft, neutral);
  const double unanswered = hit_of(by_similarity, "U1").score;
  const double answered = hit_of(by_similarity, "R1").score;
  ASSERT_LT(answered, unanswered) << "the fixture no longer tests the rule";
  ASSERT_GE(answered, 0.75 * unanswered);
  ASSERT_LT(rank_of(by_similarity, "U1"), rank_of(by_similarity, "R1"));

  PrecedentOptions options = neutral;
  options.answered_ratio = PrecedentOptions{}.answered_ratio;
  const PrecedentResult result = similar(kPostOfficesDraft, options);
  EXPECT_LT(rank_of(result, "R1"), rank_of(result, "U1"));
  // The scores are the similarity, unchanged by the rule.
  EXPECT_DOUBLE_EQ(hit_of(result, "R1").score, answered);
  EXPECT_TRUE(hit_of(result, "R1").answered);
  EXPECT_FALSE(hit_of(result, "U1").answered);
  // U1, of the 16th législature, is over without an answer in its record: its source
  // may lack one, so it is not said to have had none.
  EXPECT_EQ(hit_of(result, "U1").reponse_debut, "réponse absente de la source");
  EXPECT_FALSE(hit_of(result, "U1").answer.has_value());
  EXPECT_TRUE(hit_of(result, "R1").reponse_debut.starts_with("Le contrat 2023-2025"))
      << hit_of(result, "R1").reponse_debut;

  // Every pair of the list obeys the rule: an answered hit below an unanswered one is
  // less than the ratio as similar; one above a more similar unanswered one, at least.
  for (std::size_t i = 0; i < result.hits.size(); ++i) {
    for (std::size_t j = i + 1; j < result.hits.size(); ++j) {
      const PrecedentHit& above = result.hits[i];
      const PrecedentHit& below = result.hits[j];
      if (above.answered == below.answered) {
        EXPECT_GE(above.score, below.score) << above.id << " " << below.id;
      } else if (below.answered) {
        EXPECT_LT(below.score, options.answered_ratio * above.score) << above.id << " " << below.id;
      } else {
        EXPECT_GE(above.score, options.answered_ratio * below.score) << above.id << " " << below.id;
      }
    }
  }
  // Below the ratio, similarity wins.
  PrecedentOptions strict = neutral;
  strict.answered_ratio = 0.99 * answered / unanswered + 0.01;
  ASSERT_GT(strict.answered_ratio * unanswered, answered);
  EXPECT_LT(rank_of(similar(kPostOfficesDraft, strict), "U1"), rank_of(similar(kPostOfficesDraft, strict), "R1"));
  EXPECT_EQ(result.rule, answered_first_rule(0.75));
  EXPECT_NE(result.rule.find("75 %"), std::string::npos) << result.rule;
}

TEST_F(PrecedentTest, HitsOfTheSubjectTheBestHitsShareMoveUp) {
  // Similarity alone, then the subject vote of the defaults: each hit's weight times
  // 1 + subject_weight × its analyse's share + rubrique_weight × its rubrique's share
  // of the best hits' summed weight.
  PrecedentOptions plain = small_index_options();
  plain.group = false;
  plain.answered_ratio = 1;
  plain.subject_votes = 0;
  PrecedentOptions voted = plain;
  voted.subject_votes = PrecedentOptions{}.subject_votes;
  voted.subject_weight = PrecedentOptions{}.subject_weight;
  voted.rubrique_weight = PrecedentOptions{}.rubrique_weight;
  ASSERT_GT(voted.subject_votes, 0u) << "the vote is off by default";

  for (const char* draft : {kPesticidesDraft, kRuralDoctorsDraft, kPostOfficesDraft}) {
    const PrecedentResult before = similar(draft, plain);
    const PrecedentResult after = similar(draft, voted);
    ASSERT_EQ(before.hits.size(), after.hits.size()) << draft;
    std::map<std::string, double> analyses;
    std::map<std::string, double> rubriques;
    double total = 0;
    const std::size_t voters = std::min(voted.subject_votes, before.hits.size());
    for (std::size_t i = 0; i < voters; ++i) {
      const PrecedentHit& hit = before.hits[i];
      total += hit.score;
      analyses[analyzer().fold(hit.record.value("titre", ""))] += hit.score;
      rubriques[analyzer().fold(hit.record.value("rubrique", ""))] += hit.score;
    }
    for (const PrecedentHit& hit : before.hits) {
      const double factor =
          1 + voted.subject_weight * analyses[analyzer().fold(hit.record.value("titre", ""))] / total +
          voted.rubrique_weight * rubriques[analyzer().fold(hit.record.value("rubrique", ""))] / total;
      EXPECT_NEAR(hit_of(after, hit.id).score, hit.score * factor, 1e-9 * hit.score) << hit.id;
    }
    for (std::size_t i = 1; i < after.hits.size(); ++i) EXPECT_GE(after.hits[i - 1].score, after.hits[i].score);
  }
}

TEST(PrecedentSubjectTest, TheSubjectOfMostBestHitsOutranksAMoreSimilarOutlier) {
  // T1 shares the most words with the draft; C1–C3, one analyse and one rubrique,
  // are the subject most of the best hits have: with the vote, they come first.
  auto question = [](const std::string& id, const std::string& titre, const std::string& rubrique,
                     const std::string& text) {
    document::Record record = document::record_from_json(nlohmann::ordered_json{{"id", id},
                                                                                {"type", "QE"},
                                                                                {"legislature", 16},
                                                                                {"titre", titre},
                                                                                {"rubrique", rubrique},
                                                                                {"date_publication", "2023-01-10"},
                                                                                {"texte_question", text}});
    document::complete_record(record);
    return record;
  };
  const test_support::TemporaryIndex index(
      "hemicycle-precedent-subject",
      {question("C1", "Prix des carburants", "énergie et carburants",
                "Le prix du gazole à la pompe augmente et pèse sur les ménages, qui attendent une baisse des taxes."),
       question("C2", "Prix des carburants", "énergie et carburants",
                "Le prix du gazole pèse sur les ménages : quelle baisse des taxes sur le carburant ?"),
       question("C3", "Prix des carburants", "énergie et carburants",
                "Le gazole coûte cher à la pompe aux ménages ; les taxes sur le carburant doivent baisser."),
       question("T1", "Transports en commun à la campagne", "transports",
                "Les ménages ruraux n'ont pas de transports en commun ; le prix du gazole pèse sur eux."),
       question("N1", "Gel tardif dans les vignobles", "agriculture",
                "Le gel d'avril a détruit les récoltes de raisin ; les viticulteurs attendent des aides."),
       question("N2", "Recrutement des enseignants", "enseignement",
                "Les collèges manquent de professeurs contractuels formés.")});
  constexpr const char* draft =
      "Le prix du gazole à la pompe pèse sur les ménages ruraux qui dépendent de leur voiture.";
  PrecedentOptions options;
  options.min_df = 1;
  options.max_df_ratio = 1;
  options.statistics_from = 0;
  options.group = false;
  options.answered_ratio = 1;
  auto first = [&](PrecedentOptions chosen) {
    const PrecedentResult result = PrecedentFinder(test_support::test_analyzer(), index.database(), std::move(chosen))
                                       .similar_to_text(draft, Xapian::Query(), Xapian::Query(), 0, 10);
    return result.hits.empty() ? std::string() : result.hits.front().id;
  };
  PrecedentOptions plain = options;
  plain.subject_votes = 0;
  ASSERT_EQ(first(plain), "T1") << "the fixture no longer tests the vote";
  EXPECT_TRUE(first(options).starts_with("C")) << first(options);
}

TEST_F(PrecedentTest, WithdrawnQuestionIsMarked) {
  const PrecedentResult result = similar(
      "Fermetures de classes dans les écoles rurales : les maires demandent un moratoire sur la carte scolaire.");
  const PrecedentHit& withdrawn = hit_of(result, "W1");
  EXPECT_TRUE(withdrawn.withdrawn);
  EXPECT_EQ(withdrawn.reponse_debut, "retirée — fin de mandat");
  EXPECT_FALSE(hit_of(result, "F1").withdrawn);
}

TEST_F(PrecedentTest, FiltersOfTheQueryLanguageApply) {
  struct Case {
    std::string query;
    std::vector<std::string> pesticide_hits;  // which of F1–F3 remain, best first
  };
  const std::vector<Case> cases{
      {"", {"F1", "F2", "F3"}},         {"ministere:sante", {"F2", "F3"}}, {"ministere:sante date:2020..", {"F2"}},
      {"legislature:15", {"F1", "F3"}}, {"statut:repondu", {"F1"}},
  };
  PrecedentOptions options = small_index_options();
  options.group = false;
  for (const Case& c : cases) {
    std::vector<std::string> pesticides;
    for (const std::string& id : ids(similar(kPesticidesDraft, options, c.query))) {
      if (id.starts_with("F")) pesticides.push_back(id);
    }
    std::sort(pesticides.begin(), pesticides.end());
    EXPECT_EQ(pesticides, c.pesticide_hits) << c.query;
  }
  for (const PrecedentHit& hit : similar(kPesticidesDraft, options, "ministere:sante").hits) {
    const std::string ministry = hit.record.value("ministere_interroge", "");
    EXPECT_NE(ministry.find("anté"), std::string::npos) << hit.id << " " << ministry;
  }
  // Of the three, only F1 (ministère, rubrique) has the word "agriculture".
  EXPECT_EQ(ids(similar(kPesticidesDraft, options, "agriculture")), (std::vector<std::string>{"F1"}));
}

TEST_F(PrecedentTest, MatchedTermsAreTheDraftsOwnWords) {
  PrecedentOptions options = small_index_options();
  options.matched_terms_shown = 100;
  const PrecedentResult result = similar(kRuralDoctorsDraft, options);
  const PrecedentHit& first = result.hits.front();
  ASSERT_FALSE(first.matched_terms.empty());
  // Each shared word is written as in the draft (accents, plural), not as an index term.
  const std::string draft = kRuralDoctorsDraft;
  for (const std::string& word : first.matched_terms) {
    EXPECT_NE(draft.find(word), std::string::npos) << word;
  }
  // "médecins" is written three times so, "Pénurie" once capitalised.
  EXPECT_NE(std::find(first.matched_terms.begin(), first.matched_terms.end(), "médecins"), first.matched_terms.end());
  EXPECT_NE(std::find(first.matched_terms.begin(), first.matched_terms.end(), "Pénurie"), first.matched_terms.end());
  EXPECT_EQ(std::find(first.matched_terms.begin(), first.matched_terms.end(), "medecin"), first.matched_terms.end());
}

TEST_F(PrecedentTest, SimilarToExcludesTheDocumentItself) {
  const PrecedentResult result = finder().similar_to_document("A1", Xapian::Query(), Xapian::Query(), 0, 10);
  EXPECT_EQ(result.draft, "id:A1");
  ASSERT_FALSE(result.hits.empty());
  for (const PrecedentHit& hit : result.hits) {
    EXPECT_NE(hit.id, "A1");
    const auto members = member_ids(hit);
    EXPECT_EQ(std::find(members.begin(), members.end(), "A1"), members.end());
  }
  // Its re-askings come first, as one group.
  EXPECT_EQ(member_ids(result.hits.front()), (std::vector<std::string>{"A2", "A3"}));
  EXPECT_THROW((void)finder().similar_to_document("NO-SUCH-ID", Xapian::Query(), Xapian::Query(), 0, 10), InputError);
}

TEST_F(PrecedentTest, DraftWithoutSearchableWordIsAnInputError) {
  for (const char* draft : {"", "   \n\t ", "le la les de du et pour", "!!! ??? … — «»"}) {
    EXPECT_THROW((void)similar(draft), InputError) << "'" << draft << "'";
  }
  // Words the index does not know leave nothing to compare: said, never an empty list.
  EXPECT_THROW((void)similar("zzyzzx qwertyuiop"), InputError);
}

TEST_F(PrecedentTest, AnswerBeginningIsCutBetweenWords) {
  PrecedentOptions options = small_index_options();
  options.answer_start_bytes = 60;
  const PrecedentResult result = similar(kRuralDoctorsDraft, options);
  EXPECT_EQ(result.hits.front().reponse_debut, "La loi du 19 mai 2023 améliore l'accès aux soins par la…");
}

TEST_F(PrecedentTest, JsonCarriesRecordWithoutLongTextsAndGroup) {
  const nlohmann::ordered_json json = to_json(similar(kRuralDoctorsDraft));
  EXPECT_TRUE(json["draft"].get<std::string>().starts_with("Pénurie de médecins en zone rurale."));
  EXPECT_TRUE(json["query_terms"].is_array());
  EXPECT_LE(json["query_terms"].size(), 15u);
  std::vector<std::string> top_keys;
  for (const auto& [key, value] : json.items()) top_keys.push_back(key);
  EXPECT_EQ(top_keys,
            (std::vector<std::string>{"draft", "query_terms", "termes_recherches", "classement", "synthese", "hits"}));
  EXPECT_EQ(json["classement"]["ratio_repondu"], 0.75);
  EXPECT_EQ(json["classement"]["regle"], answered_first_rule(0.75));
  const auto& first = json["hits"][0];
  std::vector<std::string> keys;
  for (const auto& [key, value] : first.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "score", "repondu", "record", "matched_terms", "en_commun", "reponse",
                                            "reponse_debut", "groupe_taille", "membres"}));
  EXPECT_EQ(first["repondu"], true);
  EXPECT_EQ(first["reponse"]["source"], "ministere");
  EXPECT_EQ(first["reponse"]["repondant"], nullptr);
  EXPECT_EQ(first["reponse"]["date"], "2023-05-09");
  EXPECT_TRUE(first["reponse"]["debut"].get<std::string>().starts_with("La loi du 19 mai 2023"));
  EXPECT_EQ(first["groupe_taille"], 3);
  EXPECT_EQ(first["membres"][1],
            (nlohmann::ordered_json{
                {"id", "A2"}, {"auteur", "Mme Claire Martin"}, {"date", "2023-01-17"}, {"legislature", 16}}));
  EXPECT_EQ(first["record"]["titre"], "Installation des médecins dans les zones rurales");
  for (const char* key : {"texte_question", "texte_reponse", "source"})
    EXPECT_FALSE(first["record"].contains(key)) << key;
}

TEST_F(PrecedentTest, RankingForEvaluationListsIdsUngroupedAndGrouped) {
  const PrecedentRanking ranking =
      rank_precedents(analyzer(), index_->database(), kRuralDoctorsDraft, small_index_options(), Xapian::Query());
  ASSERT_GE(ranking.ungrouped.size(), 4u);
  std::vector<std::string> top3(ranking.ungrouped.begin(), ranking.ungrouped.begin() + 3);
  std::sort(top3.begin(), top3.end());
  EXPECT_EQ(top3, (std::vector<std::string>{"A1", "A2", "A3"}));
  ASSERT_FALSE(ranking.grouped.empty());
  EXPECT_EQ(ranking.grouped.front().size(), 3u);
  EXPECT_EQ(ranking.grouped.front().front(), ranking.ungrouped.front());
  std::size_t grouped_ids = 0;
  for (const auto& group : ranking.grouped) grouped_ids += group.size();
  EXPECT_EQ(grouped_ids, ranking.ungrouped.size());
}

TEST_F(PrecedentTest, ReasonsAreTellingWordsWithoutFormulaeNorNames) {
  // A draft in the style of a question: names, formulae, then the subject.
  const std::string draft = std::string("Mme Claire Martin attire l'attention de M. le ministre et souhaite savoir ") +
                            kRuralDoctorsDraft + " Elle interroge le Gouvernement. Quelles mesures entend-il prendre ?";
  for (bool dropped : {true, false}) {
    PrecedentOptions options = small_index_options();
    options.drop_question_formulae = dropped;
    options.drop_names = dropped;
    const PrecedentFinder f = finder(options);
    const PrecedentResult result = f.similar_to_text(draft, Xapian::Query(), Xapian::Query(), 0, 10);
    ASSERT_FALSE(result.hits.empty());
    auto telling = [&](const std::string& word) {
      const std::string term = analyzer().term(word);
      return !f.is_question_formula(term) && !f.is_person_name(term);
    };
    EXPECT_LE(result.query_terms.size(), options.shown_terms);
    for (const std::string& word : result.query_terms) EXPECT_TRUE(telling(word)) << word;
    for (const PrecedentHit& hit : result.hits) {
      EXPECT_LE(hit.matched_terms.size(), 8u) << hit.id;
      for (const std::string& word : hit.matched_terms) EXPECT_TRUE(telling(word)) << hit.id << " " << word;
    }
    EXPECT_GE(result.searched_terms, result.query_terms.size());
  }
  const PrecedentFinder f = finder();
  for (const char* formula : {"attire", "attention", "souhaite", "savoir", "interroge", "ministre", "Gouvernement",
                              "madame", "monsieur", "Quelles", "quel"}) {
    EXPECT_TRUE(f.is_question_formula(analyzer().term(formula))) << formula;
  }
  // Authors' first names and surnames are names; words that are also a surname elsewhere are not.
  for (const char* name : {"Claire", "Paul", "Durand"}) EXPECT_TRUE(f.is_person_name(analyzer().term(name))) << name;
  for (const char* word : {"médecins", "poste", "rurales"})
    EXPECT_FALSE(f.is_person_name(analyzer().term(word))) << word;
  EXPECT_FALSE(f.is_question_formula(analyzer().term("médecins")));
}

TEST_F(PrecedentTest, DraftTermsRespectTheDocumentFrequencyLimits) {
  // "patients" is in five documents of fifteen: kept under a half, not under a quarter.
  auto keeps_patients = [](double max_df_ratio) {
    PrecedentOptions options = small_index_options();
    options.max_df_ratio = max_df_ratio;
    const auto terms = similar(kRuralDoctorsDraft, options).query_terms;
    return std::find(terms.begin(), terms.end(), "patients") != terms.end();
  };
  EXPECT_TRUE(keeps_patients(0.5));
  EXPECT_FALSE(keeps_patients(0.25));
  PrecedentOptions few = small_index_options();
  few.max_terms = 3;
  EXPECT_EQ(similar(kRuralDoctorsDraft, few).query_terms.size(), 3u);
  PrecedentOptions rare_only = small_index_options();
  rare_only.min_df = 3;
  for (const std::string& word : similar(kRuralDoctorsDraft, rare_only).query_terms) {
    EXPECT_GE(index_->database().get_termfreq(analyzer().term(word)), 3u) << word;
  }
}

// The command line, end to end: the binary on the fixture index, its JSON and exit status.
using test_support::run_shell;

TEST_F(PrecedentTest, CommandLineSimilarWithFilterPrintsJson) {
  const std::string draft_file = index_->folder() + "/draft.txt";
  std::ofstream(draft_file) << kPesticidesDraft;
  const std::string query = std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --db " + index_->folder() +
                            "/db --json --min-df 1 --similar " + draft_file + " ministere:sante 2>/dev/null";
  const test_support::CommandResult output = run_shell(query);
  ASSERT_EQ(output.status, 0) << output.out;
  const auto json = nlohmann::ordered_json::parse(output.out);
  EXPECT_EQ(json["query"], "ministere:sante");
  ASSERT_FALSE(json["hits"].empty());
  for (const auto& hit : json["hits"]) {
    EXPECT_NE(hit["record"]["ministere_interroge"].get<std::string>().find("anté"), std::string::npos) << hit["id"];
    EXPECT_TRUE(hit.contains("matched_terms") && hit.contains("reponse_debut")) << hit["id"];
  }

  const test_support::CommandResult stopwords =
      run_shell("echo 'le la les' | " + std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --db " + index_->folder() +
                "/db --similar - 2>&1");
  EXPECT_EQ(stopwords.status, 2);
  EXPECT_NE(stopwords.out.find("no word to search"), std::string::npos) << stopwords.out;

  const test_support::CommandResult itself =
      run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --db " + index_->folder() +
                "/db --json --min-df 1 --no-group --similar-to A1 2>/dev/null");
  ASSERT_EQ(itself.status, 0);
  const auto result = nlohmann::ordered_json::parse(itself.out);  // kept alive while its hits are read
  for (const auto& hit : result["hits"]) EXPECT_NE(hit["id"], "A1");
}

// Who answered and when, what a hit shares with the draft, the synthesis, and an
// index of five documents with the default options (tests/data/precedent/answers.jsonl).
constexpr const char* kFirefightersDraft =
    "Des sapeurs-pompiers caillassés à Bordeaux, en Gironde : la sécurité des personnes et des biens impose de "
    "protéger les pompiers agressés pendant leurs interventions. Quelles protections, monsieur le ministre de "
    "l'intérieur ?";

class PrecedentAnswersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = std::make_unique<test_support::TemporaryIndex>(
        "hemicycle-precedent-answers", test_support::read_records(HEMICYCLE_TEST_DATA "/precedent/answers.jsonl"));
  }
  static void TearDownTestSuite() { index_.reset(); }

  static PrecedentResult similar(std::string_view draft, PrecedentOptions options = {}) {
    options.group = false;
    return PrecedentFinder(test_support::test_analyzer(), index_->database(), std::move(options))
        .similar_to_text(draft, Xapian::Query(), Xapian::Query(), 0, 10);
  }

  static const PrecedentHit& hit_of(const PrecedentResult& result, const std::string& id) {
    for (const PrecedentHit& hit : result.hits) {
      if (hit.id == id) return hit;
    }
    throw std::runtime_error("no hit " + id);
  }

  static std::string command(const std::string& arguments) {
    return std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query --db " + index_->path() + " " + arguments;
  }

  static inline std::unique_ptr<test_support::TemporaryIndex> index_;
};

TEST_F(PrecedentAnswersTest, SmallIndexWithDefaultOptionsStillGetsAQuery) {
  // Four questions: with min_df 2 and max_df_ratio 0.25 as limits, no word would be left.
  const PrecedentResult result = similar(kFirefightersDraft);
  ASSERT_GT(result.searched_terms, 0u);
  ASSERT_GE(result.hits.size(), 4u);
  EXPECT_EQ(result.hits.front().id, "P-QG1");
  // Even where the limits apply and leave nothing, the known words are searched.
  PrecedentOptions strict;
  strict.statistics_from = 0;
  const PrecedentResult limited = similar(kFirefightersDraft, strict);
  EXPECT_GT(limited.searched_terms, 0u);
  EXPECT_FALSE(limited.hits.empty());
  EXPECT_THROW((void)similar("zzyzzx qwertyuiop"), InputError);
}

TEST_F(PrecedentAnswersTest, AnswerSaysWhoAnsweredAndWhen) {
  const PrecedentResult result = similar(kFirefightersDraft);
  const PrecedentHit& minister = hit_of(result, "P-QG1");
  ASSERT_TRUE(minister.answer.has_value());
  EXPECT_EQ(minister.answer->source, AnswerSource::Minister);
  EXPECT_EQ(minister.answer->repondant, "M. Gérald Darmanin, ministre de l'intérieur");
  EXPECT_EQ(minister.answer->date, "2021-03-10");
  EXPECT_TRUE(minister.answer->debut.starts_with("Madame la députée, les agressions")) << minister.answer->debut;
  // A QG whose transcript has no minister's turn is not a ministerial answer.
  const PrecedentHit& transcript = hit_of(result, "P-QG2");
  ASSERT_TRUE(transcript.answer.has_value());
  EXPECT_EQ(transcript.answer->source, AnswerSource::Transcript);
  EXPECT_EQ(transcript.answer->repondant, "");
  const PrecedentHit& written = hit_of(result, "P-QE1");
  ASSERT_TRUE(written.answer.has_value());
  EXPECT_EQ(written.answer->source, AnswerSource::Ministry);
  EXPECT_EQ(written.answer->ministere, "Intérieur");
  EXPECT_EQ(written.answer->date, "2021-04-06");
  EXPECT_FALSE(hit_of(result, "P-QE2").answer.has_value());

  const auto json = to_json(result);
  for (const auto& hit : json["hits"]) {
    if (hit["id"] == "P-QG1") {
      EXPECT_EQ(hit["reponse"], (nlohmann::ordered_json{{"source", "ministre"},
                                                        {"repondant", "M. Gérald Darmanin, ministre de l'intérieur"},
                                                        {"ministere", "Intérieur"},
                                                        {"date", "2021-03-10"},
                                                        {"debut", minister.answer->debut}}));
      EXPECT_EQ(hit["reponse_debut"], minister.answer->debut);
    }
    if (hit["id"] == "P-QE2") {
      EXPECT_TRUE(hit["reponse"].is_null());
    }
  }
}

TEST_F(PrecedentAnswersTest, HitsSayWhenTheyShareTheDraftsTerritoryMinistryAndRubrique) {
  const PrecedentResult result = similar(kFirefightersDraft);
  const SharedContext& shared = hit_of(result, "P-QG1").shared;
  EXPECT_EQ(shared.territoires, (std::vector<std::string>{"Gironde"}));
  EXPECT_EQ(shared.ministere, "Intérieur");
  EXPECT_EQ(shared.rubrique, "sécurité des biens et des personnes");
  // "Intérieur et outre-mer": a third of its words are in the draft, less than half.
  const SharedContext& other = hit_of(result, "P-QE2").shared;
  EXPECT_TRUE(other.territoires.empty());
  EXPECT_EQ(other.ministere, "");
  EXPECT_EQ(other.rubrique, "sécurité des biens et des personnes");
  const auto json = to_json(result)["hits"][0]["en_commun"];
  EXPECT_EQ(json, (nlohmann::ordered_json{{"territoires", {"Gironde"}},
                                          {"ministere", "Intérieur"},
                                          {"rubrique", "sécurité des biens et des personnes"}}));
}

TEST_F(PrecedentAnswersTest, SynthesisNamesTheRubriqueAndTheMinistriesWithTheirDelays) {
  const PrecedentResult result = similar(kFirefightersDraft);
  const PrecedentSynthesis& synthesis = result.synthesis;
  EXPECT_EQ(synthesis.precedents, result.hits.size());
  EXPECT_EQ(synthesis.rubrique, "sécurité des biens et des personnes");
  EXPECT_EQ(synthesis.rubrique_precedents, 4u);
  ASSERT_EQ(synthesis.ministeres.size(), 1u);
  const MinistrySummary& interior = synthesis.ministeres.front();
  EXPECT_EQ(interior.ministere, "Intérieur");
  EXPECT_EQ(interior.answers, 3u);  // both QG and the answered QE; the unanswered QE is not counted
  EXPECT_EQ(interior.in_sitting, 2u);
  // Only the QE has a publication date: 2021-01-05 to 2021-04-06. The QG, answered in
  // the sitting they were asked in, count as answers but not in the delay.
  EXPECT_EQ(interior.delays, 1u);
  ASSERT_TRUE(interior.median_delay_days.has_value());
  EXPECT_DOUBLE_EQ(*interior.median_delay_days, 91);
  EXPECT_EQ(to_json(result)["synthese"], (nlohmann::ordered_json{{"precedents", result.hits.size()},
                                                                 {"rubrique", "sécurité des biens et des personnes"},
                                                                 {"rubrique_precedents", 4},
                                                                 {"ministeres",
                                                                  {{{"ministere", "Intérieur"},
                                                                    {"reponses", 3},
                                                                    {"en_seance", 2},
                                                                    {"delais_mesures", 1},
                                                                    {"delai_median_jours", 91.0}}}}}));
}

// Questions au gouvernement on one subject, each answered in the sitting by a
// member of the government, some assigned by the open data to another ministry
// than the answering minister's (tests/data/precedent/answered_elsewhere.jsonl).
TEST(PrecedentSynthesisTest, CountsAQuestionAuGouvernementForTheMinistryOfTheMinisterWhoAnswered) {
  const test_support::TemporaryIndex index(
      "hemicycle-precedent-elsewhere",
      test_support::read_records(HEMICYCLE_TEST_DATA "/precedent/answered_elsewhere.jsonl"));
  PrecedentOptions options;
  options.group = false;
  const PrecedentResult result =
      PrecedentFinder(test_support::test_analyzer(), index.database(), options)
          .similar_to_text("Les violences contre les soignants aux urgences de l'hôpital : que fait le Gouvernement ?",
                           Xapian::Query(), Xapian::Query(), 0, 10);
  ASSERT_EQ(result.synthesis.precedents, 11u);
  std::map<std::string, std::size_t> answers;
  for (const MinistrySummary& ministry : result.synthesis.ministeres) {
    answers[test_support::test_analyzer().fold(ministry.ministere)] += ministry.answers;
    EXPECT_EQ(ministry.in_sitting, ministry.answers) << ministry.ministere;
  }
  const std::map<std::string, std::size_t> expected{
      // E-QG1 as assigned; E-QG2 assigned to the numérique by mistake and E-QG3
      // to the Premier ministre, both answered by the ministre des solidarités et de
      // la santé; E-QG4 answered by a secrétaire d'État of that ministry.
      {"ministere des solidarites et de la sante", 4},
      // Asked of the Premier ministre and answered by him (E-QG5), or by a ministre
      // délégué (E-QG10), who answers for another ministry than a field of his own.
      {"premier ministre", 2},
      // "garde des sceaux, ministre de la justice" answering for the Premier ministre.
      {"ministere de la justice", 1},
      // E-QG7: the ministre de l'intérieur answers for the "Ministère de l’intérieur
      // et des outre-mer" it heads, which keeps the answer; E-QG11, "ministre d'État,
      // ministre de l’intérieur et des outre-mer", for the Premier ministre.
      {"ministere de l'interieur et des outre mer", 2},
      // E-QG8, answered by the ministre de l'intérieur for the Premier ministre, and
      // E-QG9, assigned to the "Ministère de l’intérieur": one entry, either apostrophe.
      {"ministere de l'interieur", 2},
  };
  EXPECT_EQ(answers, expected);
  EXPECT_EQ(result.synthesis.ministeres.size(), expected.size()) << "one entry a ministry, however spelt";
  // The hits still show the ministry the data assigns, beside who answered.
  const auto misassigned =
      std::find_if(result.hits.begin(), result.hits.end(), [](const PrecedentHit& hit) { return hit.id == "E-QG2"; });
  ASSERT_NE(misassigned, result.hits.end());
  ASSERT_TRUE(misassigned->answer.has_value());
  EXPECT_EQ(misassigned->answer->ministere,
            "Secrétariat d'État chargé de la transition numérique et des communications électroniques");
  EXPECT_EQ(misassigned->answer->repondant, "M. Olivier Véran, ministre des solidarités et de la santé");
}

TEST_F(PrecedentAnswersTest, CommandLinePrintsTheAnswerTheRuleAndTheSynthesis) {
  const std::string draft_file = index_->folder() + "/draft.txt";
  std::ofstream(draft_file) << kFirefightersDraft;
  const test_support::CommandResult human =
      run_shell(command("--no-color --no-group --similar " + draft_file + " 2>&1"));
  ASSERT_EQ(human.status, 0) << human.out;
  for (const std::string& expected : std::vector<std::string>{
           "Réponse de M. Gérald Darmanin, ministre de l'intérieur, le 10/03/2021 : Madame la députée",
           "Échange en séance, le 02/06/2021, sans réponse ministérielle distincte : ",
           "Réponse du ministère (Intérieur), le 06/04/2021 : ", "Classement : " + answered_first_rule(0.75),
           "Synthèse des 4 premiers précédents", "Rubrique probable : sécurité des biens et des personnes (4 sur 4)",
           "Intérieur : 3 réponses (dont 2 en séance), délai médian 91 jours (sur 1)",
           "Même territoire (Gironde), ministère (Intérieur), rubrique (sécurité des biens et des personnes)"}) {
    EXPECT_NE(human.out.find(expected), std::string::npos) << expected << "\n" << human.out;
  }
  // Only the QE without an answer: its législature is over, so none is known, not none given.
  const test_support::CommandResult unanswered =
      run_shell(command("--no-color --no-group --similar " + draft_file + " statut:inconnu 2>&1"));
  ASSERT_EQ(unanswered.status, 0) << unanswered.out;
  EXPECT_NE(unanswered.out.find("Aucun de ces précédents n'a de réponse connue."), std::string::npos) << unanswered.out;
  EXPECT_NE(unanswered.out.find("réponse absente de la source"), std::string::npos) << unanswered.out;

  const test_support::CommandResult json = run_shell(command("--json --similar " + draft_file + " 2>/dev/null"));
  ASSERT_EQ(json.status, 0);
  const auto parsed = nlohmann::ordered_json::parse(json.out);
  EXPECT_EQ(parsed["hits"][0]["id"], "P-QG1");
  EXPECT_FALSE(parsed.contains("total"));
  EXPECT_EQ(parsed["synthese"]["rubrique"], "sécurité des biens et des personnes");

  const test_support::CommandResult unknown = run_shell("echo 'zzyzzx qwertyuiop' | " + command("--similar - 2>&1"));
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("none of the draft's words is in the questions of the index"), std::string::npos)
      << unknown.out;
}

// Precedents are questions: an amendment or a press release in the same words
// is left out, unless the query names a type or the draft is one of them.
TEST(PrecedentScopeTest, PrecedentsAreQuestionsUnlessATypeIsAsked) {
  auto record = [](const std::string& id, const std::string& type, const std::string& title, const std::string& text) {
    document::Record r;
    r.id = id;
    r.type = type;
    r.titre = title;
    (type == "AMENDEMENT" ? r.expose : type == "COMMUNIQUE" ? r.texte : r.texte_question) = text;
    document::complete_record(r);
    return r;
  };
  const std::string doctors =
      "Les déserts médicaux s'étendent dans les zones rurales : les médecins généralistes partent à la retraite "
      "sans successeur.";
  const test_support::TemporaryIndex index(
      "hemicycle-precedent-scope",
      {record("S-QE1", "QE", "Déserts médicaux", doctors + " Quelles aides à l'installation ?"),
       record("S-QG1", "QG", "Médecins en zone rurale", "Les généralistes quittent les zones rurales."),
       record("S-AM1", "AMENDEMENT", "Amendement n° 1", doctors + " Cet amendement régule l'installation."),
       record("S-AM2", "AMENDEMENT", "Amendement n° 2", "Les déserts médicaux : réguler l'installation des médecins."),
       record("S-CP1", "COMMUNIQUE", "Déserts médicaux", doctors)});
  const analysis::FrenchAnalyzer& analyzer = test_support::test_analyzer();
  const PrecedentFinder finder(analyzer, index.database());
  auto hit_ids = [](const PrecedentResult& result) {
    std::vector<std::string> ids;
    for (const PrecedentHit& hit : result.hits) ids.push_back(hit.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto filter = [&](const std::string& query) { return QueryParser(analyzer, index.database()).parse(query).filter; };

  EXPECT_EQ(hit_ids(finder.similar_to_text(doctors, Xapian::Query(), Xapian::Query(), 0, 10)),
            (std::vector<std::string>{"S-QE1", "S-QG1"}));
  EXPECT_EQ(hit_ids(finder.similar_to_text(doctors, filter("type:amendement"), Xapian::Query(), 0, 10)),
            (std::vector<std::string>{"S-AM1", "S-AM2"}));
  EXPECT_EQ(hit_ids(finder.similar_to_text(doctors, filter("-type:qg"), Xapian::Query(), 0, 10)),
            (std::vector<std::string>{"S-AM1", "S-AM2", "S-CP1", "S-QE1"}));
  // An indexed draft's precedents: questions for a question, its own type otherwise.
  EXPECT_EQ(hit_ids(finder.similar_to_document("S-QE1", Xapian::Query(), Xapian::Query(), 0, 10)),
            (std::vector<std::string>{"S-QG1"}));
  EXPECT_EQ(hit_ids(finder.similar_to_document("S-AM1", Xapian::Query(), Xapian::Query(), 0, 10)),
            (std::vector<std::string>{"S-AM2"}));
  PrecedentOptions everything;
  everything.questions_only = false;
  EXPECT_EQ(hit_ids(PrecedentFinder(analyzer, index.database(), everything)
                        .similar_to_text(doctors, Xapian::Query(), Xapian::Query(), 0, 10)),
            (std::vector<std::string>{"S-AM1", "S-AM2", "S-CP1", "S-QE1", "S-QG1"}));
}

// The grouping reads what each question asks from the index
// (index::kAskedTermsSlot); an index written without it groups the same way,
// from the records.
TEST(PrecedentGroupingTest, StoredAskedTermsGroupAsTheRecordsDo) {
  const auto records = test_support::read_records(HEMICYCLE_TEST_DATA "/precedent/records.jsonl");
  const test_support::TemporaryIndex stored("hemicycle-precedent-stored", records);
  const test_support::TemporaryIndex stripped("hemicycle-precedent-stripped", records);
  {
    Xapian::WritableDatabase db(stripped.path());
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      ASSERT_FALSE(doc.get_value(index::kAskedTermsSlot).empty()) << *it;
      doc.remove_value(index::kAskedTermsSlot);
      db.replace_document(*it, doc);
    }
    db.commit();
  }
  const Xapian::Database without(stripped.path());
  PrecedentOptions options;
  options.min_df = 1;
  options.statistics_from = 0;
  auto entries = [&](const Xapian::Database& db, const char* draft) {
    std::vector<std::vector<std::string>> listed;
    for (const PrecedentHit& hit : PrecedentFinder(test_support::test_analyzer(), db, options)
                                       .similar_to_text(draft, Xapian::Query(), Xapian::Query(), 0, 20)
                                       .hits) {
      std::vector<std::string> ids{hit.id};
      for (const PrecedentMember& member : hit.members) ids.push_back(member.id);
      listed.push_back(ids);
    }
    return listed;
  };
  for (const char* draft : {kRuralDoctorsDraft, kPesticidesDraft, kPostOfficesDraft}) {
    const auto from_index = entries(stored.database(), draft);
    EXPECT_EQ(from_index, entries(without, draft)) << draft;
    EXPECT_LT(from_index.size(), records.size()) << "nothing grouped for " << draft;
  }
}

// --similar-to a question: the draft is what it asks, as a drafter's text would
// be; the words of its answer find nothing by themselves.
TEST(PrecedentScopeTest, SimilarToADocumentSearchesWhatItAsksNotItsAnswer) {
  auto question = [](const std::string& id, const std::string& title, const std::string& asked,
                     const std::string& answer) {
    document::Record r;
    r.id = id;
    r.type = "QE";
    r.titre = title;
    r.texte_question = asked;
    r.texte_reponse = answer;
    if (!answer.empty()) r.statut = "repondu";
    document::complete_record(r);
    return r;
  };
  const test_support::TemporaryIndex index(
      "hemicycle-precedent-asked",
      {question("T-1", "Déserts médicaux", "Les médecins généralistes quittent les zones rurales.",
                "Le tramway de la métropole sera prolongé jusqu'aux quartiers nord."),
       question("T-2", "Médecins ruraux", "Les zones rurales manquent de médecins généralistes.", ""),
       question("T-3", "Tramway", "Le prolongement du tramway de la métropole vers les quartiers nord.", "")});
  const PrecedentResult result = PrecedentFinder(test_support::test_analyzer(), index.database())
                                     .similar_to_document("T-1", Xapian::Query(), Xapian::Query(), 0, 10);
  std::vector<std::string> ids;
  for (const PrecedentHit& hit : result.hits) ids.push_back(hit.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"T-2"}));
  EXPECT_EQ(std::count(result.query_terms.begin(), result.query_terms.end(), "tramway"), 0);
}

}  // namespace
}  // namespace hemicycle::search
