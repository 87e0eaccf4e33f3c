#pragma once
// GET /api/search?format=csv|jsonl: the hits of a search as a file to download,
// streamed one page of hits at a time (search::ResultExport), so that 10,000
// rows never sit in the server's memory.

#include <httplib.h>

#include "analysis/analyzer.h"
#include "search/export.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "server/reader_pool.h"

namespace hemicycle::server {

// Runs the first page at once, so that a malformed query throws here (and is
// answered with a JSON error); the rest is written as the client reads, on a
// database borrowed for the whole download. An index re-indexed meanwhile is
// reopened and the page asked again; a failure past the first page is logged
// and ends the download early (the status has been sent).
void send_export(httplib::Response& response, ReaderPool& readers, const analysis::FrenchAnalyzer& analyzer,
                 const search::QueryOptions& options, const search::SearchRequest& request,
                 search::ExportFormat format);

}  // namespace hemicycle::server
