#include "document/official_url.h"

#include <optional>
#include <string_view>

namespace hemicycle::document {
namespace {

std::string text_of(const nlohmann::ordered_json& record, const char* key) {
  const auto found = record.find(key);
  return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::optional<int> legislature_of(const nlohmann::ordered_json& record) {
  const auto found = record.find("legislature");
  if (found == record.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<int>();
}

bool is_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string question_url(const std::string& id, const std::string& type, int legislature, const std::string& numero) {
  // Only the Assemblée's own uids: another chamber's questions have pages elsewhere.
  const std::string uid = "QANR5L" + std::to_string(legislature) + type + numero;
  if (id != uid || !is_digits(numero)) return {};
  if (legislature >= 15) {
    return "https://www.assemblee-nationale.fr/dyn/" + std::to_string(legislature) + "/questions/" + uid;
  }
  const std::string l = std::to_string(legislature);
  return "https://questions.assemblee-nationale.fr/q" + l + "/" + l + "-" + numero + type + ".htm";
}

// AMANR5L17PO59051B1105P0D1N000001, CION_LOIS, CL1 -> .../dyn/17/amendements/1105/CION_LOIS/CL1.
// A long number "I-CF12" is an amendment to the first part of a budget bill,
// whose page is under the bill's number followed by A. A rectified amendment
// ("I-723 (Rect)") is at its number's page.
// The bill's number in an amendment uid (AMANR5L<n>PO<n>B[A-Z]*<bill>P<n>D<n>N<n>),
// as the uid writes it (0257, 1105); empty for another form. Read by hand: a
// std::regex costs its compilation (2M instructions) to every process showing an amendment.
std::string bill_of(std::string_view id) {
  std::size_t at = 0;
  const auto literal = [&](std::string_view text) {
    if (id.substr(at, text.size()) != text) return false;
    at += text.size();
    return true;
  };
  const auto digits = [&] {
    const std::size_t from = at;
    while (at < id.size() && id[at] >= '0' && id[at] <= '9') ++at;
    return id.substr(from, at - from);
  };
  if (!literal("AMANR5L") || digits().empty() || !literal("PO") || digits().empty() || !literal("B")) return {};
  while (at < id.size() && id[at] >= 'A' && id[at] <= 'Z') ++at;
  const std::string_view bill = digits();
  if (bill.empty() || !literal("P") || digits().empty() || !literal("D") || digits().empty() || !literal("N") ||
      digits().empty() || at != id.size())
    return {};
  return std::string(bill);
}

// An amendment read from exported text has no uid: its bill is the number the
// text gives ("(N° 324)"), written on four digits as the uids write it (0324).
std::string bill_of_number(const std::string& texte_numero) {
  if (texte_numero.empty() || texte_numero.size() > 4 ||
      texte_numero.find_first_not_of("0123456789") != std::string::npos)
    return {};
  return std::string(4 - texte_numero.size(), '0') + texte_numero;
}

std::string amendment_url(const std::string& id, int legislature, std::string numero, const std::string& organe,
                          const std::string& texte_numero) {
  std::string bill = bill_of(id);
  if (bill.empty()) bill = bill_of_number(texte_numero);
  if (organe.empty() || numero.empty() || bill.empty()) return {};
  // "I-723 (Rect)", "CL12 (2ème Rect)": a rectified amendment keeps the page of its number.
  numero.erase(std::min(numero.find(' '), numero.size()));
  if (numero.starts_with("I-")) {
    numero.erase(0, 2);
    bill += "A";
  }
  for (const char c : numero + organe) {
    const bool plain =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
    if (!plain) return {};
  }
  return "https://www.assemblee-nationale.fr/dyn/" + std::to_string(legislature) + "/amendements/" + bill + "/" +
         organe + "/" + numero;
}

}  // namespace

std::string official_url(const nlohmann::ordered_json& record) {
  if (!record.is_object()) return {};
  const std::optional<int> legislature = legislature_of(record);
  if (!legislature || *legislature <= 0) return {};
  const std::string id = text_of(record, "id");
  const std::string type = text_of(record, "type");
  if (type == "QE" || type == "QG" || type == "QOSD") {
    return question_url(id, type, *legislature, text_of(record, "numero"));
  }
  if (type == "AMENDEMENT") {
    return amendment_url(id, *legislature, text_of(record, "numero"), text_of(record, "organe_examen"),
                         text_of(record, "texte_numero"));
  }
  return {};
}

void add_official_url(nlohmann::ordered_json& record) {
  if (std::string url = official_url(record); !url.empty()) record["url"] = std::move(url);
}

}  // namespace hemicycle::document
