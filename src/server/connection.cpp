#include "server/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace hemicycle::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

thread_local ConnectionState* t_connection = nullptr;

// How often a connection waiting for its next request looks whether the server stops.
constexpr milliseconds kStopCheckInterval{50};

// Chunk framing ("1000\r\n" … "\r\n") on top of the body limit: a client sending
// one-byte chunks spends six bytes per byte, one sending 4 KB chunks less than 1 %.
std::size_t sent_body_limit(std::size_t max_body_bytes) { return 2 * max_body_bytes + 64 * 1024; }

int poll_one(int fd, short events, milliseconds timeout) {
  pollfd entry{fd, events, 0};
  while (true) {
    const int ready = ::poll(&entry, 1, static_cast<int>(std::max<milliseconds::rep>(0, timeout.count())));
    if (ready >= 0 || errno != EINTR) return ready;
  }
}

std::string address_text(const sockaddr_storage& address, int& port) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text.data(), text.size());
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text.data(), text.size());
    port = ntohs(v6.sin6_port);
  }
  return text.data();
}

// One thread per connection, started when none is free and kept for the next one,
// up to `max_threads` (beyond, connections wait for a thread in arrival order).
class ConnectionThreads final : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(std::size_t max_threads) : max_threads_(max_threads) {}
  ~ConnectionThreads() override { shutdown(); }
  ConnectionThreads(const ConnectionThreads&) = delete;
  ConnectionThreads& operator=(const ConnectionThreads&) = delete;

  void enqueue(std::function<void()> task) override {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    // Idle threads each take one task when they wake: start one for every task beyond them.
    if (tasks_.size() > idle_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { work(); });
    } else {
      ready_.notify_one();
    }
  }

  void shutdown() override {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    while (true) {
      ++idle_;
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      --idle_;
      if (tasks_.empty()) return;  // stopping, and nothing left to close
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  const std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

// The socket as cpp-httplib reads and writes it, with the limits of one request at a
// time: bytes of the head (request line and headers), number of headers, bytes of the
// body as sent, and the request's deadline.
class BoundedStream final : public httplib::Stream {
 public:
  BoundedStream(int fd, const ConnectionLimits& limits) : fd_(fd), limits_(limits) {}

  // Waits for the next request (or the server stopping): true when bytes are there.
  bool wait_for_request(const std::atomic<socket_t>& listening) {
    if (buffer_pos_ < buffer_len_) return true;  // pipelined
    const Clock::time_point give_up = Clock::now() + limits_.idle_timeout;
    while (listening != INVALID_SOCKET) {
      const auto left = std::chrono::duration_cast<milliseconds>(give_up - Clock::now());
      if (left.count() <= 0) return false;
      const int ready = poll_one(fd_, POLLIN, std::min(left, kStopCheckInterval));
      if (ready != 0) return ready > 0;
    }
    return false;
  }

  void begin_request(ConnectionState& state) {
    state_ = &state;
    state.started = Clock::now();
    deadline_ = state.started + limits_.request_timeout;
    head_bytes_ = 0;
    head_lines_ = 0;
    line_bytes_ = 0;
    head_done_ = false;
    body_bytes_ = 0;
  }

  bool is_readable() const override {
    return buffer_pos_ < buffer_len_ || poll_one(fd_, POLLIN, limits_.io_timeout) > 0;
  }
  bool is_writable() const override { return poll_one(fd_, POLLOUT, limits_.io_timeout) > 0; }

  ssize_t read(char* ptr, size_t size) override {
    if (state_->refusal != ConnectionState::Refusal::None) return -1;
    if (buffer_pos_ == buffer_len_) {
      const ssize_t received = fill();
      if (received <= 0) return received;
    }
    const std::size_t count = std::min(size, buffer_len_ - buffer_pos_);
    for (std::size_t i = 0; i < count; ++i) {
      if (!account(buffer_[buffer_pos_ + i])) return -1;
    }
    std::copy_n(buffer_.data() + buffer_pos_, count, ptr);
    buffer_pos_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(const char* ptr, size_t size) override {
    while (true) {
      if (poll_one(fd_, POLLOUT, limits_.io_timeout) <= 0) return -1;
      const ssize_t sent = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (sent < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (sent > 0 && state_ != nullptr) state_->bytes_written += static_cast<std::uint64_t>(sent);
      return sent;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) ip = address_text(address, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) ip = address_text(address, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  ssize_t fill() {
    buffer_pos_ = 0;
    buffer_len_ = 0;
    while (true) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now());
      const int ready = left.count() <= 0 ? 0 : poll_one(fd_, POLLIN, std::min(left, limits_.io_timeout));
      if (ready == 0) {
        state_->refusal = ConnectionState::Refusal::Timeout;
        return -1;
      }
      if (ready < 0) return -1;
      const ssize_t received = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      if (received < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (received > 0) buffer_len_ = static_cast<std::size_t>(received);
      return received;
    }
  }

  // Counts one byte handed to cpp-httplib; false (and the refusal set) past a limit.
  bool account(char byte) {
    if (head_done_) {
      if (++body_bytes_ <= sent_body_limit(limits_.max_body_bytes)) return true;
      state_->refusal = ConnectionState::Refusal::BodyTooLarge;
      return false;
    }
    ++line_bytes_;
    if (++head_bytes_ > limits_.max_header_bytes) {
      state_->refusal =
          head_lines_ == 0 ? ConnectionState::Refusal::RequestLineTooLong : ConnectionState::Refusal::HeadersTooLarge;
      return false;
    }
    if (byte != '\n') return true;
    // cpp-httplib ends the head at an empty CRLF line after the request line.
    if (line_bytes_ == 2 && head_lines_ > 0) head_done_ = true;
    line_bytes_ = 0;
    if (++head_lines_ > limits_.max_header_count + 1 && !head_done_) {
      state_->refusal = ConnectionState::Refusal::TooManyHeaders;
      return false;
    }
    return true;
  }

  const int fd_;
  const ConnectionLimits& limits_;
  ConnectionState* state_ = nullptr;
  std::array<char, 4096> buffer_{};
  std::size_t buffer_pos_ = 0;
  std::size_t buffer_len_ = 0;
  Clock::time_point deadline_;
  std::size_t head_bytes_ = 0;
  std::size_t head_lines_ = 0;
  std::size_t line_bytes_ = 0;
  bool head_done_ = false;
  std::size_t body_bytes_ = 0;
};

const char* status_text(int status) {
  switch (status) {
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Bad Request";
  }
}

// After a refusal the client may still be sending: reading a little of it before
// closing lets the answer reach it instead of a reset.
void linger(int fd) {
  ::shutdown(fd, SHUT_WR);
  const Clock::time_point give_up = Clock::now() + milliseconds(500);
  std::array<char, 16384> discard{};
  std::size_t drained = 0;
  while (drained < (std::size_t{4} << 20)) {
    const auto left = std::chrono::duration_cast<milliseconds>(give_up - Clock::now());
    if (left.count() <= 0 || poll_one(fd, POLLIN, left) <= 0) return;
    const ssize_t received = ::recv(fd, discard.data(), discard.size(), 0);
    if (received <= 0) return;
    drained += static_cast<std::size_t>(received);
  }
}

}  // namespace

ConnectionState* current_connection() noexcept { return t_connection; }

BoundedServer::BoundedServer(ConnectionLimits limits, RefusalBody refusal_body)
    : limits_(limits), refusal_body_(std::move(refusal_body)) {
  // Threads beyond the cap only answer 503 and close.
  const std::size_t threads = limits_.max_connections + 16;
  new_task_queue = [threads] { return new ConnectionThreads(threads); };
  // cpp-httplib's default adds SO_REUSEPORT, with which a second server on the same
  // port starts and the kernel shares the connections between the two.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  const auto seconds = [](milliseconds duration) {
    return static_cast<time_t>(std::max<milliseconds::rep>(1, (duration.count() + 999) / 1000));
  };
  // What the Keep-Alive response header announces; this class enforces it.
  set_keep_alive_timeout(seconds(limits_.idle_timeout));
  set_keep_alive_max_count(limits_.max_requests_per_connection);
  set_payload_max_length(limits_.max_body_bytes);
}

void BoundedServer::deepen_backlog() {
  const socket_t sock = svr_sock_;
  if (sock != INVALID_SOCKET) ::listen(sock, static_cast<int>(std::min<std::size_t>(limits_.max_connections, 4096)));
}

std::string BoundedServer::describe(ConnectionState::Refusal refusal) const {
  switch (refusal) {
    case ConnectionState::Refusal::RequestLineTooLong:
      return "request line too long: at most " + std::to_string(limits_.max_header_bytes) + " bytes";
    case ConnectionState::Refusal::HeadersTooLarge:
      return "request headers too large: at most " + std::to_string(limits_.max_header_bytes) + " bytes";
    case ConnectionState::Refusal::TooManyHeaders:
      return "too many request headers: at most " + std::to_string(limits_.max_header_count);
    case ConnectionState::Refusal::Timeout:
      return "request timeout: the request did not arrive whole within " +
             std::to_string(limits_.request_timeout.count()) + " ms";
    case ConnectionState::Refusal::BodyTooLarge:
      return "request body too large: at most " + std::to_string(limits_.max_body_bytes) + " bytes";
    case ConnectionState::Refusal::None:
      break;
  }
  return "bad request";
}

int BoundedServer::status_of(ConnectionState::Refusal refusal) {
  switch (refusal) {
    case ConnectionState::Refusal::RequestLineTooLong:
      return 414;
    case ConnectionState::Refusal::HeadersTooLarge:
    case ConnectionState::Refusal::TooManyHeaders:
      return 431;
    case ConnectionState::Refusal::Timeout:
      return 408;
    case ConnectionState::Refusal::BodyTooLarge:
      return 413;
    case ConnectionState::Refusal::None:
      break;
  }
  return 400;
}

bool BoundedServer::process_and_close_socket(socket_t sock) {
  if (open_connections_.fetch_add(1) >= limits_.max_connections) {
    refuse_raw(sock, 503, "too many connections: at most " + std::to_string(limits_.max_connections));
    linger(sock);
  } else {
    serve(sock);
  }
  open_connections_.fetch_sub(1);
  ::close(sock);
  return true;
}

void BoundedServer::serve(socket_t sock) {
  BoundedStream stream(sock, limits_);
  for (std::size_t served = 0; served < limits_.max_requests_per_connection; ++served) {
    if (!stream.wait_for_request(svr_sock_)) return;
    ConnectionState state;
    stream.begin_request(state);
    t_connection = &state;
    const bool last = served + 1 == limits_.max_requests_per_connection;
    bool client_closes = false;
    const bool answered = process_request(stream, last, client_closes, [&state](httplib::Request& request) {
      const std::string length = request.get_header_value("Content-Length");
      state.has_body = request.has_header("Transfer-Encoding") || (!length.empty() && length != "0");
    });
    t_connection = nullptr;
    const bool refused = state.refusal != ConnectionState::Refusal::None;
    if (refused && state.bytes_written == 0) {
      // Cut short before cpp-httplib could answer (in the request line, or a timeout).
      refuse_raw(sock, status_of(state.refusal), describe(state.refusal));
      if (refusal_logger_) {
        std::string client;
        int port = 0;
        stream.get_remote_ip_and_port(client, port);
        refusal_logger_(client, status_of(state.refusal), Clock::now() - state.started);
      }
    }
    if (!answered || client_closes || state.close_after || refused || (state.has_body && !state.body_consumed)) {
      if (refused || state.has_body) linger(sock);
      return;
    }
  }
}

void BoundedServer::refuse_raw(socket_t sock, int status, const std::string& message) const {
  const std::string body = refusal_body_(status, message);
  const std::string response =
      "HTTP/1.1 " + std::to_string(status) + " " + status_text(status) +
      "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  if (poll_one(sock, POLLOUT, limits_.io_timeout) > 0) ::send(sock, response.data(), response.size(), MSG_NOSIGNAL);
}

}  // namespace hemicycle::server
