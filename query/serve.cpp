// hemicycle-serve: the HTTP JSON API and the search page over one or more
// Hémicycle indexes (see query/openapi.yaml and docs/http-api.md).

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/analyzer.h"
#include "errors.h"
#include "program/program.h"
#include "search/synonyms.h"
#include "server/http_server.h"

namespace {

using namespace hemicycle;

using program::kCannotListen;
using program::kOk;

// The token of --token-file: the file's first line, without surrounding spaces.
std::string read_token(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("--token-file " + path + ": cannot open");
  std::string token;
  std::getline(in, token);
  const std::size_t start = token.find_first_not_of(" \t\r");
  const std::size_t end = token.find_last_not_of(" \t\r");
  token = start == std::string::npos ? "" : token.substr(start, end - start + 1);
  if (token.size() < 16) {
    throw ConfigError("--token-file " + path + ": the token on its first line must have at least 16 characters");
  }
  return token;
}

int serve(server::ServerOptions options, const std::string& synonyms_file, const std::string& token_file) {
  if (!token_file.empty()) options.token = read_token(token_file);
  const analysis::FrenchAnalyzer analyzer;
  const search::Synonyms synonyms =
      synonyms_file.empty() ? search::Synonyms::embedded() : search::Synonyms::load(synonyms_file, analyzer);
  // SIGINT and SIGTERM are waited for by one thread, which stops the server
  // cleanly; every thread started after this inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::HttpServer http(options, analyzer, synonyms);
  int port = 0;
  try {
    port = http.bind();
  } catch (const ConfigError& e) {
    std::cerr << "hemicycle-serve: " << e.what() << "\n";
    return kCannotListen;
  }
  // Tests and scripts read this line to learn the port chosen for --port 0.
  std::cout << "hemicycle-serve: listening on http://" << options.bind_address << ":" << port << "/" << std::endl;

  std::thread signal_waiter([&http, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    http.stop();
  });
  http.run();
  // run() also returns when listening fails: wake the waiter so that it can end (the
  // signal stays pending, and harmless, when the waiter has already had one).
  kill(getpid(), SIGTERM);
  signal_waiter.join();
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "hemicycle-serve: serve Hémicycle indexes over HTTP: a JSON API (/api/search, /api/similar,\n"
      "/api/documents/{id}, /healthz) and a search page at /. Indexes updated by hemicycle-index are\n"
      "picked up without restart.",
      "hemicycle-serve"};
  program::use_common_layout(app);
  server::ServerOptions options;
  std::string synonyms_file;
  std::string token_file;
  program::add_search_databases(app, options.databases);
  app.add_option("--port", options.port, "TCP port; 0 picks a free one (printed on start)")
      ->default_val(8080)
      ->check(CLI::Range(0, 65535));
  app.add_option("--bind", options.bind_address,
                 "Address to listen on (another than 127.0.0.1 opens the server "
                 "to the network)")
      ->default_val("127.0.0.1");
  app.add_option("--threads", options.threads,
                 "Requests worked on at once (each connection has its own thread up to --max-connections)")
      ->default_val(4)
      ->check(CLI::Range(1, 256));
  app.add_option("--cors-origin", options.cors_origin,
                 "Origin allowed to call the API from a browser (no CORS when absent)");
  app.add_option("--max-body", options.max_body_bytes, "Largest request body, in bytes")
      ->default_val(1024 * 1024)
      ->check(CLI::Range(1024, 64 * 1024 * 1024));
  app.add_option("--time-limit", options.time_limit_seconds,
                 "Seconds per search after which totals and facets are estimated")
      ->default_val(2.0)
      ->check(CLI::Range(0.01, 600.0));
  app.add_option("--allowed-host", options.allowed_hosts,
                 "Host header answered (repeatable), e.g. the name a reverse proxy forwards; by default "
                 "only localhost, 127.0.0.1 and ::1 when listening on a loopback address, any otherwise");
  app.add_option("--token-file", token_file,
                 "File whose first line is a token that every request but /healthz must send as "
                 "\"Authorization: Bearer TOKEN\"");
  app.add_option("--public-url", options.public_url,
                 "Address users reach the server by (e.g. https://recherche.intranet behind a reverse proxy): "
                 "the base of feed links, instead of http:// and the Host header")
      ->check([](const std::string& url) -> std::string {
        const std::size_t scheme = url.starts_with("http://") ? 7 : url.starts_with("https://") ? 8 : 0;
        if (scheme == 0 || url.size() <= scheme || url.find_first_of(" \t\r\n\"<>") != std::string::npos) {
          return "give an http:// or https:// address, e.g. https://recherche.intranet";
        }
        return "";
      })
      ->transform([](std::string url) {
        while (url.ends_with('/')) url.pop_back();
        return url;
      });
  app.add_option("--access-log", options.access_log_path,
                 "Append one line per request to this file: time, client, method, path, status, bytes, ms");
  app.add_option("--max-connections", options.max_connections, "Connections open at once; more are answered 503")
      ->default_val(512)
      ->check(CLI::Range(8, 900));
  app.add_option("--request-timeout", options.request_timeout_seconds,
                 "Seconds within which a request's headers and body must arrive (408 after)")
      ->default_val(10.0)
      ->check(CLI::Range(0.1, 600.0));
  app.add_option("--idle-timeout", options.idle_timeout_seconds,
                 "Seconds a kept-alive connection may wait for its next request")
      ->default_val(5.0)
      ->check(CLI::Range(0.1, 600.0));
  app.add_option("--synonyms", synonyms_file, "Synonym list to use instead of the built-in one")
      ->check(CLI::ExistingFile);
  app.footer("Exit status: 0 stopped by SIGINT or SIGTERM, 4 cannot listen on the address and port,\n" +
             std::string(program::kCommonExitCodes) +
             ".\n"
             "Examples:\n"
             "  hemicycle-serve --db index\n"
             "  hemicycle-serve --db l15 --db l16 --port 8090 --threads 8\n"
             "  curl 'http://127.0.0.1:8080/api/search?q=loup&facets=1'");
  if (const auto exit_code = program::parse_command_line(app, argc, argv)) return *exit_code;
  return program::run("hemicycle-serve", [&options, &synonyms_file, &token_file] {
    return serve(std::move(options), synonyms_file, token_file);
  });
}
