// bench_shards: query latency over one database, several local shards or remote
// shards (a stub file of "remote" lines): the same queries, p50/p99 per query.
//   bench_shards --db index                    one database
//   bench_shards --db shards                   a stub folder of local shards
//   bench_shards --db remote-stub --facets     shards behind xapian-tcpsrv

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/analyzer.h"
#include "errors.h"
#include "index/index_writer.h"
#include "search/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

// Subjects of written questions, with filters and phrases, as users type them.
const std::vector<std::string> kDefaultQueries = {
    "loup",
    "désertification médicale",
    "\"transition énergétique\"",
    "eau potable sécheresse",
    "agriculteurs pesticides",
    "école rurale fermeture de classe",
    "rubrique:santé hôpital",
    "date:2020.. logement social",
    "retraite pension agricole",
    "handicap AESH",
};

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_shards: query latency (p50/p99) over one database, local shards or remote shards"};
  std::vector<std::string> databases;
  std::string queries_file;
  unsigned rounds = 20;
  bool facets = false;
  app.add_option("--db", databases, "Database, stub folder or stub file; repeatable")->required();
  app.add_option("--queries", queries_file, "One query a line (default: a built-in list)")->check(CLI::ExistingFile);
  app.add_option("--rounds", rounds, "Times each query is run")->default_val(20)->check(CLI::Range(1, 100000));
  app.add_flag("--facets", facets, "Count the facets of every query (reads every match)");
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> queries = kDefaultQueries;
  if (!queries_file.empty()) {
    queries.clear();
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) queries.push_back(line);
    }
  }
  try {
    const hemicycle::analysis::FrenchAnalyzer analyzer;
    const hemicycle::search::Searcher searcher(analyzer, hemicycle::index::open_for_reading(databases, analyzer));
    std::vector<double> milliseconds;
    for (unsigned round = 0; round <= rounds; ++round) {
      for (const std::string& query : queries) {
        hemicycle::search::SearchRequest request;
        request.query = query;
        request.facets = facets;
        const auto start = Clock::now();
        const hemicycle::search::SearchResult result = searcher.search(request);
        const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (round > 0) milliseconds.push_back(elapsed);  // round 0 warms the caches and connections
        if (round == 0 && result.hits.empty()) std::fprintf(stderr, "note: no hit for '%s'\n", query.c_str());
      }
    }
    double total = 0;
    for (const double ms : milliseconds) total += ms;
    std::printf("%zu queries × %u rounds%s: p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", queries.size(), rounds,
                facets ? " with facets" : "", percentile(milliseconds, 0.5), percentile(milliseconds, 0.99),
                total / static_cast<double>(milliseconds.size()));
  } catch (const hemicycle::Error& e) {
    std::fprintf(stderr, "bench_shards: %s\n", e.what());
    return 1;
  }
  return 0;
}
