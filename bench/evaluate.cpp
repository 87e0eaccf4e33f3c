// Search-quality evaluation on an index of ../shared/corpus: known-item queries
// (MRR, success@k) and topical queries with graded judgments (nDCG@10).
// Query sets and how they were built: bench/eval/README.md.
//
//   build/bin/evaluate --db corpus.db [--boost rubrique=3 ...] [--grid]

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include <xapian.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "index/stored_record.h"
#include "search/precedent.h"
#include "search/searcher.h"
#include "search/synonyms.h"

namespace {

using namespace hemicycle;

struct KnownItem {
  std::string query;
  std::set<std::string> expected;
};

struct Topic {
  std::string query;
  std::set<std::string> rubriques;  // folded
  std::regex analyse;
};

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(line);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    rows.push_back(split(line, '\t'));
  }
  return rows;
}

struct Judged {
  // id -> grade, for every question of the index, per topic.
  std::vector<std::map<std::string, int>> grades;
};

// Grades every question (QG, QE) of the index against every topic, from the
// rubrique and the analyse (titre) stored in the record.
Judged judge(const Xapian::Database& db, const std::vector<Topic>& topics, const analysis::FrenchAnalyzer& analyzer) {
  Judged judged;
  judged.grades.resize(topics.size());
  for (const std::string type_term : {"XTYPEqg", "XTYPEqe"}) {
    for (auto it = db.postlist_begin(type_term); it != db.postlist_end(type_term); ++it) {
      const auto record = index::decode_stored_record(index::stored_record_bytes(db.get_document(*it)));
      const std::string rubrique = analyzer.fold(record.value("rubrique", ""));
      const std::string analyse = analyzer.fold(record.value("titre", ""));
      const std::string id = record.value("id", "");
      for (std::size_t t = 0; t < topics.size(); ++t) {
        const int grade = (topics[t].rubriques.count(rubrique) > 0 ? 1 : 0) +
                          (!analyse.empty() && std::regex_search(analyse, topics[t].analyse) ? 1 : 0);
        if (grade > 0) judged.grades[t][id] = grade;
      }
    }
  }
  return judged;
}

double dcg(const std::vector<int>& gains) {
  double total = 0;
  for (std::size_t i = 0; i < gains.size(); ++i) {
    total += (std::pow(2.0, gains[i]) - 1.0) / std::log2(static_cast<double>(i) + 2.0);
  }
  return total;
}

struct Figures {
  double mrr = 0, success1 = 0, success10 = 0, ndcg10 = 0;
};

Figures evaluate(const search::Searcher& searcher, const std::vector<KnownItem>& known,
                 const std::vector<Topic>& topics, const Judged& judged, bool verbose) {
  Figures f;
  for (const auto& item : known) {
    search::SearchRequest request;
    request.query = item.query;
    request.limit = 100;
    std::size_t rank = 0;
    std::string first;  // the title of the first hit, when it is not the one sought
    try {
      const auto result = searcher.search(request);
      for (std::size_t i = 0; i < result.hits.size(); ++i) {
        if (item.expected.count(result.hits[i].id) > 0) {
          rank = i + 1;
          break;
        }
      }
      if (rank != 1 && !result.hits.empty()) first = result.hits.front().record.value("titre", "");
    } catch (const QueryError& e) {
      std::cerr << "query '" << item.query << "': " << e.what() << "\n";
    }
    if (rank > 0) f.mrr += 1.0 / static_cast<double>(rank);
    if (rank == 1) f.success1 += 1;
    if (rank > 0 && rank <= 10) f.success10 += 1;
    if (verbose && rank != 1) {
      std::printf("  known-item rank %zu: %s  (first: %s)\n", rank, item.query.c_str(), first.c_str());
    }
  }
  if (!known.empty()) {
    f.mrr /= static_cast<double>(known.size());
    f.success1 /= static_cast<double>(known.size());
    f.success10 /= static_cast<double>(known.size());
  }
  for (std::size_t t = 0; t < topics.size(); ++t) {
    search::SearchRequest request;
    // Only questions carry the judgments (rubrique, analyse).
    request.query = topics[t].query + " -type:amendement -type:qosd -type:communique";
    request.limit = 10;
    std::vector<int> gains;
    try {
      for (const auto& hit : searcher.search(request).hits) {
        const auto it = judged.grades[t].find(hit.id);
        gains.push_back(it == judged.grades[t].end() ? 0 : it->second);
      }
    } catch (const QueryError& e) {
      std::cerr << "query '" << request.query << "': " << e.what() << "\n";
    }
    std::vector<int> ideal;
    for (const auto& [id, grade] : judged.grades[t]) ideal.push_back(grade);
    std::sort(ideal.rbegin(), ideal.rend());
    if (ideal.size() > 10) ideal.resize(10);
    const double best = dcg(ideal);
    const double ndcg = best > 0 ? dcg(gains) / best : 0;
    if (verbose) std::printf("  nDCG@10 %.3f  %s\n", ndcg, topics[t].query.c_str());
    f.ndcg10 += ndcg;
  }
  if (!topics.empty()) f.ndcg10 /= static_cast<double>(topics.size());
  return f;
}

