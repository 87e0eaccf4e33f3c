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
  Synonyms synonyms;
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

    synonyms.add_group(std::move(group));
  }
  return synonyms;
}

void Synonyms::add_group(std::vector<std::vector<std::string>> group) {
  const std::size_t group_index = groups_.size();
  for (const auto& terms : group) {
    longest_ = std::max(longest_, terms.size());
    groups_of_[terms].push_back(group_index);
  }
  groups_.push_back(std::move(group));
}

std::string Synonyms::to_table() const {
  std::string table;
  for (const auto& group : groups_) {
    for (std::size_t a = 0; a < group.size(); ++a) {
      if (a > 0) table += '\t';
      for (std::size_t t = 0; t < group[a].size(); ++t) {
        const std::string& term = group[a][t];
        if (term.find_first_of(" \t\n") != std::string::npos) {
          throw ConfigError("the synonym term \"" + term + "\" holds a separator of the synonym table");
        }
        if (t > 0) table += ' ';
        table += term;
      }
    }
    table += '\n';
  }
  return table;
}

Synonyms Synonyms::from_table(std::string_view table) {
  Synonyms synonyms;
  for (const std::string_view line : text::split(table, '\n')) {
    if (line.empty()) continue;
    std::vector<std::vector<std::string>> group;
    for (const std::string_view alternative : text::split(line, '\t')) {
      std::vector<std::string>& terms = group.emplace_back();
      for (const std::string_view term : text::split(alternative, ' ')) terms.emplace_back(term);
    }
    synonyms.add_group(std::move(group));
  }
  return synonyms;
}

std::vector<std::vector<std::string>> Synonyms::alternatives(const std::vector<std::string>& terms) const {
  std::vector<std::vector<std::string>> found;
  const auto groups = groups_of_.find(terms);
  if (groups == groups_of_.end()) return found;
  for (const std::size_t group_index : groups->second) {
    for (const auto& alternative : groups_[group_index]) {
      if (alternative != terms && std::find(found.begin(), found.end(), alternative) == found.end()) {
        found.push_back(alternative);
      }
    }
  }
  return found;
}

}  // namespace hemicycle::search
