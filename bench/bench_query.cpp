// Query latency benchmark: p50 and p99 of hemicycle-query's search (ranking, the
// first page of 10 hits with their extracts) for plain words, phrases, filtered
// queries and queries with facets, built from the evaluation's query sets. Facets
// are counted as the server counts them (from the facet table it keeps in memory,
// search/facet_table.h), and again as one hemicycle-query call does ("facets, CLI").
//
//   build/bin/bench_query --db corpus.db [--db shard2 ...] [--rounds 2] [--slowest N]
//
// --queries FILE times the queries of FILE (one a line, '#' comments) as plain
// words, and derives the other kinds from them as it does from the evaluation's.
// --slowest N lists the N slowest queries of each kind (their best time over the rounds).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/analyzer.h"
#include "errors.h"
#include "index/index_writer.h"
#include "search/searcher.h"
#include "search/synonyms.h"

namespace {

using namespace hemicycle;

std::vector<std::string> first_column(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open");
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    queries.push_back(line.substr(0, line.find('\t')));
  }
  return queries;
}

std::vector<std::string> words_of(const std::string& query) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = query.find(' ', start);
    const std::string word = query.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!word.empty()) words.push_back(word);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return words;
}

struct Kind {
  std::string name;
  std::vector<std::string> queries;
  bool facets = false;
  bool one_shot = false;  // searched as hemicycle-query does, without the server's facet table
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Query latency: p50/p99 for plain, phrase, filtered and faceted searches", "bench_query"};
  std::vector<std::string> dbs;
  std::string known = HEMICYCLE_SOURCE_DIR "/bench/eval/known_item.tsv";
  std::string topics = HEMICYCLE_SOURCE_DIR "/bench/eval/topics.tsv";
  int rounds = 2;
  std::size_t slowest = 0;
  app.add_option("--db", dbs, "Index (repeatable)")->required();
  app.add_option("--rounds", rounds, "Times each query set is run after a warm-up round")->check(CLI::Range(1, 100));
  std::string own;
  app.add_option("--queries", own, "Time the queries of this file (one a line) instead of the evaluation's sets")
      ->check(CLI::ExistingFile);
  app.add_option("--slowest", slowest, "List the N slowest queries of each kind");
  CLI11_PARSE(app, argc, argv);

  try {
    const analysis::FrenchAnalyzer analyzer;
    const Xapian::Database db = index::open_for_reading(dbs, analyzer);
    const search::Synonyms synonyms = search::Synonyms::parse(search::default_synonyms(), analyzer);
    search::QueryOptions options;
    options.synonyms = &synonyms;
    // As the server searches: facets counted from the values it keeps in memory. The
    // "facets, CLI" row counts them as one hemicycle-query call does, from the value
    // stream of each match.
    search::FacetTables facet_tables;
    const search::Searcher searcher(analyzer, db, options, &facet_tables);
    const search::Searcher one_shot(analyzer, db, options);
    const auto read_start = std::chrono::steady_clock::now();
    if (const auto table = facet_tables.of(db)) {
      std::printf("facet table: read in %.1f ms, %.1f MB\n\n",
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - read_start).count(),
                  static_cast<double>(table->memory_bytes()) / 1e6);
    }

    std::vector<std::string> plain = first_column(own.empty() ? known : own);
    if (own.empty()) {
      for (const auto& q : first_column(topics)) plain.push_back(q);
    }
    const char* filters[] = {"type:qg",        "date:2019..",    "legislature:15",
                             "rubrique:sante", "statut:repondu", "territoire:normandie"};
    Kind plain_kind{"plain words", plain, false};
    Kind phrase_kind{"phrases", {}, false};
    Kind filtered_kind{"filtered", {}, false};
    Kind faceted_kind{"with facets", plain, true};
    Kind one_shot_kind{"facets, CLI", plain, true, true};
    for (std::size_t i = 0; i < plain.size(); ++i) {
      const auto words = words_of(plain[i]);
      if (words.size() >= 2) phrase_kind.queries.push_back("\"" + words[0] + " " + words[1] + "\"");
      filtered_kind.queries.push_back(plain[i] + " " + filters[i % std::size(filters)]);
    }

    std::printf("%-12s %8s %9s %9s %9s\n", "kind", "queries", "p50 ms", "p99 ms", "mean ms");
    std::vector<std::string> slow_lines;
    for (const Kind& kind : {plain_kind, phrase_kind, filtered_kind, faceted_kind, one_shot_kind}) {
      std::vector<double> times;
      std::map<std::string, double> best;  // query -> its best time
      for (int round = 0; round <= rounds; ++round) {
        for (const std::string& q : kind.queries) {
          search::SearchRequest request;
          request.query = q;
          request.facets = kind.facets;
          const auto start = std::chrono::steady_clock::now();
          try {
            (void)(kind.one_shot ? one_shot : searcher).search(request);
          } catch (const QueryError&) {
            continue;  // counted as answered: the error is the answer
          }
          const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
          if (round == 0) continue;  // round 0 warms the caches
          times.push_back(ms);
          auto [it, inserted] = best.emplace(q, ms);
          if (!inserted) it->second = std::min(it->second, ms);
        }
      }
      double total = 0;
      for (double t : times) total += t;
      std::printf("%-12s %8zu %9.1f %9.1f %9.1f\n", kind.name.c_str(), kind.queries.size(), percentile(times, 0.5),
                  percentile(times, 0.99), times.empty() ? 0 : total / static_cast<double>(times.size()));
      std::vector<std::pair<double, std::string>> ranked;
      for (const auto& [q, ms] : best) ranked.emplace_back(ms, q);
      std::sort(ranked.rbegin(), ranked.rend());
      for (std::size_t i = 0; i < std::min(slowest, ranked.size()); ++i) {
        char line[64];
        std::snprintf(line, sizeof line, "%-12s %9.1f ms  ", kind.name.c_str(), ranked[i].first);
        slow_lines.push_back(line + ranked[i].second);
      }
    }
    if (!slow_lines.empty()) std::printf("\nslowest queries (best time over the rounds)\n");
    for (const std::string& line : slow_lines) std::printf("%s\n", line.c_str());
  } catch (const Error& e) {
    std::cerr << "bench_query: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
