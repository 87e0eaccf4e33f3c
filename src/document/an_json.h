#pragma once
// The Assemblée nationale's official open-data JSON (questions QE/QG/QOSD,
// amendments, acteurs and organes) and flat third-party exports read through a
// field mapping (JSON Lines or CSV).

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "document/record.h"

namespace hemicycle::document {

enum class JsonKind {
  AnQuestion,   // {"question": {...}} official QE, QG, QOSD (both the L15 and L16+ layouts)
  AnAmendment,  // {"amendement": {...}}
  Acteur,       // {"acteur": {...}} reference table row
  Organe,       // {"organe": {...}} reference table row
  Flat,         // any other object: read through a FieldMapping
};

[[nodiscard]] JsonKind detect_json_kind(const nlohmann::json& object);

// Names of acteurs (PA...) and organes (PO...), from the AMO tables.
class ActorDirectory {
 public:
  void add_acteur(const nlohmann::json& object);  // one {"acteur": ...} row
  void add_organe(const nlohmann::json& object);  // one {"organe": ...} row
  // "Mme Lisa Belluco" for PA..., the organe's libellé for PO...; empty when unknown.
  [[nodiscard]] std::string acteur_name(std::string_view ref) const;
  [[nodiscard]] std::string organe_name(std::string_view ref) const;
  // The organe's official abbreviation ("RN" for a group); empty when unknown.
  [[nodiscard]] std::string organe_abbreviation(std::string_view ref) const;
  // The circonscription and département of the acteur's Assemblée mandate in
  // force on `iso_date` (or the latest one when the date is empty).
  struct Constituency {
    std::string departement;      // "Vienne"
    std::string circonscription;  // "Vienne (1re circonscription)"
  };
  [[nodiscard]] Constituency constituency(std::string_view ref, std::string_view iso_date) const;
  [[nodiscard]] std::size_t acteur_count() const noexcept { return acteurs_.size(); }
  [[nodiscard]] std::size_t organe_count() const noexcept { return organes_.size(); }

 private:
  struct Mandate {
    std::string start, end, departement, circonscription;
  };
  struct Acteur {
    std::string name;
    std::vector<Mandate> mandates;
  };
  std::unordered_map<std::string, Acteur> acteurs_;
  struct Organe {
    std::string name;
    std::string abbreviation;
  };
  std::unordered_map<std::string, Organe> organes_;
};

// Parsers of the official JSON. `actors` may be null: references are then kept as they are.
// Throw InputError on an object of the wrong shape, naming the missing path.
[[nodiscard]] Record parse_an_question(const nlohmann::json& object, const ActorDirectory* actors);
[[nodiscard]] Record parse_an_amendment(const nlohmann::json& object, const ActorDirectory* actors);

// Maps the keys of a flat export onto record keys. By default a source key equal
// to a record key is taken as it is; `columns` renames ({"numero": "index"});
// `constants` sets a value for every record ({"type": "QOSD", "legislature": "15"}).
struct FieldMapping {
  std::map<std::string, std::string> columns;    // record key -> source key
  std::map<std::string, std::string> constants;  // record key -> value

  // {"columns": {...}, "constants": {...}}; throws ConfigError.
  [[nodiscard]] static FieldMapping from_json(const nlohmann::json& json);
};

// Dates in DD/MM/YYYY or ISO form; "M. Prénom Nom" authors; HTML in texts is stripped.
[[nodiscard]] Record parse_flat(const nlohmann::json& object, const FieldMapping& mapping);

// HTML (answers, amendment bodies) to plain text: tags removed, block elements
// become paragraph breaks, entities decoded (&eacute; &#233; &#xE9; &nbsp; ...).
[[nodiscard]] std::string html_to_text(std::string_view html);

// One CSV line split into fields (RFC 4180 quoting), with the separator given
// (',', ';', '|' or tab). A quoted field may hold newlines: `complete` is false
// when the line ends inside quotes and the caller must append the next line.
struct CsvSplit {
  std::vector<std::string> fields;
  bool complete = true;
};
[[nodiscard]] CsvSplit split_csv_line(std::string_view line, char separator);
[[nodiscard]] char guess_csv_separator(std::string_view header_line);

}  // namespace hemicycle::document
