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
// library exceptions are turned into them here and nowhere else.

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
};

class HttpServer {
 public:
  // Opens the databases once to check them; throws IndexError.
  HttpServer(ServerOptions options, const analysis::FrenchAnalyzer& analyzer, const search::Synonyms& synonyms);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket and returns its port. Throws ConfigError when it cannot.
  int bind();
  // Serves until stop() is called (from any thread).
  void run();
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hemicycle::server
