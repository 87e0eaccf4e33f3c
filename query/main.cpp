// hemicycle-query: searches one or more Hémicycle indexes from the command line.

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/dates.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "program/program.h"
#include "search/boosts.h"
#include "search/date_filter.h"
#include "search/export.h"
#include "search/extract.h"
#include "search/precedent.h"
#include "search/searcher.h"
#include "search/synonyms.h"

namespace {

using namespace hemicycle;

using program::kIndexFailure;
using program::kOk;
using program::kUsage;

// The hits an export writes when -n is not given.
constexpr Xapian::doccount kExportRows = 10000;

struct Settings {
  std::vector<std::string> databases;
  std::vector<std::string> query_words;
  Xapian::doccount limit = 10;
  Xapian::doccount offset = 0;
  std::string sort = "relevance";
  bool facets = false;
  std::size_t facet_size = 10;
  std::string format = "text";  // text, json, csv, jsonl
  bool limit_given = false;
  std::string since;  // YYYY-MM-DD: only what was published or answered since then
  std::vector<std::string> boosts;
  std::string synonyms_file;
  bool no_color = false;
  // Precedent search (--similar FILE or --similar-to ID); the query, if any, then only narrows it.
  std::string similar_file;
  std::string similar_to;
  search::PrecedentOptions precedent;
};

// Terminal styles, or plain markers when the output is not a terminal.
struct Style {
  std::string_view bold_on, bold_off, mark_on, mark_off, dim_on, dim_off;

