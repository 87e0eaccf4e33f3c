#pragma once
// The address of a document's official page on the Assemblée nationale's site,
// built from its uid and législature. Computed when a record is shown, not
// stored, so that an index built before it gets the links too.
//   questions (QE, QG, QOSD), 15th législature on:
//     https://www.assemblee-nationale.fr/dyn/<législature>/questions/<uid>
//   questions of earlier législatures:
//     https://questions.assemblee-nationale.fr/q<législature>/<législature>-<numéro><type>.htm
//   amendments (the bill's number from the uid, the examining body, the long number):
//     https://www.assemblee-nationale.fr/dyn/<législature>/amendements/<bill>/<organe>/<numéro>

#include <string>

#include <nlohmann/json.hpp>

namespace hemicycle::document {

// The record's official page, or "" when it has none (press releases, documents
// of another chamber, an amendment read without its examining body).
[[nodiscard]] std::string official_url(const nlohmann::ordered_json& record);

// Adds "url" to a record that has an official page.
void add_official_url(nlohmann::ordered_json& record);

}  // namespace hemicycle::document
