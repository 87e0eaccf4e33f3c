// Remote shards: two shards of the e2e fixture served by xapian-tcpsrv, read
// through a stub file of "remote" lines, give the same answers as the shards
// read locally and as one database holding everything.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "index/schema.h"

extern char** environ;

#include "support/command.h"

namespace fs = std::filesystem;

namespace {

using namespace std::chrono_literals;

const std::string kFixture = HEMICYCLE_TEST_DATA "/e2e";

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream folders(path != nullptr ? path : "/usr/bin");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const fs::path candidate = fs::path(folder) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

// A port nobody listens on now (the kernel's choice for port 0).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// One xapian-tcpsrv serving a database on 127.0.0.1, stopped when destroyed.
class TcpServer {
 public:
  TcpServer(const std::string& program, const std::string& database, const fs::path& log) {
    port_ = free_port();
    if (port_ <= 0) return;
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {program, "--interface", "127.0.0.1", "--port", port, "--quiet", database};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    // Its own process group: on SIGTERM, xapian-tcpsrv sends SIGTERM to its whole group.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    if (posix_spawn(&pid_, program.c_str(), &actions, &attributes, argv.data(), environ) != 0) pid_ = -1;
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    for (int tries = 0; pid_ > 0 && tries < 100 && !accepts_connections(port_); ++tries) {
      std::this_thread::sleep_for(50ms);
    }
  }
  ~TcpServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int tries = 0; tries < 40; ++tries) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  [[nodiscard]] bool ready() const { return pid_ > 0 && accepts_connections(port_); }
  [[nodiscard]] int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = -1;
};

using hemicycle::test_support::read_file;
using hemicycle::test_support::run_program;

