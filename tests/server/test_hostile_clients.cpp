// hemicycle-serve under clients that send too much, too slowly or ambiguously, each
// over a raw socket (no client library would send such requests): every one is
// refused with the status that says why, in bounded memory, while other clients are
// still served; and no error body names a file of the server.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/command.h"
#include "support/server_process.h"

namespace {

using hemicycle::test_support::connect_to_local;
using hemicycle::test_support::run_shell;
using hemicycle::test_support::ServerProcess;
using hemicycle::test_support::shell_quote;
using Clock = std::chrono::steady_clock;

const std::string kBin = HEMICYCLE_BIN_DIR;
const std::string kData = HEMICYCLE_TEST_DATA;

struct Answer {
  int status = -1;
  std::string head;
  std::string body;
  bool closed = false;  // the server closed the connection after the answer
};

// Sends what the server takes within two seconds; false when it stops taking it.
bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    pollfd entry{fd, POLLOUT, 0};
    if (poll(&entry, 1, 2000) <= 0) return false;
    const ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0 && errno == EAGAIN) continue;
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

// One answer: its head, and a body of its Content-Length.
Answer read_answer(int fd, int timeout_ms = 5000) {
  Answer answer;
  std::string data;
  std::size_t head_end = std::string::npos;
  std::size_t length = 0;
  const Clock::time_point give_up = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    if (head_end != std::string::npos && data.size() >= head_end + 4 + length) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now()).count();
    pollfd entry{fd, POLLIN, 0};
    if (left <= 0 || poll(&entry, 1, static_cast<int>(left)) <= 0) return answer;
    char buffer[16384];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      answer.closed = true;
      break;
    }
    data.append(buffer, static_cast<std::size_t>(n));
    if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos) {
      const std::string head = data.substr(0, head_end);
      std::smatch match;
      if (std::regex_search(head, match, std::regex("\r\nContent-Length: ([0-9]+)", std::regex::icase))) {
        length = std::stoul(match[1]);
      }
    }
  }
  if (head_end == std::string::npos) return answer;
  answer.head = data.substr(0, head_end);
  answer.body = data.substr(head_end + 4, length);
  answer.status = std::atoi(data.c_str() + data.find(' ') + 1);
  return answer;
}

// The server closed the connection (after its answer).
bool closed_by_server(int fd) {
  pollfd entry{fd, POLLIN, 0};
  char byte = 0;
  return poll(&entry, 1, 3000) > 0 && recv(fd, &byte, 1, 0) <= 0;
}

Answer exchange(int port, const std::string& request) {
  const int fd = connect_to_local(port);
  send_all(fd, request);
  Answer answer = read_answer(fd);
  close(fd);
  return answer;
}

std::size_t resident_kilobytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6));
  }
  return 0;
}

std::string gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string compressed(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  return compressed;
}

const std::string kHost = "Host: 127.0.0.1\r\n";

class HostileClientsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = hemicycle::test_support::make_temp_folder("hemicycle-hostile");
    ASSERT_FALSE(directory_.empty());
    const auto indexed = run_shell(kBin + "/hemicycle-index -q --db " + shell_quote(database()) + " " +
                                   shell_quote(kData + "/e2e/questions.jsonl") + " " +
                                   shell_quote(kData + "/precedent/records.jsonl") + " 2>&1");
    ASSERT_EQ(indexed.status, 0) << indexed.out;
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0) << "hemicycle-serve did not stop cleanly on SIGTERM";
    }
    std::filesystem::remove_all(directory_);
  }

  void start(std::vector<std::string> arguments = {}) {
    arguments.insert(arguments.begin(), {"--db", database()});
    server_ = std::make_unique<ServerProcess>(arguments);
    ASSERT_GT(server_->port(), 0);
  }
  [[nodiscard]] int port() const { return server_->port(); }
  [[nodiscard]] std::string database() const { return directory_ + "/index"; }

  // A JSON error with this status whose message has `words`, and no path of the server.
  void expect_error(const Answer& answer, int status, const std::string& words) const {
    EXPECT_EQ(answer.status, status) << answer.head << "\n" << answer.body;
    const nlohmann::json body = nlohmann::json::parse(answer.body, nullptr, false);
    ASSERT_TRUE(body.contains("error")) << answer.body;
    EXPECT_EQ(body["error"]["status"], status);
    EXPECT_NE(body["error"]["message"].get<std::string>().find(words), std::string::npos) << answer.body;
    EXPECT_EQ(answer.body.find(directory_), std::string::npos) << answer.body;
    EXPECT_EQ(answer.body.find("/tmp"), std::string::npos) << answer.body;
  }

  std::string directory_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(HostileClientsTest, ChunkedBodyOverTheLimitIsRefusedInFlatMemory) {
  start({"--max-body", "1048576"});
  const std::size_t before = resident_kilobytes(server_->pid());
  const int fd = connect_to_local(port());
  send_all(fd,
           "POST /api/similar HTTP/1.1\r\n" + kHost + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  std::size_t sent = 0;
  while (sent < (std::size_t{64} << 20) && send_all(fd, chunk)) sent += 0x10000;
  const Answer answer = read_answer(fd);
  close(fd);
  expect_error(answer, 413, "at most 1048576 bytes");
  EXPECT_LT(sent, std::size_t{16} << 20) << "the server kept reading past the limit";
  EXPECT_LT(resident_kilobytes(server_->pid()), before + 16 * 1024) << "the body was held in memory";
}

TEST_F(HostileClientsTest, GzipBombIsRefusedOnceItsDecodedSizePassesTheLimit) {
  start({"--max-body", "1048576"});
  const std::string bomb = gzip(std::string(std::size_t{100} << 20, 'a'));  // about 100 KB
  ASSERT_LT(bomb.size(), 1048576U);
  const std::size_t before = resident_kilobytes(server_->pid());
  const Answer answer = exchange(port(), "POST /api/similar HTTP/1.1\r\n" + kHost +
                                             "Content-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: " +
                                             std::to_string(bomb.size()) + "\r\n\r\n" + bomb);
  expect_error(answer, 413, "once decoded");
  EXPECT_LT(resident_kilobytes(server_->pid()), before + 16 * 1024) << "the body was inflated in memory";
}

TEST_F(HostileClientsTest, TenThousandHeadersAreRefused) {
  start();
  std::string request = "GET /healthz HTTP/1.1\r\n" + kHost;
  for (int i = 0; i < 10000; ++i) request += "X-Filler-" + std::to_string(i) + ": x\r\n";
  const Answer answer = exchange(port(), request + "\r\n");
  expect_error(answer, 431, "too many request headers: at most 100");
}

TEST_F(HostileClientsTest, HugeHeadersAreRefused) {
  start();
  std::string request = "GET /healthz HTTP/1.1\r\n" + kHost;
  for (int i = 0; i < 8; ++i) request += "X-Big-" + std::to_string(i) + ": " + std::string(8000, 'x') + "\r\n";
  expect_error(exchange(port(), request + "\r\n"), 431, "request headers too large");
}

TEST_F(HostileClientsTest, BothLengthHeadersAreRefusedAndTheConnectionClosed) {
  start();
  const int fd = connect_to_local(port());
  send_all(fd, "POST /api/similar HTTP/1.1\r\n" + kHost +
                   "Content-Type: text/plain\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\r\neau p\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\n" +
                   kHost + "\r\n");
  const Answer answer = read_answer(fd);
  expect_error(answer, 400, "both Content-Length and Transfer-Encoding");
  EXPECT_TRUE(answer.closed || closed_by_server(fd)) << "what follows the body was read as a request";
  close(fd);
}

TEST_F(HostileClientsTest, UnknownTransferEncodingIsRefused) {
  start();
  expect_error(
      exchange(port(), "POST /api/similar HTTP/1.1\r\n" + kHost + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
      501, "only chunked");
}

// Fifty clients sending their headers a line every 100 ms, and four idle kept-alive
// connections: /healthz is still answered at once, and the slow ones are cut at the
// request deadline.
TEST_F(HostileClientsTest, SlowClientsDoNotStopTheOthers) {
  start({"--threads", "4", "--request-timeout", "2"});
  std::vector<int> slow;
  for (int i = 0; i < 50; ++i) {
    const int fd = connect_to_local(port());
    ASSERT_GE(fd, 0);
    send_all(fd, "GET /healthz HTTP/1.1\r\n" + kHost);
    slow.push_back(fd);
  }
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<httplib::Client>("127.0.0.1", port()));
    idle.back()->set_keep_alive(true);
    ASSERT_TRUE(idle.back()->Get("/healthz"));
  }
  std::atomic<bool> trickling{true};
  std::thread trickle([&] {
    while (trickling) {
      for (const int fd : slow) send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (int i = 0; i < 10; ++i) {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(2, 0);
    const Clock::time_point asked = Clock::now();
    const httplib::Result result = client.Get("/healthz");
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - asked).count();
    ASSERT_TRUE(result) << "no answer to /healthz, request " << i;
    EXPECT_EQ(result->status, 200);
    EXPECT_LT(waited, 200) << "request " << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  trickling = false;
  trickle.join();
  const Answer cut = read_answer(slow.front(), 3000);
  expect_error(cut, 408, "request timeout");
  for (const int fd : slow) close(fd);
}

TEST_F(HostileClientsTest, SecondServerOnAPortInUseExits4) {
  start();
  const auto second = run_shell("timeout 10 " + kBin + "/hemicycle-serve --db " + shell_quote(database()) + " --port " +
                                std::to_string(port()) + " 2>&1");
  EXPECT_EQ(second.status, 4) << second.out;
  EXPECT_NE(second.out.find("cannot listen on 127.0.0.1:" + std::to_string(port())), std::string::npos) << second.out;
}

TEST_F(HostileClientsTest, IndexFailuresDoNotShowItsPath) {
  start();
  std::filesystem::remove_all(database());
  const Answer answer = exchange(port(), "GET /api/search?q=eau HTTP/1.1\r\n" + kHost + "\r\n");
  EXPECT_GE(answer.status, 500) << answer.body;
  EXPECT_EQ(answer.body.find(directory_), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("/tmp"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("the server's log"), std::string::npos) << answer.body;
}

TEST_F(HostileClientsTest, PostWithoutBodyFindsThePrecedentsOfAnId) {
  start();
  const Answer answer = exchange(port(), "POST /api/similar?id=U1&limit=3 HTTP/1.1\r\n" + kHost + "\r\n");
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("\"R1\""), std::string::npos) << answer.body;
}

TEST_F(HostileClientsTest, FormBodiesAreRefusedNotMergedIntoTheParameters) {
  start();
  const std::string form = "q=" + std::string(20000, 'a');
  expect_error(exchange(port(), "POST /api/similar HTTP/1.1\r\n" + kHost +
                                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                    std::to_string(form.size()) + "\r\n\r\n" + form),
               415, "text/plain or application/json");
}

TEST_F(HostileClientsTest, RefusalsCarryTheCorsHeader) {
  start({"--cors-origin", "https://intranet.example", "--max-body", "1048576"});
  const Answer long_uri =
      exchange(port(), "GET /api/search?q=" + std::string(10000, 'a') + " HTTP/1.1\r\n" + kHost + "\r\n");
  EXPECT_EQ(long_uri.status, 414);
  EXPECT_NE(long_uri.head.find("Access-Control-Allow-Origin: https://intranet.example"), std::string::npos)
      << long_uri.head;
  const Answer large = exchange(
      port(), "POST /api/similar HTTP/1.1\r\n" + kHost + "Content-Type: text/plain\r\nContent-Length: 2000000\r\n\r\n");
  expect_error(large, 413, "at most 1048576 bytes");
  EXPECT_NE(large.head.find("Access-Control-Allow-Origin: https://intranet.example"), std::string::npos) << large.head;
}

TEST_F(HostileClientsTest, OnlyItsOwnHostNamesAreAnswered) {
  start();
  expect_error(exchange(port(), "GET /api/search?q=eau HTTP/1.1\r\nHost: rebound.example:8080\r\n\r\n"), 421,
               "host 'rebound.example'");
  const std::string localhost = "Host: localhost:" + std::to_string(port()) + "\r\n";
  EXPECT_EQ(exchange(port(), "GET /healthz HTTP/1.1\r\n" + localhost + "\r\n").status, 200);
  server_->stop();
  start({"--allowed-host", "recherche.intranet.example"});
  EXPECT_EQ(exchange(port(), "GET /healthz HTTP/1.1\r\nHost: recherche.intranet.example\r\n\r\n").status, 200);
  EXPECT_EQ(exchange(port(), "GET /healthz HTTP/1.1\r\nHost: rebound.example\r\n\r\n").status, 421);
}

TEST_F(HostileClientsTest, TokenIsRequiredWhenGiven) {
  const std::string token_file = directory_ + "/token";
  std::ofstream(token_file) << "s3cr3t-t0ken-0123456789\n";
  start({"--token-file", token_file});
  const Answer refused = exchange(port(), "GET /api/search?q=eau HTTP/1.1\r\n" + kHost + "\r\n");
  expect_error(refused, 401, "Authorization: Bearer");
  EXPECT_NE(refused.head.find("WWW-Authenticate: Bearer"), std::string::npos) << refused.head;
  EXPECT_EQ(exchange(port(), "GET /api/search?q=eau HTTP/1.1\r\n" + kHost +
                                 "Authorization: Bearer wrong-t0ken-0123456789\r\n\r\n")
                .status,
            401);
  EXPECT_EQ(exchange(port(), "GET /api/search?q=eau HTTP/1.1\r\n" + kHost +
                                 "Authorization: Bearer s3cr3t-t0ken-0123456789\r\n\r\n")
                .status,
            200);
  EXPECT_EQ(exchange(port(), "GET /healthz HTTP/1.1\r\n" + kHost + "\r\n").status, 200);
}

TEST_F(HostileClientsTest, AccessLogHasALinePerRequest) {
  const std::string log = directory_ + "/access.log";
  start({"--access-log", log});
  exchange(port(), "GET /api/search?q=secret+words HTTP/1.1\r\n" + kHost + "\r\n");
  exchange(port(), "GET /nowhere HTTP/1.1\r\n" + kHost + "\r\n");
  exchange(port(), "GET /" + std::string(40000, 'a'));  // no end of line: refused before any route
  server_->stop();
  server_.reset();
  const std::string written = hemicycle::test_support::read_file(log);
  const std::regex line(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 GET (/api/search 200|/nowhere 404) \d+ \d+\.\d\n)");
  const auto lines = std::distance(std::sregex_iterator(written.begin(), written.end(), line), std::sregex_iterator());
  EXPECT_EQ(lines, 2) << written;
  EXPECT_TRUE(std::regex_search(written, std::regex(R"(Z 127\.0\.0\.1 - - 414 0 \d+\.\d\n)"))) << written;
  EXPECT_EQ(written.find("secret"), std::string::npos) << "the query string is logged: " << written;
}

}  // namespace
