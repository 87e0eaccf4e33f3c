#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "document/gazetteer.h"
#include "document/record.h"
#include "document/territories.h"
#include "errors.h"

namespace hemicycle::document {
namespace {

// "Name/level/code" per territory, in the order found.
std::string describe(const std::vector<Territory>& territories) {
  std::string out;
  for (const Territory& t : territories) {
    if (!out.empty()) out += "; ";
    out += t.name + "/" + t.level + "/" + t.code;
  }
  return out;
}

TEST(FindTerritories, TextsToTerritories) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      // Names that mean nothing else match in any case, with or without accents and hyphens.
      {"un plan pour le Pas-de-Calais", "Pas-de-Calais/departement/62"},
      {"un plan pour le pas de calais", "Pas-de-Calais/departement/62"},
      {"PYRENEES ORIENTALES", "Pyrénées-Orientales/departement/66"},
      {"le préfet des Pyrénées-Orientales et l'Occitanie", "Pyrénées-Orientales/departement/66; Occitanie/region/76"},
      {"Les Hauts-de-France, puis hauts de france", "Hauts-de-France/region/32"},
      {"en Île-de-France et en Seine-Saint-Denis", "Île-de-France/region/11; Seine-Saint-Denis/departement/93"},
      {"la Côte-d’Or et les Côtes d'Armor", "Côte-d'Or/departement/21; Côtes-d'Armor/departement/22"},
      {"le Territoire de Belfort", "Territoire de Belfort/departement/90"},
      {"Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur/region/93"},
      // Former régions give the current one.
      {"en Poitou-Charentes", "Nouvelle-Aquitaine/region/75"},
      {"le Nord-Pas-de-Calais", "Hauts-de-France/region/32"},
      {"Basse-Normandie et Haute-Normandie", "Normandie/region/28"},
      {"l'Alsace et la Lorraine", "Grand Est/region/44"},
      {"la région Centre", "Centre-Val de Loire/region/24"},
      {"CC du Perche (Centre Val de Loire)", "CC du Perche/epci/200006971; Centre-Val de Loire/region/24"},
      // The longest name wins: no "Loire" in "Pays de la Loire", no "Vienne" in "Haute-Vienne".
      {"CC Pays de l'Huisne sarthoise (Pays de la Loire)",
       "CC du Pays de l'Huisne Sarthoise/epci/247200686; Pays de la Loire/region/52"},
      {"la Haute-Vienne", "Haute-Vienne/departement/87"},
      {"la Loire-Atlantique", "Loire-Atlantique/departement/44"},
      // Overseas: a département and a région of the same name.
      {"la Guadeloupe", "Guadeloupe/region/01; Guadeloupe/departement/971"},
      {"à La Réunion", "La Réunion/region/04; La Réunion/departement/974"},
      // Ambiguous names with the context that makes them territories.
      {"La première circonscription de la Vienne", "Vienne/departement/86"},
      {"Vienne (1re circonscription)", "Vienne/departement/86"},
      {"Vienne (86)", "Vienne/departement/86"},
      {"le Nord", "Nord/departement/59"},
      {"dans la Manche", "Manche/departement/50"},
      {"dans l'Orne", "Orne/departement/61"},
      {"du Lot", "Lot/departement/46"},
      {"département de Vaucluse et département de la Somme", "Vaucluse/departement/84; Somme/departement/80"},
      {"en Savoie et en Haute-Savoie", "Savoie/departement/73; Haute-Savoie/departement/74"},
      {"la Bretagne", "Bretagne/region/53"},
      {"le Grand Est", "Grand Est/region/44"},
      // Ambiguous names without that context.
      {"le nord du pays", ""},
      {"une manche de retard", ""},
      {"la manche de la veste", ""},
      {"Vienne est une commune de l'Isère", "Isère/departement/38; Vienne/commune/38544"},
      {"à Vienne en Autriche", ""},
      {"un lot de 500 pièces", ""},
      {"Lot 3 : travaux", ""},
      {"très cher et la somme due", ""},
      {"la réunion du conseil", ""},
      {"Réunion du conseil municipal", ""},
      {"le Centre hospitalier", ""},
      {"le centre de la France", ""},
      {"le plus grand est le meilleur", ""},
      {"la Grande-Bretagne", ""},
      {"Eure-Madrie-Seine", ""},
      {"agence de l'eau Seine-Normandie", ""},
      {"« Sud Manche » : CA Mont Saint Michel", ""},
      {"« Nord Cotentin »", ""},
      {"Chasseneuil-du-Poitou", ""},
      {"la Loir", ""},
      // An ambiguous name that qualifies another name, and cities that name a treaty or a word.
      {"les habitants d'Afrique du Nord", ""},
      {"un vin des Côtes du Rhône", ""},
      {"la situation du Nord Lorrain", ""},
      {"LA SÉCHERESSE DANS LE JURA ET EN MOSELLE", "Jura/departement/39; Moselle/departement/57"},
      {"le préfet du Nord", "Nord/departement/59"},
      {"la limite fixée par l'accord de Paris", ""},
      {"la police municipale à Paris", "Paris/commune/75056"},
      {"les règles de l'Union européenne", ""},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(describe(find_territories(c.text)), c.expected) << c.text;
}

TEST(FindTerritories, CommunesAndEpci) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      // Hyphenated, abbreviated and article forms of a commune.
      {"l'hôpital de Saint-Omer", "Saint-Omer/commune/62765"},
      {"la gare de St-Omer", "Saint-Omer/commune/62765"},
      {"le port du Havre", "Le Havre/commune/76351"},
      {"au Havre et à Boulogne-sur-Mer", "Le Havre/commune/76351; Boulogne-sur-Mer/commune/62160"},
      {"Le Havre", "Le Havre/commune/76351"},
      {"la maternité de Lille", "Lille/commune/59350"},
      {"à Poitiers", "Poitiers/commune/86194"},
      // EPCI: official, long and core forms; an area named after one.
      {"la CA du Cotentin", "CA du Cotentin/epci/200067205"},
      {"la Communauté d'agglomération du Cotentin", "CA du Cotentin/epci/200067205"},
      {"la communauté urbaine Caen la Mer", "CU Caen la Mer/epci/200065597"},
      {"Caen la mer", "CU Caen la Mer/epci/200065597"},
      {"dans l'Audomarois", "CA du Pays de Saint-Omer/epci/200069037"},
      // Ambiguous words: not without their département or région.
      {"la société Orange", ""},
      {"les antennes d'Orange", ""},
      {"à Orange dans le Vaucluse", "Vaucluse/departement/84; Orange/commune/84087"},
      {"le sens de la loi", ""},
      {"Sens", ""},
      {"les tours de refroidissement", ""},
      {"au bar du coin", ""},
      {"Nice", ""},
      {"à Nice", "Nice/commune/06088"},
      {"en mars", ""},
      {"un plan en Grand Est", "Grand Est/region/44"},
      {"Y a-t-il", ""},
      {"une ville d'Eu", ""},
      {"le pays de Caux", ""},
      // Homonyms: only with a département named in the same text.
      {"à Saint-Jean", ""},
      {"à Saint-Laurent", ""},
      // ... unless one is ten times the others: the island, not the villages.
      {"à Saint-Martin", "Saint-Martin/commune/97801"},
      {"à Saint-Denis", ""},
      {"à Saint-Denis, en Seine-Saint-Denis", "Seine-Saint-Denis/departement/93; Saint-Denis/commune/93066"},
      {"à Saint-Denis de La Réunion", "La Réunion/region/04; La Réunion/departement/974; Saint-Denis/commune/97411"},
      // Small communes: a département or région named nearby.
      {"à Arques", ""},
      {"à Arques (Pas-de-Calais)", "Pas-de-Calais/departement/62; Arques/commune/62040"},
      {"Chasseneuil-du-Poitou", ""},
      {"Chasseneuil-du-Poitou, dans la Vienne", "Vienne/departement/86; Chasseneuil-du-Poitou/commune/86062"},
      // Lower case or inside a longer word: never a commune.
      {"saint-omer", ""},
      {"Grande-Synthe-Nord", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(describe(find_territories(c.text)), c.expected) << c.text;
}

TEST(Gazetteer, AncestorsOfEachLevel) {
  struct Case {
    TerritoryLevel level;
    const char* code;
    const char* expected;  // "level code" of each ancestor
  };
  const Case cases[] = {
      {TerritoryLevel::Commune, "62765", "epci 200069037, departement 62, region 32"},
      {TerritoryLevel::Commune, "14118", "epci 200065597, departement 14, region 28"},
      {TerritoryLevel::Epci, "200067205", "departement 50, region 28"},
      {TerritoryLevel::Departement, "86", "region 75"},
      {TerritoryLevel::Region, "28", ""},
  };
  const Gazetteer& gazetteer = Gazetteer::embedded();
  for (const auto& c : cases) {
    const GazetteerEntry* entry = gazetteer.find(c.level, c.code);
    ASSERT_NE(entry, nullptr) << c.code;
    std::string ancestors;
    for (const GazetteerEntry* a : gazetteer.ancestors(*entry)) {
      ancestors += (ancestors.empty() ? "" : ", ") + std::string(level_name(a->level)) + " " + a->code;
    }
    EXPECT_EQ(ancestors, c.expected) << c.code;
  }
}

TEST(Gazetteer, RejectsMalformedLines) {
  EXPECT_THROW(Gazetteer("x\t1\tNowhere\n"), InputError);
  EXPECT_THROW(Gazetteer("c\t86194\tPoitiers\t86\n"), InputError);
  EXPECT_THROW(Gazetteer("e\t1\tCC\t86\tmany\n"), InputError);
  EXPECT_EQ(Gazetteer("r\t28\tNormandie\n").named("normandie").size(), 1U);
}

TEST(TagTerritories, MetadataFirstThenTexts) {
  Record record;
  record.circonscription = "Vienne (1re circonscription)";
  record.titre = "Avenir de l'usine de Chasseneuil-du-Poitou";
  record.texte_question = "Une usine de la Vienne, puis la Charente-Maritime.";
  record.texte_reponse = "En Nouvelle-Aquitaine comme dans les Hauts-de-France.";
  tag_territories(record);
  EXPECT_EQ(describe(record.territoires),
            "Vienne/departement/86; Nouvelle-Aquitaine/region/75; Charente-Maritime/departement/17; "
            "Hauts-de-France/region/32; Chasseneuil-du-Poitou/commune/86062");
}

TEST(TagTerritories, DepartementFieldAndOverseas) {
  Record record;
  record.departement = "La Réunion";
  record.expose = "Les communes de Mayotte.";
  tag_territories(record);
  EXPECT_EQ(describe(record.territoires),
            "La Réunion/departement/974; La Réunion/region/04; Mayotte/region/06; Mayotte/departement/976");
}

TEST(TagTerritories, UnknownConstituencyGivesNothing) {
  Record record;
  record.circonscription = "Français établis hors de France (5e circonscription)";
  record.texte = "Rien ici.";
  tag_territories(record);
  EXPECT_TRUE(record.territoires.empty());
}

}  // namespace
}  // namespace hemicycle::document
