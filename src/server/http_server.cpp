#include "server/http_server.h"

#include <charconv>
#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "document/official_url.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "search/boosts.h"
#include "search/precedent.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "server/assets.h"
#include "server/exports.h"
#include "server/feed.h"
#include "server/reader_pool.h"

namespace hemicycle::server {
namespace {

using Json = nlohmann::ordered_json;

// A request the client must correct, with the status that says what is wrong.
class RequestError : public Error {
 public:
  RequestError(int status, const std::string& message) : Error(message), status_(status) {}
  [[nodiscard]] int status() const noexcept { return status_; }

 private:
  int status_;
};

// What the page may load: its own files and API only, no inline script or style.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

std::string reason(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 408:
      return "request timeout";
    case 413:
      return "request body too large";
    case 414:
      return "URI too long";
    case 416:
      return "range not satisfiable";
    case 503:
      return "index unavailable";
    default:
      return status >= 500 ? "internal error" : "request refused";
  }
}

void send_json(httplib::Response& response, int status, const Json& body) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json; charset=utf-8");
}

void send_error(httplib::Response& response, int status, const std::string& message,
                std::optional<std::size_t> offset = std::nullopt) {
  Json error{{"status", status}, {"message", message}};
  if (offset) error["offset"] = *offset;
  send_json(response, status, Json{{"error", std::move(error)}});
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// A whole number from min to max; `fallback` when the parameter is absent.
Xapian::doccount count_parameter(const httplib::Request& request, const std::string& name, Xapian::doccount fallback,
                                 Xapian::doccount min, Xapian::doccount max) {
  if (!request.has_param(name.c_str())) return fallback;
  const std::string text = request.get_param_value(name.c_str());
  unsigned long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw RequestError(400, name + ": expected a whole number, got '" + text + "'");
  }
  if (value < min || value > max) {
    throw RequestError(400, name + " must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<Xapian::doccount>(value);
}

bool flag_parameter(const httplib::Request& request, const char* name) {
  const std::string text = request.get_param_value(name);
  if (text.empty() || text == "0" || text == "false") return false;
  if (text == "1" || text == "true") return true;
  throw RequestError(400, std::string(name) + ": expected 1 or 0, got '" + text + "'");
}

search::SortOrder sort_parameter(const httplib::Request& request) {
  const std::string sort = request.get_param_value("sort");
  if (sort.empty() || sort == "relevance") return search::SortOrder::Relevance;
  if (sort == "date") return search::SortOrder::DateAscending;
  if (sort == "-date") return search::SortOrder::DateDescending;
  throw RequestError(400, "sort: expected relevance, date or -date, got '" + sort + "'");
}

// boost.titre=3&boost.rubrique=2 -> {titre: 3, rubrique: 2}.
std::map<std::string, double> boost_parameters(const httplib::Request& request) {
  std::map<std::string, double> boosts;
  constexpr std::string_view kPrefix = "boost.";
  for (const auto& [name, text] : request.params) {
    if (!name.starts_with(kPrefix)) continue;
    try {
      auto [field, weight] = search::parse_boost(std::string_view(name).substr(kPrefix.size()), text);
      boosts.insert_or_assign(std::move(field), weight);
    } catch (const ConfigError& e) {
      throw RequestError(400, e.what());
    }
  }
  return boosts;
}

// The draft of POST /api/similar: the body as text, or {"draft": "..."} when sent as JSON.
std::string draft_of(const httplib::Request& request) {
  if (!request.get_header_value("Content-Type").starts_with("application/json")) return request.body;
  const Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("draft") || !body["draft"].is_string()) {
    throw RequestError(400, "a JSON body must be an object with a string \"draft\"");
  }
  return body["draft"].get<std::string>();
}

}  // namespace

struct HttpServer::State {
  State(ServerOptions server_options, const analysis::FrenchAnalyzer& french, const search::Synonyms& synonym_list)
      : options(std::move(server_options)),
        analyzer(french),
        synonyms(synonym_list),
        readers(options.databases, analyzer) {}

  using Handler = void (State::*)(const httplib::Request&, httplib::Response&);

