#pragma once
// The HTTP layer of Hémicycle: a JSON API over the Searcher and the
// PrecedentFinder, and the embedded search page. Routes (see query/openapi.yaml):
//   GET  /api/search?q=&limit=&offset=&sort=&facets=&facet_size=&boost.<field>=
//   POST /api/similar?q=&limit=&offset=&id=   (body: the draft, text or {"draft": ...})
//   GET  /api/search?format=csv|jsonl&...   (a download, streamed: server/exports.h)
//   GET  /api/feed?q=&limit=                 (Atom: server/feed.h)
//   GET  /api/documents/{id}
//   GET  /healthz
//   GET  /, /app.js, /style.css, /openapi.yaml   (embedded, never read from disk)
// Errors are {"error": {"status", "message", "offset"?}} with a 4xx or 5xx status;
// library exceptions are turned into them here and nowhere else, and a 5xx body never
// carries the library's message (it names files): the server's standard error does.
// Connections, and the limits on what a client sends, are server/connection.h's.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "search/synonyms.h"

namespace hemicycle::server {

struct ServerOptions {
  std::vector<std::string> databases;
  std::string bind_address = "127.0.0.1";
  int port = 8080;  // 0: any free port (see HttpServer::bind)
  std::size_t threads = 4;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_query_bytes = 2048;
  Xapian::doccount max_limit = 100;          // results per page
  Xapian::doccount max_offset = 10000;       // deeper pages cost more than they help
  Xapian::doccount max_export_rows = 10000;  // hits of one CSV or JSON Lines download
  std::size_t max_facet_size = 100;
  double time_limit_seconds = 2.0;  // per search, past which totals and facets stop being exhaustive
  std::string cors_origin;          // empty: no CORS headers at all
  // Host header values answered (names or addresses, without the port). Empty: when the
  // server listens on a loopback address, its own names only (localhost, 127.0.0.1, ::1),
  // so that a page of another site cannot reach it through DNS rebinding; otherwise any.
  std::vector<std::string> allowed_hosts;
  std::string token;            // non-empty: every route but /healthz needs "Authorization: Bearer <token>"
  std::string access_log_path;  // non-empty: one line per request appended to this file
  // The address users reach the server by, e.g. "https://recherche.intranet" behind a
  // reverse proxy: the base of the links a feed gives. Empty: "http://" and the Host asked for.
  std::string public_url;
  std::size_t max_connections = 512;
  double request_timeout_seconds = 10.0;  // a request's head and body must arrive within this
  double idle_timeout_seconds = 5.0;      // a kept-alive connection waits this long for its next request
};

class HttpServer {
 public:
  // Opens the databases once to check them; throws IndexError.
  HttpServer(ServerOptions options, const analysis::FrenchAnalyzer& analyzer, const search::Synonyms& synonyms);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket (not shared with another process) and returns its port.
  // Throws ConfigError when it cannot.
  int bind();
  // Serves until stop() is called (from any thread).
  void run();
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hemicycle::server