// The precedent task: a question's own text is the draft; the other questions with
// the same analyse are full-credit precedents (grade 2), those with the same
// rubrique partial credit (grade 1). Questions are split in two halves by a hash
// of their id: "tune" for choosing options, "test" (held out) for the figures.
struct PrecedentCase {
  std::string id;
  std::string type;  // QG, QE
  std::string draft;
  std::string analyse;   // folded
  std::string rubrique;  // folded
};

struct PrecedentSet {
  std::vector<PrecedentCase> cases;
  std::map<std::string, std::vector<std::string>> by_analyse;  // folded analyse -> ids
  std::map<std::string, std::string> rubrique_of;              // id -> folded rubrique
};

PrecedentSet precedent_set(const Xapian::Database& db, const analysis::FrenchAnalyzer& analyzer,
                           const std::string& split, std::size_t count) {
  PrecedentSet set;
  std::vector<PrecedentCase> all;
  for (const std::string type_term : {"XTYPEqg", "XTYPEqe"}) {
    for (auto it = db.postlist_begin(type_term); it != db.postlist_end(type_term); ++it) {
      const auto record = index::decode_stored_record(index::stored_record_bytes(db.get_document(*it)));
      PrecedentCase c{record.value("id", ""), record.value("type", ""), record.value("texte_question", ""),
                      analyzer.fold(record.value("titre", "")), analyzer.fold(record.value("rubrique", ""))};
      if (c.analyse.empty()) continue;
      set.by_analyse[c.analyse].push_back(c.id);
      set.rubrique_of[c.id] = c.rubrique;
      all.push_back(std::move(c));
    }
  }
  for (auto& c : all) {
    const bool test_half = std::hash<std::string>{}(c.id) % 2 == 1;
    if ((split == "test") != test_half) continue;
    if (set.by_analyse[c.analyse].size() < 2 || c.draft.size() < 200) continue;
    set.cases.push_back(std::move(c));
  }
  std::sort(set.cases.begin(), set.cases.end(), [](const auto& a, const auto& b) {
    return std::hash<std::string>{}(a.id + "#") < std::hash<std::string>{}(b.id + "#");
  });
  if (set.cases.size() > count) set.cases.resize(count);
  return set;
}

struct RankFigures {
  double mrr = 0, ndcg10 = 0;
};

void add_ranking(const PrecedentSet& set, const PrecedentCase& c, const std::vector<std::string>& ranked,
                 RankFigures& figures) {
  const auto& same_analyse = set.by_analyse.at(c.analyse);
  auto grade = [&](const std::string& id) {
    if (std::find(same_analyse.begin(), same_analyse.end(), id) != same_analyse.end()) return 2;
    const auto it = set.rubrique_of.find(id);
    return it != set.rubrique_of.end() && !c.rubrique.empty() && it->second == c.rubrique ? 1 : 0;
  };
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (grade(ranked[i]) == 2) {
      figures.mrr += 1.0 / static_cast<double>(i + 1);
      break;
    }
  }
  std::vector<int> gains;
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) gains.push_back(grade(ranked[i]));
  // The ideal list: every other question of the same analyse, then those of the same rubrique.
  std::size_t partial = 0;
  for (const auto& [id, rubrique] : set.rubrique_of) {
    if (!c.rubrique.empty() && rubrique == c.rubrique && grade(id) == 1) ++partial;
  }
  std::vector<int> ideal(std::min<std::size_t>(10, same_analyse.size() - 1), 2);
  while (ideal.size() < 10 && partial-- > 0) ideal.push_back(1);
  const double best = dcg(ideal);
  figures.ndcg10 += best > 0 ? dcg(gains) / best : 0;
}