  // Runs `work` on a database of this request's own; when the index changed under
  // it (Xapian keeps only the revision before the latest), reopens and runs it once more.
  template <class Work>
  auto with_database(Work&& work) {
    ReaderPool::Lease lease = readers.borrow();
    try {
      return work(lease.database());
    } catch (const Xapian::DatabaseModifiedError&) {
      lease.reopen();
    } catch (const IndexError&) {
      // The Searcher reports a DatabaseModifiedError as an IndexError: retry only
      // when the index did change.
      if (!lease.reopen()) throw;
    }
    return work(lease.database());
  }

  [[nodiscard]] search::QueryOptions query_options(const std::map<std::string, double>& boosts) const {
    search::QueryOptions query_options;
    query_options.boosts = boosts;
    query_options.synonyms = &synonyms;
    query_options.max_query_bytes = options.max_query_bytes;
    return query_options;
  }

  void search(const httplib::Request& request, httplib::Response& response) {
    search::SearchRequest search_request;
    search_request.query = request.get_param_value("q");
    if (is_blank(search_request.query)) throw RequestError(400, "the query is empty: give it as q=...");
    const std::string format = request.get_param_value("format");
    const std::optional<search::ExportFormat> export_format = search::export_format(format);
    if (!format.empty() && format != "json" && !export_format) {
      throw RequestError(400, "format: expected json, csv or jsonl, got '" + format + "'");
    }
    search_request.limit = export_format
                               ? count_parameter(request, "limit", options.max_export_rows, 0, options.max_export_rows)
                               : count_parameter(request, "limit", 10, 0, options.max_limit);
    search_request.offset = count_parameter(request, "offset", 0, 0, options.max_offset);
    search_request.sort = sort_parameter(request);
    search_request.facets = flag_parameter(request, "facets");
    search_request.facet_size = count_parameter(request, "facet_size", 10, 1, options.max_facet_size);
    search_request.time_limit = options.time_limit_seconds;
    const search::QueryOptions parser_options = query_options(boost_parameters(request));
    if (export_format) {
      send_export(response, readers, analyzer, parser_options, search_request, *export_format);
      return;
    }
    const Json body = with_database([&](Xapian::Database& db) {
      const search::Searcher searcher(analyzer, db, parser_options);
      return search::to_json(searcher.search(search_request));
    });
    send_json(response, 200, body);
  }

  void similar(const httplib::Request& request, httplib::Response& response) {
    const Xapian::doccount limit = count_parameter(request, "limit", 10, 0, options.max_limit);
    const Xapian::doccount offset = count_parameter(request, "offset", 0, 0, options.max_offset);
    const std::string id = request.get_param_value("id");
    std::string draft;
    if (id.empty()) {
      draft = draft_of(request);
      if (is_blank(draft)) throw RequestError(400, "the draft is empty: send it as the request body");
    } else if (!request.body.empty()) {
      throw RequestError(400, "give a draft in the body or id=, not both");
    }
    const std::string filters = request.get_param_value("q");
    const std::map<std::string, double> boosts = boost_parameters(request);
    const search::QueryOptions parser_options = query_options(boosts);
    search::PrecedentOptions precedent_options;
    precedent_options.boosts = boosts;
    precedent_options.max_terms = count_parameter(request, "terms", precedent_options.max_terms, 1, 1000);
    precedent_options.min_df = count_parameter(request, "min_df", precedent_options.min_df, 1, 1000000);
    precedent_options.group = !request.has_param("group") || flag_parameter(request, "group");
    precedent_options.time_limit = options.time_limit_seconds;

    const Json body = with_database([&](Xapian::Database& db) {
      search::ParsedQuery restriction;
      if (!is_blank(filters)) restriction = search::QueryParser(analyzer, db, parser_options).parse(filters);
      const search::PrecedentFinder finder(analyzer, db, precedent_options);
      // As hemicycle-query --similar --json prints it: the narrowing query first.
      Json answer{{"query", filters}};
      if (id.empty()) {
        answer.update(
            search::to_json(finder.similar_to_text(draft, restriction.filter, restriction.scored, offset, limit)));
      } else {
        if (!index::find_document(db, id)) throw RequestError(404, "no document with id '" + id + "'");
        answer.update(
            search::to_json(finder.similar_to_document(id, restriction.filter, restriction.scored, offset, limit)));
      }
      return answer;
    });
    send_json(response, 200, body);
  }

