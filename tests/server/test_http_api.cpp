// End to end: the real hemicycle-index builds an index from tests/data/, the real
// hemicycle-serve serves it on 127.0.0.1 (a free port), and each endpoint, error,
// limit and the pickup of a re-indexed database are checked over HTTP.

#include <gtest/gtest.h>

#include <algorithm>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include "support/command.h"
#include "support/server_process.h"

namespace {

using nlohmann::json;

const std::string kBin = HEMICYCLE_BIN_DIR;
const std::string kData = HEMICYCLE_TEST_DATA;

std::string quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs a shell command; its exit status and standard output.
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, output};
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

using hemicycle::test_support::ServerProcess;

// The status line and body of a request sent byte for byte, so that no client
// library tidies the path ("/../") before the server sees it.
std::pair<int, std::string> raw_get(int port, const std::string& target) {
  const int fd = hemicycle::test_support::connect_to_local(port);
  if (fd < 0) return {-1, ""};
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return {-1, ""};
  }
  std::string answer;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) answer.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  const std::size_t space = answer.find(' ');
  const std::size_t body = answer.find("\r\n\r\n");
  if (space == std::string::npos || body == std::string::npos) return {-1, answer};
  return {std::atoi(answer.c_str() + space + 1), answer.substr(body + 4)};
}

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = hemicycle::test_support::make_temp_folder("hemicycle-http");
    ASSERT_FALSE(directory_.empty());
    ASSERT_EQ(index(kData + "/e2e/questions.jsonl " + quote(kData + "/precedent/records.jsonl")), 0);
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--db", database(), "--threads", "4"});
    ASSERT_GT(server_->port(), 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    client_.reset();
    if (server_) {
      EXPECT_EQ(server_->stop(), 0) << "hemicycle-serve did not stop cleanly on SIGTERM";
    }
    std::filesystem::remove_all(directory_);
  }

  [[nodiscard]] std::string database() const { return directory_ + "/index"; }
  int index(const std::string& files) const {
    return run(kBin + "/hemicycle-index -q --db " + quote(database()) + " " + files + " 2>&1").first;
  }

  // GET `target`; the status and the body as JSON (null when it is not JSON).
  std::pair<int, json> get(const std::string& target) {
    const httplib::Result result = client_->Get(target.c_str());
    if (!result) return {-1, json()};
    return {result->status, json::parse(result->body, nullptr, false)};
  }
  std::pair<int, json> post(const std::string& target, const std::string& body,
                            const std::string& type = "text/plain; charset=utf-8") {
    const httplib::Result result = client_->Post(target.c_str(), body, type.c_str());
    if (!result) return {-1, json()};
    return {result->status, json::parse(result->body, nullptr, false)};
  }

  std::string directory_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

std::vector<std::string> ids(const json& result) {
  std::vector<std::string> ids;
  for (const json& hit : result["hits"]) ids.push_back(hit["id"]);
  return ids;
}

TEST_F(HttpApiTest, HealthCountsTheDocuments) {
  const auto [status, body] = get("/healthz");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body, json({{"status", "ok"}, {"documents", 20}}));
}

// The page takes its facets from the field table through /api/fields.
TEST_F(HttpApiTest, FieldsListTheFacetsInOrderWithTheirLabels) {
  const auto [status, body] = get("/api/fields");
  ASSERT_EQ(status, 200);
  ASSERT_TRUE(body["facets"].is_array());
  EXPECT_EQ(body["facets"][0], json({{"name", "rubrique"}, {"label", "Rubrique"}, {"field", "rubrique"}}));
  std::vector<std::string> names;
  for (const json& facet : body["facets"]) names.push_back(facet["name"]);
  const std::vector<std::string> territory_facets{"territoire", "departement", "region"};
  const auto territoire = std::find(names.begin(), names.end(), "territoire");
  ASSERT_NE(territoire, names.end());
  EXPECT_TRUE(std::equal(territory_facets.begin(), territory_facets.end(), territoire));
  for (const json& facet : body["facets"]) {
    if (facet["name"] == "region") {
      EXPECT_EQ(facet["field"], "territoire");
    }
  }
  bool titre_ranked = false;
  for (const json& field : body["fields"]) {
    if (field["name"] == "titre") titre_ranked = field["ranked"];
  }
  EXPECT_TRUE(titre_ranked);
}

