#include "index/bulk_indexer.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <thread>

namespace hemicycle::index {
namespace {

struct RecordChunk {
  std::uint64_t sequence = 0;
  std::vector<document::Record> records;
  std::string file;
};

struct BuiltChunk {
  std::vector<BuiltDocument> documents;
  std::string file;
};

// A bounded multi-producer multi-consumer queue that can be closed.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

  void push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return items_.size() < capacity_ || closed_; });
    if (closed_) return;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [this] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

// Built chunks, handed to the writer in sequence order.
class ReorderBuffer {
 public:
  void put(std::uint64_t sequence, BuiltChunk chunk) {
    std::lock_guard lock(mutex_);
    ready_.emplace(sequence, std::move(chunk));
    changed_.notify_all();
  }
  // The chunk of sequence `next`; nullopt once every producer is done and it never came.
  std::optional<BuiltChunk> take(std::uint64_t next) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return ready_.count(next) > 0 || finished_; });
    auto it = ready_.find(next);
    if (it == ready_.end()) return std::nullopt;
    BuiltChunk chunk = std::move(it->second);
    ready_.erase(it);
    return chunk;
  }
  void finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, BuiltChunk> ready_;
  bool finished_ = false;
};

}  // namespace

BulkIndexer::BulkIndexer(DocumentWriter& writer, document::LoaderOptions loader_options, BulkOptions options,
                         ErrorSink on_error, ProgressSink on_progress)
    : writer_(writer),
      loader_options_(std::move(loader_options)),
      options_(options),
      on_error_(std::move(on_error)),
      on_progress_(std::move(on_progress)) {
  if (options_.threads == 0) options_.threads = std::max(1U, std::thread::hardware_concurrency());
  if (options_.chunk_size == 0) options_.chunk_size = 1;
}

BulkStats BulkIndexer::run(const std::vector<std::string>& files) {
  const auto start = std::chrono::steady_clock::now();
  auto stopped = [this] { return options_.stop != nullptr && options_.stop->load(); };

  const std::size_t in_flight_limit = options_.threads * 2;
  BoundedQueue<RecordChunk> parsed(in_flight_limit);
  ReorderBuffer built;
  // Chunks read but not yet written: bounds memory when the writer is the slowest stage.
  std::counting_semaphore<> in_flight(static_cast<std::ptrdiff_t>(in_flight_limit));
  std::atomic<bool> abort{false};  // the writer failed: producers stop
  BulkStats stats;                 // documents, by the writer
  BulkStats read_stats;            // files, rejected, bytes, by the reader (merged at the end)
  std::uint64_t sequences = 0;

  std::thread reader([&] {
    RecordChunk chunk;
    auto flush = [&] {
      if (chunk.records.empty()) return;
      chunk.sequence = sequences++;
      std::string file = chunk.file;
      in_flight.acquire();
      parsed.push(std::move(chunk));
      chunk = RecordChunk{};
      chunk.file = std::move(file);
    };
    document::Loader loader(
        loader_options_,
        [&](document::Record&& record) {
          if (stopped() || abort) return;
          auto take = [&](document::Record&& taken) {
            chunk.records.push_back(std::move(taken));
            if (chunk.records.size() >= options_.chunk_size) flush();
          };
          if (options_.expand) {
            options_.expand(std::move(record), take);
          } else {
            take(std::move(record));
          }
        },
        on_error_);
    for (const std::string& file : files) {
      if (stopped() || abort) break;
      chunk.file = file;
      const document::LoadStats loaded = loader.load(file);
      read_stats.rejected += loaded.rejected;
      read_stats.bytes += loaded.bytes;
      ++read_stats.files;
      flush();
    }
    parsed.close();
  });

  std::vector<std::thread> builders;
  std::atomic<unsigned> builders_left{options_.threads};
  for (unsigned i = 0; i < options_.threads; ++i) {
    builders.emplace_back([&] {
      while (auto chunk = parsed.pop()) {
        BuiltChunk out;
        out.file = std::move(chunk->file);
        if (!abort) {
          out.documents.reserve(chunk->records.size());
          for (const auto& record : chunk->records) {
            out.documents.push_back(
                writer_.builder().build(record, writer_.options().spelling, writer_.options().pairs));
          }
        }
        built.put(chunk->sequence, std::move(out));
      }
      if (--builders_left == 0) built.finish();
    });
  }

  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto fail = [&] {
    {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
    abort = true;
    parsed.close();
  };

  // A writer of several parts gets one thread per part, each fed in input order.
  const std::size_t part_count = writer_.part_count();
  std::vector<std::unique_ptr<BoundedQueue<BuiltDocument>>> part_queues;
  std::vector<std::thread> part_writers;
  std::atomic<std::uint64_t> written{0};
  if (part_count > 1) {
    for (std::size_t i = 0; i < part_count; ++i) {
      part_queues.push_back(std::make_unique<BoundedQueue<BuiltDocument>>(options_.chunk_size));
    }
    for (std::size_t i = 0; i < part_count; ++i) {
      part_writers.emplace_back([&, i] {
        DocumentWriter& part = writer_.part(i);
        while (auto document = part_queues[i]->pop()) {
          if (abort) continue;
          try {
            part.add(std::move(*document));
            ++written;
          } catch (...) {
            fail();
            for (auto& queue : part_queues) queue->close();
          }
        }
      });
    }
  }

  std::uint64_t next = 0;
  while (auto chunk = built.take(next)) {
    ++next;
    in_flight.release();
    if (abort) continue;
    if (part_count > 1) {
      for (auto& document : chunk->documents) {
        const std::size_t part = writer_.part_of(document);
        part_queues[part]->push(std::move(document));
      }
      stats.documents = written;
    } else {
      try {
        for (auto& document : chunk->documents) {
          writer_.add(std::move(document));
          ++stats.documents;
        }
      } catch (...) {
        fail();
        continue;
      }
    }
    if (on_progress_) on_progress_(stats, chunk->file);
  }
  for (auto& queue : part_queues) queue->close();
  for (auto& thread : part_writers) thread.join();
  if (part_count > 1) stats.documents = written;
  reader.join();
  for (auto& builder : builders) builder.join();
  if (failure) std::rethrow_exception(failure);

  writer_.finish();
  stats.files = read_stats.files;
  stats.rejected = read_stats.rejected;
  stats.bytes = read_stats.bytes;
  stats.interrupted = stopped();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace hemicycle::index
