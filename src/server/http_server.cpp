#include "server/http_server.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "document/official_url.h"
#include "errors.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "index/stored_record.h"
#include "search/boosts.h"
#include "search/precedent.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "server/access_log.h"
#include "server/assets.h"
#include "server/connection.h"
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
    case 401:
      return "authentication required";
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
    case 415:
      return "unsupported media type";
    case 416:
      return "range not satisfiable";
    case 421:
      return "misdirected request";
    case 431:
      return "request headers too large";
    case 501:
      return "not implemented";
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

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool is_loopback(const std::string& address) {
  return address.starts_with("127.") || address == "::1" || address == "localhost";
}

// "Host: example.org:8080" -> "example.org"; "[::1]:8080" -> "::1".
std::string host_name(const std::string& header) {
  std::string host = header;
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else if (const std::size_t colon = host.find(':');
             colon != std::string::npos && host.find(':', colon + 1) == std::string::npos) {
    host.resize(colon);
  }
  if (host.ends_with(".")) host.pop_back();
  return lower(host);
}

// Compares in a time that does not depend on where the first difference is.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i % std::max<std::size_t>(1, expected.size())]);
  }
  return difference == 0;
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
std::string draft_of(const httplib::Request& request, const std::string& text) {
  if (!request.get_header_value("Content-Type").starts_with("application/json")) return text;
  const Json body = Json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("draft") || !body["draft"].is_string()) {
    throw RequestError(400, "a JSON body must be an object with a string \"draft\"");
  }
  return body["draft"].get<std::string>();
}

ConnectionLimits connection_limits(const ServerOptions& options) {
  ConnectionLimits limits;
  limits.max_connections = options.max_connections;
  limits.max_body_bytes = options.max_body_bytes;
  const auto milliseconds = [](double seconds) {
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(seconds * 1000));
  };
  limits.request_timeout = milliseconds(options.request_timeout_seconds);
  limits.idle_timeout = milliseconds(options.idle_timeout_seconds);
  return limits;
}

std::string error_body(int status, const std::string& message) {
  return Json{{"error", {{"status", status}, {"message", message}}}}.dump();
}

// Requests worked on at once (search, similar, document, health): a connection waits
// here, holding its own thread only, while the workers are busy. Waiters are let in in
// arrival order: with std::counting_semaphore, which wakes any of them, 200 kept-alive
// connections had a p99 five times their median; in order, latency is what the queue's
// length makes it for everyone.
class Workers {
 public:
  explicit Workers(std::size_t count) : free_(count) {}

  void acquire() {
    std::unique_lock lock(mutex_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return;
    }
    Waiter waiter;
    waiting_.push_back(&waiter);
    waiter.turn.wait(lock, [&waiter] { return waiter.admitted; });
  }

  void release() {
    const std::lock_guard lock(mutex_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    Waiter* next = waiting_.front();
    waiting_.pop_front();
    next->admitted = true;  // the slot passes to it directly
    next->turn.notify_one();
  }

 private:
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };
  std::mutex mutex_;
  std::deque<Waiter*> waiting_;
  std::size_t free_;
};

class WorkerSlot {
 public:
  explicit WorkerSlot(Workers& workers) : workers_(workers) { workers_.acquire(); }
  ~WorkerSlot() { workers_.release(); }
  WorkerSlot(const WorkerSlot&) = delete;
  WorkerSlot& operator=(const WorkerSlot&) = delete;

 private:
  Workers& workers_;
};

}  // namespace

struct HttpServer::State {
  State(ServerOptions server_options, const analysis::FrenchAnalyzer& french, const search::Synonyms& synonym_list)
      : options(std::move(server_options)),
        analyzer(french),
        synonyms(synonym_list),
        readers(options.databases, analyzer),
        workers(std::max<std::size_t>(options.threads, 1)),
        http(connection_limits(options), error_body) {
    for (const std::string& host : options.allowed_hosts) allowed_hosts.push_back(host_name(host));
    if (allowed_hosts.empty() && is_loopback(options.bind_address)) {
      allowed_hosts = {"localhost", "127.0.0.1", "::1", lower(options.bind_address)};
    }
    if (!options.access_log_path.empty()) access_log = std::make_unique<AccessLog>(options.access_log_path);
  }

