#pragma once
// The connections of hemicycle-serve. cpp-httplib parses requests and routes them;
// this layer owns the sockets, so that no client can take more than its share:
//   - each connection has a thread of its own, up to ConnectionLimits::max_connections
//     (more are answered 503 and closed), so an idle or slow client holds only its own
//     thread, never one that another client needs (the search work has its own, smaller,
//     limit: HttpServer's workers);
//   - the request line and headers are bounded in count and bytes (431), the body as
//     sent (413; the decoded body is bounded by the route that reads it), and a request
//     must arrive whole within a deadline, however slowly it trickles in (408);
//   - the listening socket is not shared (no SO_REUSEPORT) and has a deep backlog.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <httplib.h>

namespace hemicycle::server {

struct ConnectionLimits {
  std::size_t max_connections = 512;                 // open at once; below the 1024 descriptors select() takes
  std::size_t max_header_count = 100;                // as Apache's LimitRequestFields
  std::size_t max_header_bytes = 32 * 1024;          // the request line and all headers
  std::size_t max_body_bytes = 1024 * 1024;          // as sent; chunk framing gets the allowance below on top
  std::chrono::milliseconds request_timeout{10000};  // first byte of a request to the end of its body
  std::chrono::milliseconds idle_timeout{5000};      // a kept-alive connection waiting for its next request
  std::chrono::milliseconds io_timeout{5000};        // one read or write that makes no progress
  std::size_t max_requests_per_connection = 1000;
};

// What the layer knows of the request served on the calling thread, for the routes
// and the error handler (the routes run on the connection's thread).
struct ConnectionState {
  enum class Refusal { None, RequestLineTooLong, HeadersTooLarge, TooManyHeaders, Timeout, BodyTooLarge };
  Refusal refusal = Refusal::None;
  bool has_body = false;       // Content-Length above 0 or a Transfer-Encoding
  bool body_consumed = false;  // a route read the body to its end: the connection can serve the next request
  bool close_after = false;    // the connection is closed once this response is written
  std::chrono::steady_clock::time_point started;
  std::uint64_t bytes_written = 0;
};

// The state of the request on this thread; nullptr outside a connection.
[[nodiscard]] ConnectionState* current_connection() noexcept;

class BoundedServer final : public httplib::Server {
 public:
  // (status, message) -> the body of a refusal written before any route is reached.
  using RefusalBody = std::function<std::string(int status, const std::string& message)>;

  // (client address, status, time since the request's first byte) of a request refused
  // before cpp-httplib could read its head, which no route or logger of its sees.
  using RefusalLogger =
      std::function<void(const std::string& client, int status, std::chrono::steady_clock::duration elapsed)>;

  BoundedServer(ConnectionLimits limits, RefusalBody refusal_body);

  void set_refusal_logger(RefusalLogger logger) { refusal_logger_ = std::move(logger); }

  // After bind_to_port: the backlog cpp-httplib gives (5) drops connections under load.
  void deepen_backlog();

  [[nodiscard]] const ConnectionLimits& limits() const noexcept { return limits_; }

  // The message of a refusal, naming the limit that was reached.
  [[nodiscard]] std::string describe(ConnectionState::Refusal refusal) const;
  // The status of a refusal: 414, 431, 408 or 413.
  [[nodiscard]] static int status_of(ConnectionState::Refusal refusal);

 private:
  bool process_and_close_socket(socket_t sock) override;
  void serve(socket_t sock);
  void refuse_raw(socket_t sock, int status, const std::string& message) const;

  ConnectionLimits limits_;
  RefusalBody refusal_body_;
  RefusalLogger refusal_logger_;
  std::atomic<std::size_t> open_connections_{0};
};

}  // namespace hemicycle::server
