// Ministry families: the labels of one portfolio across governments give one family.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "document/ministries.h"

namespace hemicycle::document {
namespace {

TEST(MinistryFamily, LabelsOfOnePortfolioAcrossGovernmentsGiveOneFamily) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"Ministère des solidarités et de la santé", "Santé"},
      {"Santé et prévention", "Santé"},
      {"Ministère de la santé et de la prévention", "Santé"},
      {"Ministère auprès du ministre de la santé et de la prévention, chargé de l’organisation territoriale et des "
       "professions de santé",
       "Santé"},
      {"Secrétariat d'État auprès du Premier ministre, chargé des personnes handicapées", "Solidarités et autonomie"},
      {"Ministère de l'intérieur", "Intérieur"},
      {"Ministère de l’intérieur et des outre-mer", "Intérieur"},
      {"Ministère auprès du ministre de l’intérieur et des outre-mer, chargé des outre-mer", "Outre-mer"},
      {"Ministère des outre-mer", "Outre-mer"},
      {"Ministère de la mer", "Transition écologique"},
      {"Ministère de la transition écologique et solidaire", "Transition écologique"},
      {"Ministère auprès du ministre d'État, ministre de la transition écologique et solidaire, chargé des transports",
       "Transition écologique"},
      {"Ministère auprès du ministre de l’économie, des finances et de la relance, chargé de l’industrie",
       "Économie et finances"},
      {"Ministère de l'action et des comptes publics", "Économie et finances"},
      {"Ministère auprès du ministre de l’Europe et des affaires étrangères, chargé du commerce extérieur et de "
       "l'attractivité",
       "Europe et affaires étrangères"},
      {"Agriculture et souveraineté alimentaire", "Agriculture"},
      {"Ministère de l’éducation nationale, de la jeunesse et des sports", "Éducation nationale"},
      {"Secrétariat d'État auprès du Premier ministre, porte-parole du Gouvernement", "Relations avec le Parlement"},
      {"Première ministre", "Premier ministre"},
      {"Premier ministre", "Premier ministre"},
      // No family: the label as it is.
      {"Ministère des affaires inconnues", "Ministère des affaires inconnues"},
  };
  for (const auto& [label, family] : cases) EXPECT_EQ(ministry_family(label), family) << label;
}

}  // namespace
}  // namespace hemicycle::document