// The stock-Xapian index of the evaluation's baseline: every document's texts
// (index::body_texts) through Xapian's own TermGenerator with the French stemmer,
// plus the boolean type and id terms the filters use. Built once per source
// index (named by its UUID) under TMPDIR, and reused. Without positions: an OR
// query does not read them, and BM25 does not depend on them.
Xapian::Database stock_index(const Xapian::Database& db) {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path path =
      std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / ("hemicycle-stock-" + db.get_uuid());
  if (std::filesystem::exists(path / "iamglass")) return Xapian::Database(path.string());
  std::fprintf(stderr, "evaluate: building the stock-Xapian index in %s (once)\n", path.c_str());
  {
    Xapian::WritableDatabase stock((path.string() + ".part"), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("french"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
      Xapian::Document source;
      try {
        source = db.get_document(id);
      } catch (const Xapian::DocNotFoundError&) {
        continue;
      }
      const document::Record record =
          document::record_from_json(index::decode_stored_record(index::stored_record_bytes(source)));
      Xapian::Document doc;
      generator.set_document(doc);
      for (std::string_view text : index::body_texts(record)) {
        generator.index_text_without_positions(std::string(text));
        generator.increase_termpos();
      }
      std::string type = record.type;
      std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
      doc.add_boolean_term("XTYPE" + type);
      doc.add_boolean_term("Q" + record.id);
      doc.set_data(record.id);
      stock.add_document(doc);
    }
    stock.commit();
  }
  std::filesystem::rename(path.string() + ".part", path);
  return Xapian::Database(path.string());
}

// Xapian as it comes: QueryParser (default op OR, French stemmer, STEM_SOME), BM25 defaults.
std::vector<std::string> stock_ranking(const Xapian::Database& stock, const std::string& draft,
                                       const Xapian::Query& filter) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("french"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.set_database(stock);
  Xapian::Query query;
  try {
    query = parser.parse_query(draft);
  } catch (const Xapian::QueryParserError&) {
    query = parser.parse_query(draft, 0);  // a draft is no query syntax: read it as plain words
  }
  Xapian::Enquire enquire(stock);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, filter));
  std::vector<std::string> ranked;
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto m = mset.begin(); m != mset.end(); ++m) ranked.push_back(m.get_document().get_data());
  return ranked;
}

// The whole draft as one BM25 OR query over the text, analysed by the project's analyzer.
std::vector<std::string> bm25_or_ranking(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
                                         const std::string& draft, const Xapian::Query& filter) {
  std::vector<Xapian::Query> terms;
  for (const auto& token : analyzer.analyze(draft)) {
    if (!token.stopword) terms.emplace_back(token.term);
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), filter));
  std::vector<std::string> ranked;
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    ranked.push_back(index::decode_stored_record(index::stored_record_bytes(m.get_document())).value("id", ""));
  }
  return ranked;
}

