#pragma once
// Ministries across governments: one ministry family for the many labels a
// portfolio takes from one government to the next ("Ministère des solidarités
// et de la santé", "Santé et prévention", "Ministère de la santé et de la
// prévention" are all "Santé"), so that facets count one value per family.

#include <string>
#include <string_view>

namespace hemicycle::document {

// The family of a ministry's label, or the label itself when none applies. A
// minister "auprès de" another, "chargé de" a portfolio, belongs to the family of
// that portfolio ("Secrétariat d'État auprès du Premier ministre, chargé des
// personnes handicapées" is "Solidarités et autonomie").
[[nodiscard]] std::string ministry_family(std::string_view label);

}  // namespace hemicycle::document
