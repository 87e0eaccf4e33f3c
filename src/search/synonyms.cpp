#include "search/synonyms.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "errors.h"
#include "text/split.h"

namespace hemicycle::search {

namespace {

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Synonyms Synonyms::load(const std::string& path, const analysis::FrenchAnalyzer& analyzer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read the synonyms file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_from(text.str(), path, analyzer);
}

Synonyms Synonyms::parse(std::string_view text, const analysis::FrenchAnalyzer& analyzer) {
  return parse_from(text, "synonyms", analyzer);
}

Synonyms Synonyms::parse_from(std::string_view text, std::string_view source,
                              const analysis::FrenchAnalyzer& analyzer) {
  std::string table;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty() || line.front() == '#') continue;

    const auto fail = [&](const std::string& what) {
      throw ConfigError(std::string(source) + ":" + std::to_string(line_number) + ": " + what);
    };
    std::vector<std::vector<std::string>> group;
    std::string_view rest = line;
    while (true) {
      const std::size_t bar = rest.find('|');
      const std::string_view alternative = trim(rest.substr(0, bar));
      std::vector<std::string> terms;
      for (const auto& token : analyzer.analyze(alternative)) terms.push_back(token.term);
      if (terms.empty()) fail("empty alternative in \"" + std::string(line) + "\"");
      if (std::find(group.begin(), group.end(), terms) != group.end()) {
        fail("\"" + std::string(alternative) +
             "\" analyses to the same terms as another alternative of its line; "
             "the analyzer already treats them alike");
      }
      group.push_back(std::move(terms));
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    if (group.size() < 2) fail("a line needs at least two alternatives separated by \"|\"");

    for (std::size_t a = 0; a < group.size(); ++a) {
      if (a > 0) table += '\t';
      for (std::size_t t = 0; t < group[a].size(); ++t) {
        const std::string& term = group[a][t];
        if (term.find_first_of(" \t\n") != std::string::npos) {
          fail("the synonym term \"" + term + "\" holds a separator of the synonym table");
        }
        if (t > 0) table += ' ';
        table += term;
      }
    }
    table += '\n';
  }
  return from_table(table);
}

Synonyms Synonyms::from_table(std::string_view table) {
  auto owned = std::make_shared<const std::string>(table);
  Synonyms synonyms = over(*owned);
  synonyms.owned_ = std::move(owned);
  return synonyms;
}

bool Synonyms::by_terms(const Entry& a, const Entry& b) { return a.terms < b.terms; }

Synonyms Synonyms::over(std::string_view table) {
  Synonyms synonyms;
  for (const std::string_view line : text::split(table, '\n')) {
    if (line.empty()) continue;
    const auto group = static_cast<std::uint32_t>(synonyms.group_begin_.size());
    synonyms.group_begin_.push_back(static_cast<std::uint32_t>(synonyms.alternatives_.size()));
    for (const std::string_view terms : text::split(line, '\t')) {
      synonyms.alternatives_.push_back({terms, group});
      synonyms.longest_ =
          std::max(synonyms.longest_, static_cast<std::size_t>(std::count(terms.begin(), terms.end(), ' ')) + 1);
    }
  }
  synonyms.group_begin_.push_back(static_cast<std::uint32_t>(synonyms.alternatives_.size()));
  synonyms.sorted_ = synonyms.alternatives_;
  std::stable_sort(synonyms.sorted_.begin(), synonyms.sorted_.end(), by_terms);
  return synonyms;
}

std::string Synonyms::to_table() const {
  std::string table;
  for (std::size_t a = 0; a < alternatives_.size(); ++a) {
    if (a > 0) table += alternatives_[a].group == alternatives_[a - 1].group ? '\t' : '\n';
    table += alternatives_[a].terms;
  }
  if (!table.empty()) table += '\n';
  return table;
}

std::vector<std::vector<std::string>> Synonyms::alternatives(const std::vector<std::string>& terms) const {
  std::vector<std::vector<std::string>> found;
  std::string joined;
  for (const std::string& term : terms) {
    if (term.empty() || term.find_first_of(" \t\n") != std::string::npos) return found;  // in no table
    if (!joined.empty()) joined += ' ';
    joined += term;
  }
  const auto [first, last] = std::equal_range(sorted_.begin(), sorted_.end(), Entry{joined, 0}, by_terms);
  for (auto entry = first; entry != last; ++entry) {
    for (std::uint32_t a = group_begin_[entry->group]; a < group_begin_[entry->group + 1]; ++a) {
      const std::string_view alternative = alternatives_[a].terms;
      if (alternative == joined) continue;
      std::vector<std::string> split_terms;
      for (const std::string_view term : text::split(alternative, ' ')) split_terms.emplace_back(term);
      if (std::find(found.begin(), found.end(), split_terms) == found.end()) found.push_back(std::move(split_terms));
    }
  }
  return found;
}

}  // namespace hemicycle::search