void evaluate_precedents(const analysis::FrenchAnalyzer& analyzer, const Xapian::Database& db,
                         const search::PrecedentOptions& options, const std::string& split, std::size_t count,
                         bool with_stock) {
  const PrecedentSet set = precedent_set(db, analyzer, split, count);
  const search::PrecedentFinder finder(analyzer, db, options);
  const std::optional<Xapian::Database> stock = with_stock ? std::optional(stock_index(db)) : std::nullopt;
  const Xapian::Query questions(Xapian::Query::OP_OR, Xapian::Query("XTYPEqg"), Xapian::Query("XTYPEqe"));
  enum Ranking { Stock, Baseline, System, Rankings };
  // Figures over all drafts, and over the drafts of each type.
  std::map<std::string, std::array<RankFigures, Rankings>> figures;
  std::map<std::string, std::size_t> drafts;
  for (const auto& c : set.cases) {
    const Xapian::Query filter(Xapian::Query::OP_AND_NOT, questions, Xapian::Query("Q" + c.id));
    std::array<std::vector<std::string>, Rankings> ranked;
    try {
      ranked[System] = finder.rank_text(c.draft, filter).ungrouped;
    } catch (const InputError&) {
      ranked[System].clear();
    }
    ranked[Baseline] = bm25_or_ranking(analyzer, db, c.draft, filter);
    if (stock) ranked[Stock] = stock_ranking(*stock, c.draft, filter);
    for (const std::string& group : {std::string("all"), c.type}) {
      ++drafts[group];
      for (int r = 0; r < Rankings; ++r) add_ranking(set, c, ranked[r], figures[group][r]);
    }
  }
  std::printf("precedent task, %s half%s\n", split.c_str(), with_stock ? "" : " (stock baseline skipped)");
  std::printf("  %-12s %7s | %-22s | %-22s | %-22s\n", "drafts", "count", "stock Xapian", "BM25 OR baseline",
              "Hémicycle");
  for (const auto& [group, f] : figures) {
    const auto n = static_cast<double>(drafts[group]);
    std::printf("  %-12s %7zu |", group.c_str(), drafts[group]);
    for (int r = 0; r < Rankings; ++r) {
      std::printf(" nDCG@10 %.3f MRR %.3f |", f[r].ndcg10 / n, f[r].mrr / n);
    }
    if (with_stock && f[Stock].ndcg10 > 0) std::printf(" %.2fx stock", f[System].ndcg10 / f[Stock].ndcg10);
    std::printf("\n");
  }
}