// The API answers exactly what hemicycle-query --json prints for the same request.
TEST_F(HttpApiTest, SearchIsTheCliJson) {
  struct Case {
    std::string target, cli_arguments;
  };
  const std::vector<Case> cases{
      {"/api/search?q=loup", "loup"},
      {"/api/search?q=sant%C3%A9&limit=3&offset=1&sort=-date", "-n 3 --offset 1 --sort -date santé"},
      {"/api/search?q=rubrique%3Asant%C3%A9&facets=1&facet_size=2", "--facets --facet-size 2 rubrique:santé"},
      {"/api/search?q=%22zones%20rurales%22%20date%3A2019..&sort=date", "--sort date '\"zones rurales\" date:2019..'"},
      {"/api/search?q=m%C3%A9decins&boost.titre=5", "--boost titre=5 médecins"},
      {"/api/search?q=pesticide", "pesticide"},
      // The server counts facets from the table it keeps in memory, the CLI from the index.
      {"/api/search?q=rural%20OR%20rurales%20OR%20sant%C3%A9&facets=1&facet_size=50",
       "--facets --facet-size 50 'rural OR rurales OR santé'"},
      {"/api/search?q=loupe%20montagnne&limit=0", "-n 0 loupe montagnne"},
  };
  for (const Case& c : cases) {
    const auto [status, body] = get(c.target);
    EXPECT_EQ(status, 200) << c.target;
    const auto [cli_status, cli_output] =
        run(kBin + "/hemicycle-query --json --db " + quote(database()) + " " + c.cli_arguments + " 2>/dev/null");
    ASSERT_EQ(cli_status, 0) << c.cli_arguments;
    EXPECT_EQ(body, json::parse(cli_output)) << c.target;
  }
}

TEST_F(HttpApiTest, SearchPagesAndFacets) {
  const auto [status, body] = get("/api/search?q=rural%20OR%20rurales&limit=2&facets=1");
  ASSERT_EQ(status, 200);
  EXPECT_GT(body["total"].get<int>(), 2);
  EXPECT_EQ(body["hits"].size(), 2U);
  ASSERT_TRUE(body["facets"].contains("rubrique"));
  EXPECT_FALSE(body["facets"]["rubrique"].empty());
  const auto [next_status, next] = get("/api/search?q=rural%20OR%20rurales&limit=2&offset=2");
  ASSERT_EQ(next_status, 200);
  for (const std::string& id : ids(next)) {
    EXPECT_NE(id, body["hits"][0]["id"]);
    EXPECT_NE(id, body["hits"][1]["id"]);
  }
}

TEST_F(HttpApiTest, BadRequestsAreJsonErrors) {
  struct Case {
    std::string target;
    int status;
    std::string message_part;
    int offset;  // -1: no offset
  };
  const std::string long_query(3000, 'a');
  const std::vector<Case> cases{
      {"/api/search", 400, "query is empty", -1},
      {"/api/search?q=%20%20", 400, "query is empty", -1},
      {"/api/search?q=%22loup", 400, "invalid query", 0},
      {"/api/search?q=loup%20inconnu%3Avaleur", 400, "invalid query", 5},
      {"/api/search?q=loup%20(montagne", 400, "invalid query", 5},
      {"/api/search?q=" + long_query, 400, "invalid query", 2048},
      {"/api/search?q=loup&limit=101", 400, "limit must be from 0 to 100", -1},
      {"/api/search?q=loup&limit=dix", 400, "limit: expected a whole number", -1},
      {"/api/search?q=loup&limit=-1", 400, "limit: expected a whole number", -1},
      {"/api/search?q=loup&offset=10001", 400, "offset must be from 0 to 10000", -1},
      {"/api/search?q=loup&sort=titre", 400, "sort: expected relevance, date or -date", -1},
      {"/api/search?q=loup&facets=oui", 400, "facets: expected 1 or 0", -1},
      {"/api/search?q=loup&facet_size=0", 400, "facet_size must be from 1 to 100", -1},
      {"/api/search?q=loup&boost.auteur=2", 400, "unknown boost field 'auteur'", -1},
      {"/api/search?q=loup&boost.titre=1e9", 400, "weight must be a number from 0 to 1000", -1},
      {"/api/documents/INCONNU", 404, "no document with id 'INCONNU'", -1},
      {"/api/nothing", 404, "no such page", -1},
  };
  for (const Case& c : cases) {
    const auto [status, body] = get(c.target);
    EXPECT_EQ(status, c.status) << c.target;
    ASSERT_TRUE(body.contains("error")) << c.target << ": " << body.dump();
    EXPECT_EQ(body["error"]["status"], c.status) << c.target;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.message_part), std::string::npos)
        << c.target << ": " << body["error"]["message"];
    if (c.offset < 0) {
      EXPECT_FALSE(body["error"].contains("offset")) << c.target;
    } else {
      EXPECT_EQ(body["error"]["offset"], c.offset) << c.target;
    }
  }
}

