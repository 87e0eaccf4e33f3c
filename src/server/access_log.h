#pragma once
// The access log of hemicycle-serve: one line per answered request,
//   2026-12-02T18:40:03.512Z 127.0.0.1 GET /api/search 200 5120 3.4
// (UTC time, client address, method, path without the query string, status, bytes of
// the response body, milliseconds from the first byte of the request to the response).
// The query string is left out: it holds what people search for. A request refused
// before its head was read (a timeout, a request line too long) has "-" for its method
// and path.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace hemicycle::server {

class AccessLog {
 public:
  // Opens `path` for appending. Throws ConfigError naming it when it cannot.
  explicit AccessLog(const std::string& path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void record(std::string_view client, std::string_view method, std::string_view path, int status, std::uint64_t bytes,
              std::chrono::steady_clock::duration elapsed);

 private:
  std::FILE* file_;
  std::mutex mutex_;
};

}  // namespace hemicycle::server
