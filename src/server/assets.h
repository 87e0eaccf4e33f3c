#pragma once
// The web page's files (query/assets/) and the OpenAPI description, embedded
// into the binary at build time by embed_assets.cmake: the server answers from
// this table alone and never opens a file from disk for a URL.

#include <span>
#include <string_view>

namespace hemicycle::server {

struct Asset {
  std::string_view path;          // the URL path, e.g. "/app.js"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view body;
};

[[nodiscard]] std::span<const Asset> embedded_assets();

// The asset whose URL path is exactly `path`, or nullptr.
[[nodiscard]] const Asset* find_asset(std::string_view path);

}  // namespace hemicycle::server