class RemoteShards : public ::testing::Test {
 protected:
  void SetUp() override {
    tcpsrv_ = find_program("xapian-tcpsrv");
    if (tcpsrv_.empty()) GTEST_SKIP() << "xapian-tcpsrv not installed (Debian package xapian-tools)";
    dir_ = fs::temp_directory_path() / ("hemicycle-remote-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  int run(const std::string& program, const std::vector<std::string>& args, std::string* out = nullptr) {
    const auto result = run_program(program, args, dir_);
    if (out != nullptr) *out = result.out;
    return result.status;
  }

  nlohmann::json search(const std::vector<std::string>& dbs, const std::string& query) {
    std::vector<std::string> args;
    for (const auto& db : dbs) args.insert(args.end(), {"--db", db});
    args.insert(args.end(), {"--json", "--facets", "-n", "50", "--", query});
    std::string out;
    EXPECT_EQ(run("hemicycle-query", args, &out), 0) << read_file(dir_ / "stderr");
    return nlohmann::json::parse(out, nullptr, false);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string tcpsrv_;
  fs::path dir_;
};

std::vector<std::string> ids(const nlohmann::json& result) {
  std::vector<std::string> out;
  for (const auto& hit : result.at("hits")) out.push_back(hit.at("id").get<std::string>());
  return out;
}

// The ranking with equal scores put in id order: sharding renumbers documents,
// and Xapian orders equal scores by document number.
std::vector<std::pair<double, std::string>> ranking(const nlohmann::json& result) {
  std::vector<std::pair<double, std::string>> out;
  for (const auto& hit : result.at("hits")) {
    out.emplace_back(std::round(hit.at("score").get<double>() * 1e9) / 1e9, hit.at("id").get<std::string>());
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  return out;
}

TEST_F(RemoteShards, SameAnswersAsLocalShardsAndOneDatabase) {
  ASSERT_EQ(run("hemicycle-index", {"--db", path("single"), "-q", kFixture}), 0);
  ASSERT_EQ(run("hemicycle-index", {"--db", path("local"), "-q", "--shard-by", "hash", "--shards", "2", kFixture}), 0);
  const std::string shard0 = path("local") + "/h0";
  const std::string shard1 = path("local") + "/h1";
  ASSERT_GT(Xapian::Database(shard0).get_doccount(), 0U);
  ASSERT_GT(Xapian::Database(shard1).get_doccount(), 0U);

  const TcpServer server0(tcpsrv_, shard0, dir_ / "tcpsrv0.log");
  const TcpServer server1(tcpsrv_, shard1, dir_ / "tcpsrv1.log");
  ASSERT_TRUE(server0.ready()) << read_file(dir_ / "tcpsrv0.log");
  ASSERT_TRUE(server1.ready()) << read_file(dir_ / "tcpsrv1.log");
  fs::create_directories(path("remote"));
  std::ofstream(path("remote") + "/XAPIANDB") << "remote 127.0.0.1:" << server0.port() << "\n"
                                              << "remote 127.0.0.1:" << server1.port() << "\n";

  // Metadata travels over the remote protocol: the analyzer check sees the signature.
  const Xapian::Database remote(path("remote"));
  EXPECT_EQ(remote.get_doccount(), Xapian::Database(path("single")).get_doccount());
  EXPECT_EQ(remote.get_metadata(std::string(hemicycle::index::kMetaAnalyzer)),
            Xapian::Database(path("single")).get_metadata(std::string(hemicycle::index::kMetaAnalyzer)));

  for (const std::string query :
       {"loup", "troupeaux savoie", "rubrique:animaux", "date:2023..", "maternité OR médicaux"}) {
    const nlohmann::json one = search({path("single")}, query);
    const nlohmann::json listed = search({shard0, shard1}, query);
    const nlohmann::json stub = search({path("remote")}, query);
    ASSERT_TRUE(one.is_object() && listed.is_object() && stub.is_object()) << query;
    EXPECT_FALSE(one.at("hits").empty()) << query;
    EXPECT_EQ(ids(stub), ids(listed)) << query;
    EXPECT_EQ(ranking(stub), ranking(one)) << query;
    EXPECT_EQ(stub.at("total"), one.at("total")) << query;
    EXPECT_EQ(stub.at("facets"), one.at("facets")) << query;
    EXPECT_EQ(stub.at("hits"), listed.at("hits")) << query;  // records and extracts too
  }

  // The stored record of a document on a remote shard.
  std::string shown;
  ASSERT_EQ(run("hemicycle-index", {"--db", path("remote"), "--show", "E2E-QE-101"}, &shown), 0);
  EXPECT_EQ(nlohmann::json::parse(shown).at("id"), "E2E-QE-101");
  // Remote shards are read-only here: writing goes to the shard on its own machine.
  EXPECT_EQ(run("hemicycle-index", {"--db", path("remote"), "--delete", "E2E-QE-101"}), 3);
}

// A whole index behind one xapian-tcpsrv: one database, but remote, which cannot
// run the spy the facets of a local database are counted with.
TEST_F(RemoteShards, OneRemoteDatabaseCountsTheSameFacets) {
  ASSERT_EQ(run("hemicycle-index", {"--db", path("single"), "-q", kFixture}), 0);
  const TcpServer server(tcpsrv_, path("single"), dir_ / "tcpsrv.log");
  ASSERT_TRUE(server.ready()) << read_file(dir_ / "tcpsrv.log");
  fs::create_directories(path("remote"));
  std::ofstream(path("remote") + "/XAPIANDB") << "remote 127.0.0.1:" << server.port() << "\n";

  for (const std::string query : {"loup", "rubrique:animaux", "maternité OR médicaux", "date:2020.."}) {
    const nlohmann::json local = search({path("single")}, query);
    const nlohmann::json remote = search({path("remote")}, query);
    ASSERT_TRUE(local.is_object() && remote.is_object()) << query;
    EXPECT_FALSE(local.at("facets").at("type").empty()) << query;
    EXPECT_EQ(remote.at("facets"), local.at("facets")) << query;
    EXPECT_EQ(ids(remote), ids(local)) << query;
  }
}

}  // namespace
