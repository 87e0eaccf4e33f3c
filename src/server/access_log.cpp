#include "server/access_log.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include "errors.h"

namespace hemicycle::server {
namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof(text) - length, ".%03dZ", static_cast<int>(millis));
  return text;
}

// A path as sent may hold spaces or control bytes: they would cut or forge lines.
std::string printable(std::string_view text) {
  std::string shown;
  shown.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "%%%02X", byte);
      shown += escaped;
    } else {
      shown += c;
    }
  }
  return shown.empty() ? "-" : shown;
}

}  // namespace

AccessLog::AccessLog(const std::string& path) : file_(std::fopen(path.c_str(), "a")) {
  if (file_ == nullptr) throw ConfigError("--access-log " + path + ": cannot open: " + std::strerror(errno));
}

AccessLog::~AccessLog() { std::fclose(file_); }

void AccessLog::record(std::string_view client, std::string_view method, std::string_view path, int status,
                       std::uint64_t bytes, std::chrono::steady_clock::duration elapsed) {
  const double milliseconds = std::chrono::duration<double, std::milli>(elapsed).count();
  const std::string line = utc_now() + " " + printable(client) + " " + printable(method) + " " + printable(path) + " " +
                           std::to_string(status) + " " + std::to_string(bytes) + " ";
  const std::lock_guard lock(mutex_);
  std::fprintf(file_, "%s%.1f\n", line.c_str(), milliseconds);
  std::fflush(file_);
}

}  // namespace hemicycle::server