  // A followed search: the newest matches of q as an Atom feed, links built from the Host asked for.
  void feed(const httplib::Request& request, httplib::Response& response) {
    search::SearchRequest search_request;
    search_request.query = request.get_param_value("q");
    if (is_blank(search_request.query)) throw RequestError(400, "the query is empty: give it as q=...");
    search_request.limit = count_parameter(request, "limit", 20, 1, options.max_limit);
    search_request.sort = search::SortOrder::DateDescending;
    search_request.time_limit = options.time_limit_seconds;
    const search::QueryOptions parser_options = query_options({});
    const search::SearchResult result = with_database(
        [&](Xapian::Database& db) { return search::Searcher(analyzer, db, parser_options).search(search_request); });
    std::string host = request.get_header_value("Host");
    if (host.empty()) host = options.bind_address + ":" + std::to_string(request.local_port);
    FeedAddresses addresses;
    addresses.site = "http://" + host;
    addresses.self = addresses.site + "/api/feed?q=" + url_encode(search_request.query);
    addresses.page = addresses.site + "/#/recherche?q=" + url_encode(search_request.query) + "&tri=-date";
    response.set_header("Cache-Control", "no-cache");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_content(atom_feed(result, addresses), "application/atom+xml; charset=utf-8");
  }

  void document(const httplib::Request& request, httplib::Response& response) {
    const std::string id = request.matches[1];
    const Json record = with_database([&](Xapian::Database& db) {
      const std::optional<Xapian::Document> found = index::find_document(db, id);
      if (!found) throw RequestError(404, "no document with id '" + id + "'");
      Json stored = Json::parse(found->get_data());
      // The path it was read from is the indexing machine's, not the client's business.
      stored.erase("source");
      document::add_official_url(stored);
      return stored;
    });
    send_json(response, 200, record);
  }

  void health(const httplib::Request& /*request*/, httplib::Response& response) {
    const Json body = with_database([](Xapian::Database& db) {
      return Json{{"status", "ok"}, {"documents", db.get_doccount()}};
    });
    send_json(response, 200, body);
  }

  // The query fields and the facets, from the schema's field table, so that the page
  // lists what the index has without a copy of its own.
  void fields(const httplib::Request& /*request*/, httplib::Response& response) {
    Json fields = Json::array();
    for (const index::Field& field : index::kFields) {
      fields.push_back({{"name", field.name}, {"label", field.label}, {"ranked", field.ranked()}});
    }
    Json facets = Json::array();
    for (const index::FacetDescription& facet : index::facets()) {
      facets.push_back({{"name", facet.name}, {"label", facet.label}, {"field", facet.field}});
    }
    send_json(response, 200, Json{{"fields", std::move(fields)}, {"facets", std::move(facets)}});
  }

  // Only the embedded files: the URL path is looked up in a table, never joined to a folder.
  void asset(const httplib::Request& request, httplib::Response& response) {
    const Asset* found = find_asset(request.path);
    if (found == nullptr) throw RequestError(404, "no such page");
    response.set_header("Content-Security-Policy", kPagePolicy);
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("Cache-Control", "no-cache");
    response.set_content(found->body.data(), found->body.size(), std::string(found->content_type).c_str());
  }

  void method_not_allowed(const httplib::Request& request, httplib::Response& response) {
    const bool similar_path = request.path == "/api/similar";
    if (!similar_path && request.path != "/api/search" && request.path != "/api/fields" && request.path != "/healthz" &&
        request.path != "/api/feed" && !request.path.starts_with("/api/documents/") &&
        find_asset(request.path) == nullptr) {
      throw RequestError(404, "no such page");
    }
    response.set_header("Allow", similar_path ? "POST" : "GET, HEAD");
    throw RequestError(405, request.method + " is not allowed on " + request.path);
  }

