// Throughput of the French analyzer on one core: analyses a text file (or
// standard input) N times, line by line as the indexer analyses fields, and
// prints MB/s and tokens/s.
//
//   bench_analyzer [--repeat N] [FILE]
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/analyzer.h"

int main(int argc, char** argv) {
  CLI::App app{"Measure the French analyzer's throughput"};
  int repeat = 3;
  std::string path;
  app.add_option("--repeat,-n", repeat, "How many times to analyse the text")->check(CLI::PositiveNumber);
  app.add_option("file", path, "Text file to analyse (standard input when absent)");
  CLI11_PARSE(app, argc, argv);

  std::string text;
  if (path.empty()) {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "bench_analyzer: cannot read " << path << "\n";
      return 1;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.emplace_back(text.data() + start, end - start);
    start = end + 1;
  }

  const hemicycle::analysis::FrenchAnalyzer analyzer;
  std::size_t tokens = 0;
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (int round = 0; round < repeat; ++round) {
    for (const std::string_view line : lines) tokens += analyzer.analyze(line).size();
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  // On a shared machine wall time counts other processes; CPU time does not.
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  const double megabytes = static_cast<double>(text.size()) * repeat / 1e6;
  std::printf("analyzer: %s\n", analyzer.signature().c_str());
  std::printf("input: %.1f MB x %d, %zu lines\n", static_cast<double>(text.size()) / 1e6, repeat, lines.size());
  std::printf("time: %.3f s wall, %.3f s CPU\n", elapsed.count(), cpu_seconds);
  std::printf("throughput: %.2f MB/s, %.0f tokens/s (wall)\n", megabytes / elapsed.count(),
              static_cast<double>(tokens) / elapsed.count());
  std::printf("throughput: %.2f MB/s, %.0f tokens/s (CPU)\n", megabytes / cpu_seconds,
              static_cast<double>(tokens) / cpu_seconds);
  return 0;
}