  using Handler = void (State::*)(const httplib::Request&, httplib::Response&);
  using HandlerWithBody = void (State::*)(const httplib::Request&, httplib::Response&, const httplib::ContentReader&);

  // Runs `work` on a database of this request's own, once a worker is free; when the
  // index changed under it (Xapian keeps only the revision before the latest), reopens
  // and runs it once more.
  template <class Work>
  auto with_database(Work&& work) {
    const WorkerSlot slot(workers);
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
      const search::Searcher searcher(analyzer, db, parser_options, &facet_tables);
      return search::to_json(searcher.search(search_request));
    });
    send_json(response, 200, body);
  }

  // The body, decoded (gzip, deflate, br) and counted as it is decoded: neither a chunked
  // nor a compressed body is held beyond --max-body. Read before a worker is taken, so
  // that a slow upload holds only its own connection.
  std::string read_body(const httplib::Request& request, const httplib::ContentReader& content_reader) {
    ConnectionState& connection = *current_connection();
    if (!connection.has_body) {
      connection.body_consumed = true;
      return {};
    }
    const std::string type = request.get_header_value("Content-Type");
    if (type.starts_with("multipart/form-data") || type.starts_with("application/x-www-form-urlencoded")) {
      throw RequestError(415, "send the draft as text/plain or application/json, not as a form");
    }
    const std::string encoding = lower(request.get_header_value("Content-Encoding"));
    if (!encoding.empty() && encoding != "identity" && encoding != "gzip" && encoding != "deflate" &&
        encoding != "br") {
      throw RequestError(415, "Content-Encoding '" + encoding + "' is not accepted: gzip, deflate or br");
    }
    const std::string too_large = "request body too large: at most " + std::to_string(options.max_body_bytes) +
                                  " bytes once decoded (--max-body)";
    const std::string length = request.get_header_value("Content-Length");
    if (!length.empty() && (length.size() > 18 || std::stoull(length) > options.max_body_bytes)) {
      throw RequestError(413, too_large);
    }
    std::string body;
    bool over_limit = false;
    const bool complete = content_reader([&](const char* data, std::size_t size) {
      if (body.size() + size > options.max_body_bytes) {
        over_limit = true;
        return false;
      }
      body.append(data, size);
      return true;
    });
    if (over_limit) throw RequestError(413, too_large);
    if (connection.refusal != ConnectionState::Refusal::None) {
      throw RequestError(BoundedServer::status_of(connection.refusal), http.describe(connection.refusal));
    }
    if (!complete) {
      throw RequestError(400,
                         "the request body could not be read: cut short, or its chunked or "
                         "compressed encoding is malformed");
    }
    connection.body_consumed = true;
    return body;
  }

  void similar(const httplib::Request& request, httplib::Response& response,
               const httplib::ContentReader& content_reader) {
    const std::string sent = read_body(request, content_reader);
    const Xapian::doccount limit = count_parameter(request, "limit", 10, 0, options.max_limit);
    const Xapian::doccount offset = count_parameter(request, "offset", 0, 0, options.max_offset);
    const std::string id = request.get_param_value("id");
    std::string draft;
    if (id.empty()) {
      draft = draft_of(request, sent);
      if (is_blank(draft)) throw RequestError(400, "the draft is empty: send it as the request body");
    } else if (!sent.empty()) {
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

  // A followed search: the newest matches of q as an Atom feed, links built from
  // --public-url, else from the Host asked for.
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
    FeedAddresses addresses;
    if (!options.public_url.empty()) {
      addresses.site = options.public_url;
    } else {
      std::string host = request.get_header_value("Host");
      if (host.empty()) host = options.bind_address + ":" + std::to_string(request.local_port);
      addresses.site = "http://" + host;
    }
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
      Json stored = index::decode_stored_record(index::stored_record_bytes(*found));
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

  // Methods that may carry a body go through here without reading it (the connection
  // is closed after the answer, so the unread body is never taken for a request).
  void method_not_allowed_with_body(const httplib::Request& request, httplib::Response& response,
                                    const httplib::ContentReader& /*content_reader*/) {
    method_not_allowed(request, response);
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
      answer(request, response, [&] { (this->*handler)(request, response); });
    };
  }

  httplib::Server::HandlerWithContentReader guarded(HandlerWithBody handler) {
    return [this, handler](const httplib::Request& request, httplib::Response& response,
                           const httplib::ContentReader& content_reader) {
      answer(request, response, [&] { (this->*handler)(request, response, content_reader); });
    };
  }

  // Runs `handle`; a 5xx answer says what failed in general words, and the standard
  // error says it with the library's own message, which names files.
  template <class Handle>
  void answer(const httplib::Request& request, httplib::Response& response, Handle&& handle) {
    try {
      handle();
    } catch (const RequestError& e) {
      send_error(response, e.status(), e.what());
    } catch (const QueryError& e) {
      send_error(response, 400, std::string("invalid query: ") + e.what(), e.offset());
    } catch (const ConfigError& e) {
      send_error(response, 400, e.what());
    } catch (const InputError& e) {
      send_error(response, 400, e.what());
    } catch (const IndexError& e) {
      std::cerr << "hemicycle-serve: " << request.method << " " << request.path << ": " << e.what() << "\n";
      send_error(response, 503, "the index cannot be read at the moment (the server's log says why)");
    } catch (const Xapian::Error& e) {
      std::cerr << "hemicycle-serve: " << request.method << " " << request.path << ": " << e.get_description() << "\n";
      send_error(response, 500, "internal error (the server's log says what failed)");
    } catch (const std::exception& e) {
      std::cerr << "hemicycle-serve: " << request.method << " " << request.path << ": internal error: " << e.what()
                << "\n";
      send_error(response, 500, "internal error");
    }
    if (request.path.starts_with("/api/")) add_cors(response);
  }

  void add_cors(httplib::Response& response) const {
    if (options.cors_origin.empty()) return;
    response.set_header("Access-Control-Allow-Origin", options.cors_origin);
    response.set_header("Vary", "Origin");
  }

  // Before any route, and before any body is read: the framing of the request (two
  // lengths would let a proxy in front and this server disagree on where the request
  // ends), its Host (DNS rebinding) and its token.
  void screen(const httplib::Request& request) const {
    const bool chunked = request.has_header("Transfer-Encoding");
    if (request.get_header_value_count("Content-Length") > 1) {
      throw RequestError(400, "several Content-Length headers: refused");
    }
    if (chunked && request.has_header("Content-Length")) {
      throw RequestError(400, "both Content-Length and Transfer-Encoding: refused, send one of them");
    }
    if (chunked && (request.get_header_value_count("Transfer-Encoding") > 1 ||
                    lower(request.get_header_value("Transfer-Encoding")) != "chunked")) {
      throw RequestError(501, "Transfer-Encoding '" + request.get_header_value("Transfer-Encoding") +
                                  "' is not supported: only chunked");
    }
    if (const std::string length = request.get_header_value("Content-Length");
        !length.empty() && length.find_first_not_of("0123456789") != std::string::npos) {
      throw RequestError(400, "Content-Length must be a number of bytes, got '" + length + "'");
    }
    if (!allowed_hosts.empty() && request.has_header("Host")) {
      const std::string host = host_name(request.get_header_value("Host"));
      if (std::find(allowed_hosts.begin(), allowed_hosts.end(), host) == allowed_hosts.end()) {
        throw RequestError(421, "this server does not answer for host '" + host + "' (see --allowed-host)");
      }
    }
    if (!options.token.empty() && request.path != "/healthz" && request.method != "OPTIONS") {
      const std::string authorization = request.get_header_value("Authorization");
      constexpr std::string_view kBearer = "Bearer ";
      if (!authorization.starts_with(kBearer) ||
          !same_secret(std::string_view(authorization).substr(kBearer.size()), options.token)) {
        throw RequestError(401, "this server needs a token: send \"Authorization: Bearer <token>\"");
      }
    }
  }

  void add_routes() {
    http.Get("/healthz", guarded(&State::health));
    http.Get("/api/search", guarded(&State::search));
    http.Get("/api/fields", guarded(&State::fields));
    http.Get("/api/feed", guarded(&State::feed));
    http.Post("/api/similar", guarded(static_cast<HandlerWithBody>(&State::similar)));
    http.Get(R"(/api/documents/(.+))", guarded(&State::document));
    http.Get("/api/similar", guarded(&State::method_not_allowed));
    http.Get(".*", guarded(&State::asset));
    http.Post(".*", guarded(static_cast<HandlerWithBody>(&State::method_not_allowed_with_body)));
    http.Put(".*", guarded(static_cast<HandlerWithBody>(&State::method_not_allowed_with_body)));
    http.Delete(".*", guarded(static_cast<HandlerWithBody>(&State::method_not_allowed_with_body)));
    http.Patch(".*", guarded(static_cast<HandlerWithBody>(&State::method_not_allowed_with_body)));
    if (!options.cors_origin.empty()) http.Options(R"(/api/.*)", guarded(&State::cors_preflight));
    http.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
      try {
        screen(request);
        return httplib::Server::HandlerResponse::Unhandled;
      } catch (const RequestError& e) {
        if (e.status() == 401) response.set_header("WWW-Authenticate", "Bearer realm=\"hemicycle\"");
        if (e.status() == 400 || e.status() == 501) current_connection()->close_after = true;
        send_error(response, e.status(), e.what());
        add_cors(response);
        return httplib::Server::HandlerResponse::Handled;
      }
    });
    // Answers that httplib makes itself (no route, malformed request, or a limit of the
    // connection layer reached while reading the head): the connection is not reused.
    const httplib::Server::HandlerWithResponse json_error = [this](const httplib::Request& /*request*/,
                                                                   httplib::Response& response) {
      if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      ConnectionState* connection = current_connection();
      std::string message = reason(response.status);
      if (connection != nullptr && connection->refusal != ConnectionState::Refusal::None) {
        response.status = BoundedServer::status_of(connection->refusal);
        message = http.describe(connection->refusal);
      }
      if (connection != nullptr && response.status != 404) connection->close_after = true;
      send_error(response, response.status, message);
      add_cors(response);
      return httplib::Server::HandlerResponse::Handled;
    };
    http.set_error_handler(json_error);
    if (access_log) {
      http.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
        const ConnectionState* connection = current_connection();
        const auto elapsed = connection != nullptr ? std::chrono::steady_clock::now() - connection->started
                                                   : std::chrono::steady_clock::duration::zero();
        access_log->record(request.remote_addr, request.method, request.path, response.status,
                           request.method == "HEAD" ? 0 : response.body.size(), elapsed);
      });
      http.set_refusal_logger(
          [this](const std::string& client, int status, std::chrono::steady_clock::duration elapsed) {
            access_log->record(client, "", "", status, 0, elapsed);
          });
    }
  }

  ServerOptions options;
  const analysis::FrenchAnalyzer& analyzer;
  const search::Synonyms& synonyms;
  ReaderPool readers;
  search::FacetTables facet_tables;  // the facet values of the index, read at the first faceted search
  Workers workers;
  BoundedServer http;
  std::vector<std::string> allowed_hosts;  // folded names; empty: any
  std::unique_ptr<AccessLog> access_log;
};

HttpServer::HttpServer(ServerOptions options, const analysis::FrenchAnalyzer& analyzer,
                       const search::Synonyms& synonyms)
    : state_(std::make_unique<State>(std::move(options), analyzer, synonyms)) {
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
    throw ConfigError("cannot listen on " + options.bind_address + ":" + std::to_string(options.port) +
                      " (--bind, --port): the port is in use or the address is not this machine's");
  }
  state_->http.deepen_backlog();
  return port;
}

void HttpServer::run() { state_->http.listen_after_bind(); }

void HttpServer::stop() { state_->http.stop(); }

}  // namespace hemicycle::server