void print(const std::string& label, const Figures& f, std::size_t known, std::size_t topics) {
  std::printf("%-40s known-item (%zu): MRR %.3f  success@1 %.3f  success@10 %.3f | topical (%zu): nDCG@10 %.3f\n",
              label.c_str(), known, f.mrr, f.success1, f.success10, topics, f.ndcg10);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search-quality evaluation: MRR and success@k on known-item queries, nDCG@10 on topical queries",
               "evaluate"};
  std::vector<std::string> dbs;
  std::string known_file = HEMICYCLE_SOURCE_DIR "/bench/eval/known_item.tsv";
  std::string topics_file = HEMICYCLE_SOURCE_DIR "/bench/eval/topics.tsv";
  std::vector<std::string> boosts;
  bool grid = false;
  bool verbose = false;
  bool no_synonyms = false;
  std::string precedent_split;
  std::size_t precedent_count = 150;
  search::PrecedentOptions precedent_options;
  bool no_stock = false;
  app.add_option("--db", dbs, "Index of ../shared/corpus (repeatable)")->required();
  app.add_option("--known", known_file, "Known-item queries (TSV)");
  app.add_option("--topics", topics_file, "Topical queries (TSV)");
  app.add_option("--boost", boosts, "FIELD=WEIGHT, as for hemicycle-query");
  std::optional<double> title_coverage;
  app.add_option("--title-coverage", title_coverage, "Weight of the title coverage (search::QueryOptions)");
  app.add_flag("--grid", grid, "Try a grid of field boosts and print one line each");
  app.add_flag("--no-synonyms", no_synonyms, "Evaluate without the synonym list");
  app.add_flag("-v,--verbose", verbose, "Print per-query figures");
  app.add_option("--precedent", precedent_split, "Run the precedent task on the 'test' (held-out) or 'tune' half")
      ->check(CLI::IsMember({"test", "tune"}));
  app.add_option("--precedent-drafts", precedent_count, "Number of drafts of the precedent task");
  app.add_option("--precedent-terms", precedent_options.max_terms, "Draft terms kept by precedent search");
  app.add_flag("--no-stock", no_stock, "Precedent task without the stock-Xapian baseline (its index is built once)");
  // The levers of precedent search, to measure one at a time (bench/eval/README.md).
  app.add_option("--rarity-over-questions", precedent_options.rarity_over_questions, "1 or 0");
  app.add_option("--drop-formulae", precedent_options.drop_question_formulae, "1 or 0");
  app.add_option("--drop-names", precedent_options.drop_names, "1 or 0");
  app.add_option("--max-df-ratio", precedent_options.max_df_ratio, "Draft terms in more of the documents are dropped");
  app.add_option("--min-df", precedent_options.min_df, "Draft terms in fewer documents are dropped");
  app.add_option("--answered-ratio", precedent_options.answered_ratio, "Answered-first ratio (1: similarity only)");
  app.add_option("--feedback-documents", precedent_options.feedback_documents, "Pseudo-relevance feedback depth");
  app.add_option("--feedback-terms", precedent_options.feedback_terms, "Terms added by feedback");
  app.add_option("--feedback-weight", precedent_options.feedback_weight, "Weight of the added terms");
  app.add_option("--subject-votes", precedent_options.subject_votes, "Hits voting for the draft's subject");
  app.add_option("--subject-weight", precedent_options.subject_weight, "Weight of the analyse vote");
  app.add_option("--rubrique-weight", precedent_options.rubrique_weight, "Weight of the rubrique vote");
  app.add_option("--bm25-k1", precedent_options.bm25_k1, "BM25 k1");
  app.add_option("--bm25-b", precedent_options.bm25_b, "BM25 b");
  CLI11_PARSE(app, argc, argv);

  try {
    const analysis::FrenchAnalyzer analyzer;
    const Xapian::Database db = index::open_for_reading(dbs, analyzer);
    const search::Synonyms synonyms = search::Synonyms::parse(search::default_synonyms(), analyzer);

    std::vector<KnownItem> known;
    for (const auto& row : read_tsv(known_file)) {
      if (row.size() < 2) continue;
      KnownItem item{row[0], {}};
      for (const auto& id : split(row[1], ',')) item.expected.insert(id);
      known.push_back(std::move(item));
    }
    std::vector<Topic> topics;
    for (const auto& row : read_tsv(topics_file)) {
      if (row.size() < 3) continue;
      Topic topic{row[0], {}, std::regex(row[2], std::regex::ECMAScript | std::regex::optimize)};
      for (const auto& r : split(row[1], ';')) topic.rubriques.insert(analyzer.fold(r));
      topics.push_back(std::move(topic));
    }
    const Judged judged = judge(db, topics, analyzer);

    search::QueryOptions base;
    base.synonyms = no_synonyms ? nullptr : &synonyms;
    if (title_coverage) base.title_coverage = *title_coverage;
    for (const std::string& b : boosts) {
      const auto eq = b.find('=');
      if (eq == std::string::npos) throw ConfigError("--boost expects FIELD=WEIGHT");
      base.boosts[b.substr(0, eq)] = std::stod(b.substr(eq + 1));
    }
    if (!precedent_split.empty()) {
      precedent_options.boosts = base.boosts;
      evaluate_precedents(analyzer, db, precedent_options, precedent_split, precedent_count, !no_stock);
      return 0;
    }
    if (!grid) {
      const search::Searcher searcher(analyzer, db, base);
      print("configured", evaluate(searcher, known, topics, judged, verbose), known.size(), topics.size());
      return 0;
    }
    for (double titre : {1.0, 2.0, 3.0}) {
      for (double rubrique : {1.0, 2.0, 4.0}) {
        for (double ministere : {1.0, 1.5}) {
          search::QueryOptions options = base;
          options.boosts["titre"] = titre;
          options.boosts["rubrique"] = rubrique;
          options.boosts["ministere"] = ministere;
          const search::Searcher searcher(analyzer, db, options);
          char label[96];
          std::snprintf(label, sizeof label, "titre=%.1f rubrique=%.1f ministere=%.1f", titre, rubrique, ministere);
          print(label, evaluate(searcher, known, topics, judged, false), known.size(), topics.size());
        }
      }
    }
  } catch (const Error& e) {
    std::cerr << "evaluate: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