TEST_F(HttpApiTest, DocumentIsTheStoredRecord) {
  const auto [status, record] = get("/api/documents/E2E-QE-101");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(record["id"], "E2E-QE-101");
  EXPECT_EQ(record["titre"], "Attaques de loups sur les troupeaux en montagne");
  EXPECT_NE(record["texte_question"].get<std::string>().find("troupeaux ovins en Savoie"), std::string::npos);
  EXPECT_NE(record["texte_reponse"].get<std::string>().find("moins de trois mois"), std::string::npos);
  EXPECT_EQ(record["date_reponse"], "2023-09-19");
}

TEST_F(HttpApiTest, SimilarQuestionsOfADraft) {
  const std::string draft =
      "Je souhaite interroger la ministre sur l'installation des médecins dans les zones rurales "
      "et sur les aides qui les y attireraient.";
  const auto [status, body] = post("/api/similar?limit=5", draft);
  ASSERT_EQ(status, 200) << body.dump();
  ASSERT_FALSE(body["hits"].empty());
  // A1-A3 are one question asked three times: one entry with its members.
  const json& first = body["hits"][0];
  EXPECT_TRUE(first["id"] == "A1" || first["id"] == "A2" || first["id"] == "A3") << first["id"];
  EXPECT_EQ(first["groupe_taille"], 3);
  // The rule of the order, the synthesis, and per hit who answered.
  std::vector<std::string> keys;
  for (const auto& [key, value] : body.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());  // this client's JSON keeps keys sorted
  EXPECT_EQ(keys, (std::vector<std::string>{"classement", "draft", "hits", "query", "query_terms", "synthese",
                                            "termes_recherches"}));
  EXPECT_EQ(body["classement"]["ratio_repondu"], 0.75);
  EXPECT_EQ(body["synthese"]["rubrique"], "professions de santé");
  EXPECT_EQ(first["reponse"]["source"], "ministere");
  EXPECT_TRUE(first["en_commun"].contains("territoires"));

  const auto [json_status, as_json] = post("/api/similar?limit=5", json({{"draft", draft}}).dump(), "application/json");
  ASSERT_EQ(json_status, 200);
  EXPECT_EQ(as_json, body);

  const auto [filtered_status, filtered] = post("/api/similar?limit=5&q=legislature%3A15", draft);
  ASSERT_EQ(filtered_status, 200);
  ASSERT_FALSE(filtered["hits"].empty());
  for (const json& hit : filtered["hits"]) EXPECT_EQ(hit["record"]["legislature"], 15) << hit["id"];
}