  static Style for_output(bool color) {
    if (color) return {"\033[1m", "\033[0m", "\033[1;33m", "\033[0m", "\033[2m", "\033[0m"};
    return {"", "", "[", "]", "", ""};
  }
};

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

search::SortOrder parse_sort(const std::string& sort) {
  if (sort == "date") return search::SortOrder::DateAscending;
  if (sort == "-date") return search::SortOrder::DateDescending;
  return search::SortOrder::Relevance;
}

// The query shown again with a caret under the byte `offset`; the caret's column
// counts characters, not bytes, so that it stands under accented text correctly.
void show_query_error(const std::string& query, const QueryError& error) {
  std::cerr << "hemicycle-query: invalid query: " << error.what() << "\n";
  std::string shown;
  std::size_t column = 0;
  const std::size_t offset = std::min(error.offset(), query.size());
  for (std::size_t i = 0; i < query.size(); ++i) {
    const auto byte = static_cast<unsigned char>(query[i]);
    shown += byte < 0x20 ? ' ' : query[i];
    if (i < offset && (byte & 0xC0) != 0x80) ++column;
  }
  std::cerr << "  " << shown << "\n  " << std::string(column, ' ') << "^\n";
}

std::string text_of(const nlohmann::ordered_json& record, const char* key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// "2023-08-08" -> "08/08/2023"; anything else as it is.
std::string french_date(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// Title, facts (id, type, date, author) and labels (rubrique, ministère, statut) of a hit.
void print_record_lines(std::size_t rank, const std::string& id, const nlohmann::ordered_json& r, const Style& style) {
  std::cout << rank << ". " << style.bold_on << search::display_title(r) << style.bold_off << "\n";

  std::string date = text_of(r, "date_publication");
  if (date.empty()) date = text_of(r, "date_reponse");
  std::string shown_date = french_date(date);
  if (date.empty() && !text_of(r, "date_mise_a_jour").empty())
    shown_date = "mis à jour le " + french_date(text_of(r, "date_mise_a_jour"));
  std::string author = text_of(r, "auteur");
  if (author.empty() && r.contains("auteurs") && r["auteurs"].is_array()) {
    std::vector<std::string> names;
    for (const auto& name : r["auteurs"]) {
      if (name.is_string()) names.push_back(name.get<std::string>());
    }
    author = join(names, ", ");
  }
  if (const std::string group = text_of(r, "groupe"); !group.empty()) {
    author += author.empty() ? group : " (" + group + ")";
  }
  const std::string facts = join({id, text_of(r, "type"), shown_date, author}, " · ");
  std::cout << "   " << style.dim_on << facts << style.dim_off << "\n";

  std::vector<std::string> labels;
  if (auto v = text_of(r, "rubrique"); !v.empty()) labels.push_back("Rubrique : " + v);
  std::string ministry = text_of(r, "ministere_attributaire");
  if (ministry.empty()) ministry = text_of(r, "ministere_interroge");
  if (!ministry.empty()) labels.push_back("Ministère : " + ministry);
  if (auto v = text_of(r, "statut"); !v.empty()) labels.push_back("Statut : " + std::string(search::statut_label(v)));
  if (auto v = text_of(r, "sort"); !v.empty()) labels.push_back("Sort : " + v);
  if (!labels.empty()) std::cout << "   " << join(labels, " · ") << "\n";
  if (auto url = text_of(r, "url"); !url.empty()) std::cout << "   " << url << "\n";
}

void print_hit(std::size_t rank, const search::Hit& hit, const Style& style) {
  print_record_lines(rank, hit.id, hit.record, style);
  if (!hit.extrait.empty()) {
    std::cout << "   " << search::render_marks(hit.extrait, style.mark_on, style.mark_off) << "\n";
  }
  std::cout << "\n";
}

void print_human(const search::SearchResult& result, const Settings& settings, const Style& style) {
  if (result.total == 0) {
    std::cout << "Aucun résultat pour « " << result.query << " ».\n";
  } else {
    std::cout << (result.total_exact ? "" : "environ ") << result.total
              << (result.total == 1 ? " résultat" : " résultats");
    if (result.hits.size() == 1 && result.total > 1) {
      std::cout << " (n° " << settings.offset + 1 << " affiché)";
    } else if (!result.hits.empty() && (settings.offset > 0 || result.hits.size() < result.total)) {
      std::cout << " (" << settings.offset + 1 << "–" << settings.offset + result.hits.size() << " affichés)";
    } else if (result.hits.empty() && settings.limit > 0) {
      std::cout << " (aucun à partir du rang " << settings.offset + 1 << ")";
    }
    std::cout << "\n";
  }
  if (!result.suggestion.empty()) {
    std::cout << "Vouliez-vous dire : " << style.bold_on << result.suggestion << style.bold_off << " ?\n";
  }
  std::cout << "\n";
  std::size_t rank = settings.offset;
  for (const search::Hit& hit : result.hits) print_hit(++rank, hit, style);

  if (settings.facets && result.total > 0) {
    std::cout << "Facettes :\n";
    for (const std::string& name : index::facet_names()) {
      const auto found = result.facets.find(name);
      if (found == result.facets.end() || found->second.empty()) continue;
      const auto& values = found->second;
      std::cout << "  " << style.bold_on << name << style.bold_off << "\n";
      for (const search::FacetValue& value : values) {
        std::cout << "    " << value.value << " (" << value.count << ")\n";
      }
    }
  }
}

// "Réponse de M. X, ministre de …, le 12/03/2019 : …": who answered, and how, so that a
// séance transcript without a minister's turn is not read as a ministerial answer.
std::string answer_line(const search::PrecedentHit& hit) {
  if (!hit.answer) return hit.reponse_debut;  // "sans réponse", "retirée — …"
  const search::PrecedentAnswer& a = *hit.answer;
  const std::string on = a.date.empty() ? "" : ", le " + french_date(a.date);
  switch (a.source) {
    case search::AnswerSource::Minister:
      return "Réponse de " + a.repondant + on + " : " + a.debut;
    case search::AnswerSource::Transcript:
      return "Échange en séance" + on + ", sans réponse ministérielle distincte : " + a.debut;
    case search::AnswerSource::Ministry:
      break;
  }
  return "Réponse" + (a.ministere.empty() ? "" : " du ministère (" + a.ministere + ")") + on + " : " + a.debut;
}

void print_precedent(std::size_t rank, const search::PrecedentHit& hit, const Style& style) {
  print_record_lines(rank, hit.id, hit.record, style);
  if (!hit.members.empty()) {
    std::vector<std::string> askings;
    for (const search::PrecedentMember& member : hit.members) {
      std::string when = french_date(member.date);
      if (member.legislature) when = std::to_string(*member.legislature) + "e lég., " + when;
      askings.push_back((member.auteur.empty() ? member.id : member.auteur) + " (" + when + ")");
    }
    std::cout << "   Posée " << hit.members.size() << " fois ; dernière réponse ci-dessous : " << join(askings, ", ")
              << "\n";
  }
  std::cout << "   " << answer_line(hit) << "\n";
  if (!hit.matched_terms.empty()) {
    std::cout << "   " << style.dim_on << "Mots communs : " << join(hit.matched_terms, ", ") << style.dim_off << "\n";
  }
  std::vector<std::string> shared;
  if (!hit.shared.territoires.empty()) shared.push_back("territoire (" + join(hit.shared.territoires, ", ") + ")");
  if (!hit.shared.ministere.empty()) shared.push_back("ministère (" + hit.shared.ministere + ")");
  if (!hit.shared.rubrique.empty()) shared.push_back("rubrique (" + hit.shared.rubrique + ")");
  if (!shared.empty()) std::cout << "   " << style.dim_on << "Même " << join(shared, ", ") << style.dim_off << "\n";
  std::cout << "\n";
}

// "Synthèse des 20 premiers précédents": where the draft likely belongs, who answered, how fast.
void print_synthesis(const search::PrecedentSynthesis& synthesis, const Style& style) {
  if (synthesis.precedents == 0) return;
  std::cout << style.bold_on << "Synthèse des " << synthesis.precedents << " premiers précédents" << style.bold_off
            << "\n";
  if (!synthesis.rubrique.empty()) {
    std::cout << "  Rubrique probable : " << synthesis.rubrique << " (" << synthesis.rubrique_precedents << " sur "
              << synthesis.precedents << ")\n";
  }
  if (synthesis.ministeres.empty()) {
    // Not "n'a reçu de réponse": a question from a source without its answers may have had one.
    std::cout << "  Aucun de ces précédents n'a de réponse connue.\n";
  } else {
    std::cout << "  Ministères ayant répondu :\n";
    constexpr std::size_t kShown = 5;  // the JSON has them all
    for (std::size_t i = 0; i < synthesis.ministeres.size() && i < kShown; ++i) {
      const search::MinistrySummary& m = synthesis.ministeres[i];
      std::cout << "    " << m.ministere << " : " << m.answers << (m.answers == 1 ? " réponse" : " réponses");
      if (m.in_sitting == m.answers) {
        std::cout << " en séance, sans délai\n";
        continue;
      }
      if (m.in_sitting > 0) std::cout << " (dont " << m.in_sitting << " en séance)";
      if (m.median_delay_days) {
        std::cout << ", délai médian " << std::lround(*m.median_delay_days) << " jours (sur " << m.delays << ")";
      } else {
        std::cout << ", délai non mesuré";
      }
      std::cout << "\n";
    }
    if (synthesis.ministeres.size() > kShown) {
      std::cout << "    et " << synthesis.ministeres.size() - kShown << " autres\n";
    }
  }
  std::cout << "\n";
}

// The draft of --similar: the file, or standard input for "-". Throws InputError.
std::string read_draft(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be read");
    text << in.rdbuf();
  }
  return text.str();
}

int run_precedents(const Settings& settings, const analysis::FrenchAnalyzer& analyzer,
                   const search::QueryOptions& query_options) {
  const Xapian::Database db = index::open_for_reading(settings.databases, analyzer);
  const std::string query = join(settings.query_words, " ");
  search::ParsedQuery narrowing;
  try {
    narrowing = search::QueryParser(analyzer, db, query_options).parse(query);
  } catch (const QueryError& e) {
    show_query_error(query, e);
    return kUsage;
  }
  search::PrecedentOptions options = settings.precedent;
  options.boosts = query_options.boosts;
  const search::PrecedentFinder finder(analyzer, db, options);
  search::PrecedentResult result;
  try {
    result = settings.similar_to.empty()
                 ? finder.similar_to_text(read_draft(settings.similar_file), narrowing.filter, narrowing.scored,
                                          settings.offset, settings.limit)
                 : finder.similar_to_document(settings.similar_to, narrowing.filter, narrowing.scored, settings.offset,
                                              settings.limit);
  } catch (const InputError& e) {
    std::cerr << "hemicycle-query: " << e.what() << "\n";
    return kUsage;
  }

  if (settings.format == "json") {
    nlohmann::ordered_json json{{"query", query}};
    json.update(search::to_json(result));
    std::cout << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return kOk;
  }
  const bool color = !settings.no_color && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  const Style style = Style::for_output(color);
  std::cout << "Précédents de « " << result.draft << " »";
  if (!query.empty()) std::cout << ", restreints à « " << query << " »";
  std::cout << "\n";
  if (result.hits.empty()) {
    std::cout << "Aucun précédent trouvé.\n";
    return kOk;
  }
  std::cout << "Mots les plus parlants (" << result.query_terms.size() << " des " << result.searched_terms
            << " recherchés) : " << join(result.query_terms, ", ") << "\n";
  std::cout << "Classement : " << result.rule << "\n\n";
  print_synthesis(result.synthesis, style);
  std::size_t rank = settings.offset;
  for (const search::PrecedentHit& hit : result.hits) print_precedent(++rank, hit, style);
  return kOk;
}

int run_query(const Settings& settings) {
  const analysis::FrenchAnalyzer analyzer;
  search::QueryOptions options;
  for (const std::string& assignment : settings.boosts) {
    auto [field, weight] = search::parse_boost_assignment(assignment);
    options.boosts.insert_or_assign(std::move(field), weight);
  }
  std::optional<search::Synonyms> loaded;
  if (!settings.synonyms_file.empty()) loaded = search::Synonyms::load(settings.synonyms_file, analyzer);
  options.synonyms = loaded ? &*loaded : &search::Synonyms::embedded();
  const std::optional<search::ExportFormat> export_format = search::export_format(settings.format);
  if (!settings.similar_file.empty() || !settings.similar_to.empty()) {
    if (export_format || !settings.since.empty()) {
      std::cerr << "hemicycle-query: --since and --format csv or jsonl go with a search, not with --similar\n";
      return kUsage;
    }
    return run_precedents(settings, analyzer, options);
  }

  if (export_format && settings.facets) {
    std::cerr << "hemicycle-query: --facets goes with --format text or json, not " << settings.format << "\n";
    return kUsage;
  }
  std::string query = join(settings.query_words, " ");
  if (!settings.since.empty()) {
    if (!document::is_iso_date(settings.since)) {
      std::cerr << "hemicycle-query: --since expects a date as YYYY-MM-DD, got '" << settings.since << "'\n";
      return kUsage;
    }
    query = search::since_query(query, settings.since);
  }
  if (query.find_first_not_of(" \t\n") == std::string::npos) {
    std::cerr << "hemicycle-query: the query is empty (see --help)\n";
    return kUsage;
  }
  const search::Searcher searcher(analyzer, index::open_for_reading(settings.databases, analyzer), options);

  search::SearchRequest request;
  request.query = query;
  request.offset = settings.offset;
  request.limit = settings.limit;
  request.sort = parse_sort(settings.sort);
  request.facets = settings.facets;
  request.facet_size = settings.facet_size;
  if (!settings.since.empty() && settings.sort == "relevance") request.sort = search::SortOrder::DateDescending;

  if (export_format) {
    if (!settings.limit_given) request.limit = kExportRows;
    try {
      search::ResultExport file(searcher, request, *export_format);
      std::string piece;
      while (file.next(piece)) std::cout << piece << std::flush;
    } catch (const QueryError& e) {
      show_query_error(query, e);
      return kUsage;
    }
    return kOk;
  }

  search::SearchResult result;
  try {
    result = searcher.search(request);
  } catch (const QueryError& e) {
    show_query_error(query, e);
    return kUsage;
  }
  if (settings.format == "json") {
    std::cout << search::to_json(result).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    const bool color = !settings.no_color && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    print_human(result, settings, Style::for_output(color));
  }
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "hemicycle-query: search French parliamentary documents indexed by hemicycle-index.\n"
      "Query language: words (all required, ranked by BM25), \"exact phrases\", OR, NOT or -word,\n"
      "( ), prefix*, field:value or field:\"several words\" (" +
          index::field_names() +
          "; departement: and region: are territoire:),\n"
          "date:2023-01-01..2024-06-30, date:2023.., date:..2019-12-31, reponse:2024.. (answer date), "
          "decision:2024-12.. (when an amendment's outcome was decided).\n"
          "Accents and case do not matter.",
      "hemicycle-query"};
  program::use_common_layout(app);
  Settings settings;
  program::add_search_databases(app, settings.databases);
  app.add_option("query", settings.query_words, "The query; several arguments are joined with spaces");
  app.add_option("-n,--limit", settings.limit, "Number of hits to show")->default_val(10)->check(CLI::Range(0, 10000));
  app.add_option("--offset", settings.offset, "Hits to skip (paging)")->default_val(0)->check(CLI::Range(0, 100000000));
  app.add_option("--sort", settings.sort, "relevance, date (oldest first) or -date (newest first)")
      ->default_val("relevance")
      ->check(CLI::IsMember({"relevance", "date", "-date"}));
  std::string facet_list;
  for (const std::string& name : index::facet_names()) facet_list.append(facet_list.empty() ? "" : ", ").append(name);
  app.add_flag("--facets", settings.facets, "Count the matches by " + facet_list);
  app.add_option("--facet-size", settings.facet_size, "Values shown per facet")
      ->default_val(10)
      ->check(CLI::Range(1, 1000));
  app.add_flag_callback(
      "--json", [&settings] { settings.format = "json"; },
      "Print the result as JSON: {query, total, hits, facets, suggestion} (--format json)");
  app.add_option("--format", settings.format,
                 "text, json, csv (UTF-8 with a BOM, ';'-separated, a header row) or jsonl (one hit per line);\n"
                 "csv and jsonl write every hit (at most 10,000) unless -n is given")
      ->default_val("text")
      ->check(CLI::IsMember({"text", "json", "csv", "jsonl"}));
  app.add_option("--since", settings.since,
                 "YYYY-MM-DD: only documents published or answered on that day or later, newest first");
  app.add_option("--boost", settings.boosts,
                 "FIELD=WEIGHT: weight of matches in a ranked field (" + index::ranked_field_names() + "), repeatable")
      ->allow_extra_args(false);
  app.add_option("--synonyms", settings.synonyms_file, "Synonym list to use instead of the built-in one")
      ->check(CLI::ExistingFile);
  app.add_flag("--no-color", settings.no_color, "No bold or colour, even on a terminal ([…] marks the matched words)");
  auto* similar = app.add_option("--similar", settings.similar_file,
                                 "Precedents of the draft question in FILE (- for stdin); the query only narrows them");
  auto* similar_to =
      app.add_option("--similar-to", settings.similar_to, "Precedents of the indexed document with this id");
  similar->excludes(similar_to);
  const search::PrecedentOptions defaults;
  app.add_option("--terms", settings.precedent.max_terms, "With --similar: draft terms kept in the query")
      ->default_val(defaults.max_terms)
      ->check(CLI::Range(1, 1000));
  app.add_option("--min-df", settings.precedent.min_df,
                 "With --similar: drop draft terms in fewer questions than this (not below 1,000 questions)")
      ->default_val(defaults.min_df)
      ->check(CLI::Range(1, 1000000));
  app.add_flag_callback(
      "--no-group", [&settings] { settings.precedent.group = false; },
      "With --similar: list re-asked questions apart instead of as one entry");
  app.footer(
      "A query that starts with - must follow --, or be quoted as one argument with a word first.\n"
      "Scores are BM25 weights. Exit status: 0 search done (even with no result), " +
      std::string(program::kCommonExitCodes) +
      ".\n"
      "--similar/--similar-to rank documents by likeness to a draft. " +
      search::answered_first_rule(search::PrecedentOptions{}.answered_ratio) +
      "\nThe ten best hits vote for their analyse and rubrique: hits of the winning subject move up.\n"
      "Re-asked questions are one entry; a summary gives the likely rubrique and the ministries that answered\n"
      "(see src/search/precedent.h). --json gives {query, draft, query_terms, termes_recherches, classement,\n"
      "synthese, hits} with repondu, matched_terms, en_commun, reponse, reponse_debut, groupe_taille, membres.\n"
      "A draft none of whose words is in the index's questions is an error (exit 2).\n"
      "Examples:\n"
      "  hemicycle-query --db index désindustrialisation usine\n"
      "  hemicycle-query --db index '\"transition énergétique\" rubrique:énergie' --sort -date\n"
      "  hemicycle-query --db index 'eau NOT (piscine OR baignade)' date:2023.. --facets\n"
      "  hemicycle-query --db l15 --db l16 --json -n 20 --offset 20 territoire:vienne\n"
      "  hemicycle-query --db index --boost titre=4 -- -agriculture pesticides\n"
      "  hemicycle-query --db index --similar brouillon.txt ministere:sante date:2020..\n"
      "  hemicycle-query --db index --similar-to QANR5L16QG1234 --no-group --json");
  if (const auto exit_code = program::parse_command_line(app, argc, argv)) return *exit_code;
  settings.limit_given = app.count("--limit") > 0;
  return program::run("hemicycle-query", [&settings] { return run_query(settings); });
}
