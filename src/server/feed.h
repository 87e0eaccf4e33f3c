#pragma once
// GET /api/feed?q=...: a search followed as an Atom feed (RFC 4287), newest
// first, that any feed reader or intranet portal can poll. Each entry has the
// document's title, its date (updated: the later of publication and answer, so
// that an answer published since shows the entry again), its official page (or
// the document's page on this server when it has none), its author, its
// rubrique and the search's extract.

#include <string>

#include "search/searcher.h"

namespace hemicycle::server {

struct FeedAddresses {
  std::string site;  // "http://host:port": the server as the client called it
  std::string self;  // the feed's own URL, absolute
  std::string page;  // the search on the page, absolute
};

[[nodiscard]] std::string atom_feed(const search::SearchResult& result, const FeedAddresses& addresses);

// Text made safe for XML: & < > " escaped, characters XML forbids (controls) left out.
[[nodiscard]] std::string xml_escape(std::string_view text);

// ?q=a b&c -> "a%20b%26c": a query-string value.
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace hemicycle::server
