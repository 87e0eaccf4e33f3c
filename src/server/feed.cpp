#include "server/feed.h"

#include <algorithm>
#include <ctime>

#include "document/dates.h"
#include "search/export.h"

namespace hemicycle::server {
namespace {

using Json = nlohmann::ordered_json;

std::string text_of(const Json& record, const char* key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// "2024-05-14" -> "2024-05-14T00:00:00Z"; "" when the date is not one.
std::string atom_date(const std::string& iso) {
  return document::is_iso_date(iso) ? iso + "T00:00:00Z" : std::string();
}

std::string now_atom_date() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void element(std::string& xml, std::string_view indent, std::string_view name, std::string_view text) {
  xml.append(indent).append("<").append(name).append(">").append(xml_escape(text));
  xml.append("</").append(name).append(">\n");
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string url_encode(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~';
    if (plain) {
      encoded += c;
    } else {
      encoded.append("%").append(1, kHex[byte >> 4]).append(1, kHex[byte & 0xF]);
    }
  }
  return encoded;
}

std::string atom_feed(const search::SearchResult& result, const FeedAddresses& addresses) {
  struct Entry {
    const search::Hit* hit;
    std::string published, updated;
  };
  std::vector<Entry> entries;
  std::string feed_updated;
  for (const search::Hit& hit : result.hits) {
    std::string published = atom_date(text_of(hit.record, "date_publication"));
    const std::string answered = atom_date(text_of(hit.record, "date_reponse"));
    const std::string revised = atom_date(text_of(hit.record, "date_mise_a_jour"));
    if (published.empty()) published = answered.empty() ? revised : answered;
    const std::string updated = std::max({published, answered, revised});
    if (updated.empty()) continue;  // Atom requires a date; an undated document cannot be followed
    feed_updated = std::max(feed_updated, updated);
    entries.push_back({&hit, published, updated});
  }
  if (feed_updated.empty()) feed_updated = now_atom_date();

  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n";
  element(xml, "  ", "id", addresses.self);
  element(xml, "  ", "title", "Hémicycle : " + result.query);
  element(xml, "  ", "subtitle", "Les documents les plus récents pour la recherche « " + result.query + " »");
  xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_escape(addresses.self) + "\"/>\n";
  xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(addresses.page) + "\"/>\n";
  element(xml, "  ", "updated", feed_updated);
  xml += "  <author><name>Hémicycle</name></author>\n";
  xml += "  <generator>Hémicycle</generator>\n";
  for (const Entry& entry : entries) {
    const Json& record = entry.hit->record;
    const std::string document_page = addresses.site + "/#/document/" + url_encode(entry.hit->id);
    const std::string official = text_of(record, "url");
    xml += "  <entry>\n";
    // The official page identifies a document for good; other documents by their id here.
    element(xml, "    ", "id", !official.empty() ? official : "tag:hemicycle,2026:document:" + entry.hit->id);
    element(xml, "    ", "title", search::display_title(record));
    element(xml, "    ", "published", entry.published);
    element(xml, "    ", "updated", entry.updated);
    xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" +
           xml_escape(!official.empty() ? official : document_page) + "\"/>\n";
    if (!official.empty()) {
      xml += "    <link rel=\"related\" type=\"text/html\" href=\"" + xml_escape(document_page) + "\"/>\n";
    }
    if (const std::string author = text_of(record, "auteur"); !author.empty()) {
      xml += "    <author><name>" + xml_escape(author) + "</name></author>\n";
    }
    if (const std::string rubrique = text_of(record, "rubrique"); !rubrique.empty()) {
      xml += "    <category term=\"" + xml_escape(rubrique) + "\"/>\n";
    }
    // The extract is HTML (escaped text with <mark>s): sent as escaped HTML.
    if (!entry.hit->extrait.empty()) {
      xml += "    <summary type=\"html\">" + xml_escape(entry.hit->extrait) + "</summary>\n";
    }
    xml += "  </entry>\n";
  }
  xml += "</feed>\n";
  return xml;
}

}  // namespace hemicycle::server