// The API answers what hemicycle-query --similar --json prints for the same draft and options.
TEST_F(HttpApiTest, SimilarIsTheCliJson) {
  struct Case {
    std::string parameters, cli_arguments;
  };
  const std::vector<Case> cases{
      {"", ""},
      {"limit=2&offset=1", "-n 2 --offset 1"},
      {"q=legislature%3A16&terms=5&min_df=1", "--terms 5 --min-df 1 legislature:16"},
      {"group=0&boost.titre=4", "--no-group --boost titre=4"},
  };
  const std::string draft_file = directory_ + "/brouillon.txt";
  const std::string draft = "Fermeture des bureaux de poste dans les communes rurales de la Creuse et de la Corrèze.";
  ASSERT_EQ(run("printf '%s' " + quote(draft) + " > " + quote(draft_file)).first, 0);
  for (const Case& c : cases) {
    const auto [status, body] = post("/api/similar?" + c.parameters, draft);
    EXPECT_EQ(status, 200) << c.parameters << ": " << body.dump();
    const auto [cli_status, cli_output] = run(kBin + "/hemicycle-query --json --db " + quote(database()) +
                                              " --similar " + quote(draft_file) + " " + c.cli_arguments + " 2>&1");
    ASSERT_EQ(cli_status, 0) << c.cli_arguments << ": " << cli_output;
    EXPECT_EQ(body, json::parse(cli_output)) << c.parameters;
  }
}

TEST_F(HttpApiTest, SimilarQuestionsOfAnIndexedDocument) {
  const auto [status, body] = post("/api/similar?id=U1&limit=3", "");
  ASSERT_EQ(status, 200) << body.dump();
  const std::vector<std::string> found = ids(body);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(std::count(found.begin(), found.end(), "U1"), 0);
  EXPECT_EQ(found[0], "R1");
}

TEST_F(HttpApiTest, SimilarRefusesWhatItCannotUse) {
  struct Case {
    std::string target, body, type;
    int status;
    std::string message_part;
  };
  const std::vector<Case> cases{
      {"/api/similar", "   ", "text/plain", 400, "draft is empty"},
      {"/api/similar", "le la les de", "text/plain", 400, ""},
      {"/api/similar", "zzyzzx qwertyuiop", "text/plain", 400, "none of the draft's words"},
      {"/api/similar", "{\"texte\": 1}", "application/json", 400, "\"draft\""},
      {"/api/similar?id=U1", "un brouillon", "text/plain", 400, "not both"},
      {"/api/similar?id=INCONNU", "", "text/plain", 404, "no document with id"},
      {"/api/similar?q=%22ouvert", "médecins ruraux", "text/plain", 400, "invalid query"},
      {"/api/similar?limit=1000", "médecins ruraux", "text/plain", 400, "limit must be"},
      {"/api/similar?terms=0", "médecins ruraux", "text/plain", 400, "terms must be"},
      {"/api/similar?group=peut-etre", "médecins ruraux", "text/plain", 400, "group: expected 1 or 0"},
      {"/api/similar", std::string(1024 * 1024 + 1, 'a'), "text/plain", 413, "too large"},
  };
  for (const Case& c : cases) {
    const auto [status, body] = post(c.target, c.body, c.type);
    EXPECT_EQ(status, c.status) << c.target << " " << c.body.substr(0, 40);
    ASSERT_TRUE(body.contains("error")) << c.target << ": " << body.dump();
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.message_part), std::string::npos)
        << body["error"]["message"];
  }
}

TEST_F(HttpApiTest, WrongMethodsAreRefused) {
  const httplib::Result search = client_->Post("/api/search", "q=loup", "application/x-www-form-urlencoded");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 405);
  EXPECT_EQ(search->get_header_value("Allow"), "GET, HEAD");
  const auto [status, body] = get("/api/similar");
  EXPECT_EQ(status, 405);
  EXPECT_EQ(body["error"]["status"], 405);
}