  void cors_preflight(const httplib::Request& /*request*/, httplib::Response& response) {
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "GET, POST");
    response.set_header("Access-Control-Allow-Headers", "Content-Type");
    response.set_header("Access-Control-Max-Age", "600");
  }

  // The handler, with the library's exceptions turned into JSON errors.
  httplib::Server::Handler guarded(Handler handler) {
    return [this, handler](const httplib::Request& request, httplib::Response& response) {
      try {
        (this->*handler)(request, response);
      } catch (const RequestError& e) {
        send_error(response, e.status(), e.what());
      } catch (const QueryError& e) {
        send_error(response, 400, std::string("invalid query: ") + e.what(), e.offset());
      } catch (const ConfigError& e) {
        send_error(response, 400, e.what());
      } catch (const InputError& e) {
        send_error(response, 400, e.what());
      } catch (const IndexError& e) {
        // The message names the index's folder: logged here, never sent to the client.
        std::cerr << "hemicycle-serve: " << request.method << " " << request.path << ": " << e.what() << "\n";
        send_error(response, 503, "the index cannot be read (the server's log says why)");
      } catch (const Xapian::Error& e) {
        std::cerr << "hemicycle-serve: " << request.method << " " << request.path << ": " << e.get_description()
                  << "\n";
        send_error(response, 500, "internal error");
      } catch (const std::exception& e) {
        std::cerr << "hemicycle-serve: " << request.method << " " << request.path << ": internal error: " << e.what()
                  << "\n";
        send_error(response, 500, "internal error");
      }
      if (!options.cors_origin.empty() && request.path.starts_with("/api/")) {
        response.set_header("Access-Control-Allow-Origin", options.cors_origin);
        response.set_header("Vary", "Origin");
      }
    };
  }

  void add_routes() {
    http.Get("/healthz", guarded(&State::health));
    http.Get("/api/search", guarded(&State::search));
    http.Get("/api/fields", guarded(&State::fields));
    http.Get("/api/feed", guarded(&State::feed));
    http.Post("/api/similar", guarded(&State::similar));
    http.Get(R"(/api/documents/(.+))", guarded(&State::document));
    http.Get("/api/similar", guarded(&State::method_not_allowed));
    http.Get(".*", guarded(&State::asset));
    http.Post(".*", guarded(&State::method_not_allowed));
    http.Put(".*", guarded(&State::method_not_allowed));
    http.Delete(".*", guarded(&State::method_not_allowed));
    http.Patch(".*", guarded(&State::method_not_allowed));
    if (!options.cors_origin.empty()) http.Options(R"(/api/.*)", guarded(&State::cors_preflight));
    // Answers that httplib makes itself (no route, body or URI too long, malformed request).
    const httplib::Server::HandlerWithResponse json_error = [](const httplib::Request& /*request*/,
                                                               httplib::Response& response) {
      if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      send_error(response, response.status, reason(response.status));
      return httplib::Server::HandlerResponse::Handled;
    };
    http.set_error_handler(json_error);
  }

  ServerOptions options;
  const analysis::FrenchAnalyzer& analyzer;
  const search::Synonyms& synonyms;
  ReaderPool readers;
  httplib::Server http;
};

HttpServer::HttpServer(ServerOptions options, const analysis::FrenchAnalyzer& analyzer,
                       const search::Synonyms& synonyms)
    : state_(std::make_unique<State>(std::move(options), analyzer, synonyms)) {
  httplib::Server& http = state_->http;
  const std::size_t threads = std::max<std::size_t>(1, state_->options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(state_->options.max_body_bytes);
  http.set_read_timeout(5);
  http.set_write_timeout(5);
  http.set_keep_alive_timeout(5);
  state_->add_routes();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  const ServerOptions& options = state_->options;
  int port = options.port;
  if (port == 0) {
    port = state_->http.bind_to_any_port(options.bind_address);
  } else if (!state_->http.bind_to_port(options.bind_address, port)) {
    port = -1;
  }
  if (port < 0) {
    throw ConfigError("cannot listen on " + options.bind_address + ":" + std::to_string(options.port));
  }
  return port;
}

void HttpServer::run() { state_->http.listen_after_bind(); }

void HttpServer::stop() { state_->http.stop(); }

}  // namespace hemicycle::server
