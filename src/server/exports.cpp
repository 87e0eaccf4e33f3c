#include "server/exports.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "errors.h"

namespace hemicycle::server {
namespace {

// What a download holds on to until its last byte: the database, the searcher
// reading it, where the export stands, and the piece not yet written.
struct Download {
  Download(ReaderPool::Lease borrowed, const analysis::FrenchAnalyzer& analyzer, const search::QueryOptions& options,
           const search::SearchRequest& request, search::ExportFormat format)
      : lease(std::move(borrowed)), searcher(analyzer, lease.database(), options), file(searcher, request, format) {}

  // The next piece, asked once more on a reopened database when the index changed.
  bool next() {
    try {
      return file.next(pending);
    } catch (const IndexError&) {
      if (!lease.reopen()) throw;
    } catch (const Xapian::DatabaseModifiedError&) {
      lease.reopen();
    }
    return file.next(pending);
  }

  ReaderPool::Lease lease;
  search::Searcher searcher;
  search::ResultExport file;
  std::string pending;
  bool more = true;
};

}  // namespace

void send_export(httplib::Response& response, ReaderPool& readers, const analysis::FrenchAnalyzer& analyzer,
                 const search::QueryOptions& options, const search::SearchRequest& request,
                 search::ExportFormat format) {
  auto download = std::make_shared<Download>(readers.borrow(), analyzer, options, request, format);
  download->more = download->next();

  const std::string extension(search::file_extension(format));
  response.status = 200;
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Content-Disposition", "attachment; filename=\"hemicycle-recherche." + extension + "\"");
  response.set_chunked_content_provider(std::string(search::media_type(format)), [download](std::size_t /*offset*/,
                                                                                            httplib::DataSink& sink) {
    try {
      if (!download->pending.empty() && !sink.write(download->pending.data(), download->pending.size())) {
        return false;
      }
      download->pending.clear();
      if (download->more) download->more = download->next();
      if (!download->more && download->pending.empty()) sink.done();
      return true;
    } catch (const std::exception& e) {
      std::cerr << "hemicycle-serve: export cut short after " << download->file.rows() << " rows: " << e.what() << "\n";
      return false;
    }
  });
}

}  // namespace hemicycle::server