TEST_F(HttpApiTest, ServesOnlyTheEmbeddedPage) {
  const httplib::Result page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(page->body.find("<html lang=\"fr\">"), std::string::npos);
  for (const char* asset : {"/app.js", "/style.css", "/openapi.yaml"}) {
    const httplib::Result result = client_->Get(asset);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << asset;
  }
  const std::vector<std::string> outside{
      "/../etc/passwd",
      "/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/..%2f..%2fetc%2fpasswd",
      "/app.js/../../etc/passwd",
      "//etc/passwd",
      "/index.html",
      "/assets/app.js",
      "/style.css%00.html",
      "/%2fetc%2fpasswd",
      "/app%2ejs/..",
      "/query/assets/app.js",
  };
  for (const std::string& target : outside) {
    const auto [status, body] = raw_get(server_->port(), target);
    EXPECT_EQ(status, 404) << target;
    EXPECT_EQ(body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(HttpApiTest, NoCorsUnlessAsked) {
  const httplib::Result result = client_->Get("/api/search?q=loup");
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->has_header("Access-Control-Allow-Origin"));

  ServerProcess with_cors({"--db", database(), "--cors-origin", "https://intranet.example"});
  httplib::Client client("127.0.0.1", with_cors.port());
  const httplib::Result allowed = client.Get("/api/search?q=loup");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "https://intranet.example");
  const httplib::Result preflight = client.Options("/api/similar");
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(with_cors.stop(), 0);
}

TEST_F(HttpApiTest, ReindexedDatabaseIsPickedUpWithoutRestart) {
  ASSERT_EQ(get("/api/search?q=estrans").second["total"], 0);
  ASSERT_EQ(index(quote(kData + "/server/ajout.jsonl")), 0);
  const auto [status, health] = get("/healthz");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(health["documents"], 21);
  const auto [search_status, body] = get("/api/search?q=estrans%20balises");
  ASSERT_EQ(search_status, 200);
  ASSERT_EQ(ids(body), std::vector<std::string>{"SRV-QE-900"});
  // The record's markup comes back escaped in the extract, around the <mark>s; the
  // extract is the question's text, not its title repeated.
  EXPECT_EQ(body["hits"][0]["extrait"],
            "Mme Anne Goémon interroge le ministre sur les <mark>balises</mark> (hauteur &lt; 2 m) &amp; panneaux "
            "&quot;rouges&quot; qui signalent les <mark>estrans</mark> lors des grandes marées.");
  EXPECT_EQ(get("/api/documents/SRV-QE-900").first, 200);
}

// Requests on several connections at once are answered alike: each worker has its own database.
TEST_F(HttpApiTest, ConcurrentRequestsAgree) {
  const auto [status, expected] = get("/api/search?q=rural%20OR%20sant%C3%A9&facets=1");
  ASSERT_EQ(status, 200);
  std::vector<std::thread> threads;
  std::vector<int> agreeing(6, 0);
  for (std::size_t t = 0; t < agreeing.size(); ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server_->port());
      for (int i = 0; i < 15; ++i) {
        const httplib::Result result = client.Get("/api/search?q=rural%20OR%20sant%C3%A9&facets=1");
        if (result && result->status == 200 && json::parse(result->body) == expected) ++agreeing[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int count : agreeing) EXPECT_EQ(count, 15);
}

// No answer carries a path of the indexing machine: neither a record's source
// nor the index folder in an error.
TEST_F(HttpApiTest, NoResponseHoldsAPathOfTheIndexingMachine) {
  ASSERT_EQ(index(quote(kData + "/an_json/qe_answered.json")), 0);
  const std::vector<std::string> targets{"/api/search?q=loup&facets=1",     "/api/search?q=loup&format=csv",
                                         "/api/search?q=loup&format=jsonl", "/api/feed?q=loup",
                                         "/api/documents/E2E-QE-101",       "/api/documents/QANR5L16QE4321",
                                         "/api/documents/absent",           "/healthz"};
  for (const std::string& target : targets) {
    const httplib::Result result = client_->Get(target.c_str());
    ASSERT_TRUE(result) << target;
    EXPECT_EQ(result->body.find(kData), std::string::npos) << target;
    EXPECT_EQ(result->body.find(directory_), std::string::npos) << target;
  }
  const httplib::Result similar = client_->Post("/api/similar?id=E2E-QE-101", "", "text/plain");
  ASSERT_TRUE(similar);
  EXPECT_EQ(similar->status, 200);
  EXPECT_EQ(similar->body.find(kData), std::string::npos);

  // An index that disappears: the 503 says so without naming its folder.
  const std::string copy = directory_ + "/copie";
  std::filesystem::copy(database(), copy, std::filesystem::copy_options::recursive);
  ServerProcess server({"--db", copy});
  httplib::Client client("127.0.0.1", server.port());
  std::filesystem::remove_all(copy);
  const httplib::Result gone = client.Get("/api/search?q=loup");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 503);
  EXPECT_EQ(gone->body.find(directory_), std::string::npos) << gone->body;
  EXPECT_EQ(json::parse(gone->body)["error"]["status"], 503);
}

TEST_F(HttpApiTest, RecordsLinkToTheirOfficialPage) {
  ASSERT_EQ(index(quote(kData + "/an_json/qe_answered.json") + " " + quote(kData + "/an_json/amendment.json")), 0);
  const auto [status, question] = get("/api/documents/QANR5L16QE4321");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(question["url"], "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE4321");
  EXPECT_FALSE(question.contains("source"));
  EXPECT_TRUE(question.contains("texte_reponse"));
  const auto [search_status, found] = get("/api/search?q=id:AMANR5L17PO59051B1105P0D1N000042");
  ASSERT_EQ(search_status, 200);
  ASSERT_EQ(found["hits"].size(), 1u);
  EXPECT_EQ(found["hits"][0]["record"]["url"],
            "https://www.assemblee-nationale.fr/dyn/17/amendements/1105/CION_LOIS/CL42");
  // A document of no official page has no url.
  EXPECT_FALSE(get("/api/documents/E2E-QE-101").second.contains("url"));
}

TEST_F(HttpApiTest, SearchAsCsvIsADownloadARowPerHit) {
  ASSERT_EQ(index(quote(kData + "/an_json/qe_answered.json")), 0);
  const auto [status, expected] = get("/api/search?q=loup%20OR%20s%C3%A9cheresse&limit=100");
  ASSERT_EQ(status, 200);
  const httplib::Result csv = client_->Get("/api/search?q=loup%20OR%20s%C3%A9cheresse&format=csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(csv->get_header_value("Content-Disposition"), "attachment; filename=\"hemicycle-recherche.csv\"");
  EXPECT_EQ(csv->get_header_value("Transfer-Encoding"), "chunked");
  ASSERT_TRUE(csv->body.starts_with("\xEF\xBB\xBFid;url;type;")) << csv->body.substr(0, 80);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < csv->body.size();) {
    const std::size_t end = csv->body.find("\r\n", at);
    ASSERT_NE(end, std::string::npos);
    lines.push_back(csv->body.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_EQ(lines.size(), 1 + expected["hits"].size());
  for (std::size_t i = 0; i < expected["hits"].size(); ++i) {
    EXPECT_TRUE(lines[i + 1].starts_with(expected["hits"][i]["id"].get<std::string>() + ";")) << lines[i + 1];
  }
  const std::string question_row = "QANR5L16QE4321;https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE4321;";
  EXPECT_TRUE(
      std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.starts_with(question_row); }));
  EXPECT_NE(csv->body.find("Sécheresse et restrictions d'usage"), std::string::npos);

  const httplib::Result lines_of_json = client_->Get("/api/search?q=loup%20OR%20s%C3%A9cheresse&format=jsonl&limit=2");
  ASSERT_TRUE(lines_of_json);
  EXPECT_EQ(lines_of_json->get_header_value("Content-Disposition"),
            "attachment; filename=\"hemicycle-recherche.jsonl\"");
  const std::string& body = lines_of_json->body;
  ASSERT_EQ(std::count(body.begin(), body.end(), '\n'), 2);
  EXPECT_EQ(json::parse(body.substr(0, body.find('\n'))), expected["hits"][0]);

  EXPECT_EQ(get("/api/search?q=loup&format=xls").first, 400);
  EXPECT_EQ(get("/api/search?q=loup&format=csv&limit=10001").first, 400);
  EXPECT_EQ(get("/api/search?q=%22loup&format=csv").first, 400);
}

// A followed search: the feed lists the newest first, and a document indexed
// later comes at its top.
TEST_F(HttpApiTest, FeedOfASearchShowsANewDocumentFirst) {
  const httplib::Result before = client_->Get("/api/feed?q=loup");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  EXPECT_EQ(before->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  const std::string& xml = before->body;
  EXPECT_TRUE(
      xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_NE(xml.find("<title>Hémicycle : loup</title>"), std::string::npos);
  const std::string self = "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/feed?q=loup";
  EXPECT_NE(xml.find("<id>" + self + "</id>"), std::string::npos) << xml;
  // Newest first: the question of 2023-04-11 before that of 2021-09-14.
  const std::size_t newer = xml.find("<title>Attaques de loups sur les troupeaux en montagne</title>");
  const std::size_t older = xml.find("<title>Protection des bergers face au loup</title>");
  ASSERT_NE(newer, std::string::npos);
  ASSERT_NE(older, std::string::npos);
  EXPECT_LT(newer, older);
  EXPECT_NE(xml.find("<updated>2023-09-19T00:00:00Z</updated>"), std::string::npos);  // answered since
  EXPECT_NE(xml.find("<summary type=\"html\">"), std::string::npos);
  if (run("command -v xmllint >/dev/null").first == 0) {
    const std::string file = directory_ + "/feed.xml";
    FILE* out = std::fopen(file.c_str(), "w");
    ASSERT_NE(out, nullptr);
    std::fwrite(xml.data(), 1, xml.size(), out);
    std::fclose(out);
    EXPECT_EQ(run("xmllint --noout " + quote(file) + " 2>&1").first, 0) << "the feed is not well-formed XML";
    const auto [entries_status, entries] =
        run("xmllint --xpath 'count(/*[local-name()=\"feed\"]/*[local-name()=\"entry\"]"
            "[*[local-name()=\"id\"] and *[local-name()=\"title\"] and *[local-name()=\"updated\"] and "
            "*[local-name()=\"link\"]])' " +
            quote(file));
    EXPECT_EQ(entries_status, 0);
    std::size_t entry_count = 0;
    for (std::size_t at = xml.find("<entry>"); at != std::string::npos; at = xml.find("<entry>", at + 1)) ++entry_count;
    EXPECT_GT(entry_count, 1u);
    EXPECT_EQ(entries, std::to_string(entry_count) + "\n") << "every entry has an id, a title, a date and a link";
  }

  ASSERT_EQ(index(quote(kData + "/server/suivi.jsonl")), 0);
  const httplib::Result after = client_->Get("/api/feed?q=loup");
  ASSERT_TRUE(after);
  const std::size_t first_entry = after->body.find("<entry>");
  ASSERT_NE(first_entry, std::string::npos);
  EXPECT_EQ(
      after->body.find("<entry>\n    <id>https://www.assemblee-nationale.fr/dyn/17/questions/QANR5L17QE9001</id>\n"
                       "    <title>Indemnisation des éleveurs victimes de la prédation du loup</title>"),
      first_entry)
      << after->body;
  EXPECT_EQ(get("/api/feed").first, 400);
  EXPECT_EQ(get("/api/feed?q=loup&limit=0").first, 400);
}

// Behind a reverse proxy the Host a server sees is not the address users know:
// --public-url gives the base of the feed's links.
TEST_F(HttpApiTest, FeedLinksUseThePublicUrl) {
  ServerProcess proxied({"--db", database(), "--public-url", "https://recherche.intranet.example/"});
  httplib::Client client("127.0.0.1", proxied.port());
  const httplib::Result feed = client.Get("/api/feed?q=loup");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->status, 200);
  EXPECT_NE(feed->body.find("<id>https://recherche.intranet.example/api/feed?q=loup</id>"), std::string::npos)
      << feed->body;
  EXPECT_EQ(feed->body.find("127.0.0.1"), std::string::npos) << feed->body;
  EXPECT_EQ(proxied.stop(), 0);
  // Anything but an http(s) address is refused at start-up, naming the option.
  const auto [status, output] = run(quote(kBin + "/hemicycle-serve") + " --db " + quote(database()) +
                                    " --port 0 --public-url ftp://files.example 2>&1");
  EXPECT_EQ(status, 2);
  EXPECT_NE(output.find("--public-url"), std::string::npos) << output;
}

}  // namespace
