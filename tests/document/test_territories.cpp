#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "document/gazetteer.h"
#include "document/name_lists.h"
#include "document/place_names.h"
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
      {"agence de l'eau Seine-Normandie", ""},
      {"agence de l'eau Loire-Bretagne", ""},
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
      {"à Arques (Pas-de-Calais)", "Arques/commune/62040; Pas-de-Calais/departement/62"},
      {"Chasseneuil-du-Poitou", ""},
      {"Chasseneuil-du-Poitou, dans la Vienne", "Vienne/departement/86; Chasseneuil-du-Poitou/commune/86062"},
      // Lower case or inside a longer word: never a commune.
      {"saint-omer", ""},
      {"Grande-Synthe-Nord", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(describe(find_territories(c.text)), c.expected) << c.text;
}

struct TextCase {
  const char* text;
  const char* expected;
};

void expect_cases(const std::vector<TextCase>& cases) {
  for (const auto& c : cases) EXPECT_EQ(describe(find_territories(c.text)), c.expected) << c.text;
}

// data/gazetteer/non_places.tsv: an institution, an agreement or an event named
// after a place is not the place; the commune written as one still is.
TEST(FindTerritories, NonPlaceUsesOfPlaceNames) {
  expect_cases({
      // Agreements named after where they were signed, and what is coordinated with them.
      {"le projet d'accord de Bougival", ""},
      {"la première traduction du projet d'accord dit de Bougival", ""},
      {"les signataires des accords de Matignon ou de Nouméa", ""},
      {"les accords de Matignon en 1988 puis de Nouméa en 1998", ""},
      {"l'esprit de l'Accord de Nouméa", ""},
      {"dans la dynamique du sommet de Paris", ""},
      {"les contrats de Cahors", ""},
      // Record reach: once "l'accord de Bougival" is in the text, "Bougival" is the agreement.
      {"Il n'y a pas d'accord de Bougival. Les délégations présentes à Bougival n'ont rien approuvé.", ""},
      {"Le gouvernement doit reconnaître l'échec de Bougival et relire l'accord de Bougival.", ""},
      // The same communes written as places.
      {"la mairie de Bougival", "Bougival/commune/78092"},
      {"à Bougival, dans les Yvelines", "Bougival/commune/78092; Yvelines/departement/78"},
      {"l'accord de Bougival ; la commune de Bougival, elle, reste dans les Yvelines",
       "Bougival/commune/78092; Yvelines/departement/78"},
      {"à Nouméa, l'accord de Nouméa est commémoré", "Nouméa/commune/98818"},
      {"le maire de Nouméa", "Nouméa/commune/98818"},
      // Institutions known by their address.
      {"une réunion à Matignon", ""},
      {"Matignon a arbitré, dans les Côtes-d'Armor comme ailleurs", "Côtes-d'Armor/departement/22"},
      {"la commune de Matignon, dans les Côtes-d'Armor", "Matignon/commune/22143; Côtes-d'Armor/departement/22"},
      {"à Matignon (Côtes-d'Armor)", "Matignon/commune/22143; Côtes-d'Armor/departement/22"},
      {"le Ségur de la santé en Aveyron", "Aveyron/departement/12"},
      {"la prime Ségur et les oubliés du Ségur, dans le Tarn", "Tarn/departement/81"},
      {"la commune de Ségur (Aveyron)", "Ségur/commune/12266"},
      {"rue de Solférino, dans les Landes, on s'inquiète ; Solférino a parlé", "Landes/departement/40"},
      {"à Solférino, dans les Landes", "Landes/departement/40; Solférino/commune/40303"},
      {"le Quai d'Orsay a convoqué l'ambassadeur", ""},
      {"les hôpitaux de Longjumeau, Orsay et Juvisy-sur-Orge, dans l'Essonne",
       "Longjumeau/commune/91345; Juvisy-sur-Orge/commune/91326; Essonne/departement/91; Orsay/commune/91471"},
      {"la place Vendôme", ""},
      {"à Vendôme en Loir-et-Cher", "Vendôme/commune/41269; Loir-et-Cher/departement/41"},
      {"la Cour de Strasbourg", ""},
      {"le tribunal de Strasbourg", "Strasbourg/commune/67482"},
      {"le Congrès de Versailles", ""},
      // Where a party met, in a group's budget amendments.
      {"formulées par les Socialistes lors de leur Université d’été à Blois le samedi 30 août 2025", ""},
      {"les hôpitaux de Blois", "Blois/commune/41018"},
      // Education académies named after their seat, which cover several départements.
      {"souvent mutés dans les académies de Versailles ou de Créteil", ""},
      {"dans l'académie de Créteil", ""},
      {"la mairie de Versailles", "Versailles/commune/78646"},
      {"le régime de Vichy", ""},
      {"l'hôpital de Vichy", "Vichy/commune/03310"},
      {"la privatisation d'Aéroports de Paris", ""},
      {"le baromètre Malakoff Humanis", ""},
      {"le Comité national du Trait de côte", ""},
      {"noyés dans la Manche", ""},
      {"dans la Manche, à Saint-Lô", "Manche/departement/50; Saint-Lô/commune/50502"},
      {"en Haute-Garonne, les aides de l'Union européenne", "Haute-Garonne/departement/31"},
      {"L'Union européenne, en Haute-Garonne comme ailleurs", "Haute-Garonne/departement/31"},
      {"en Haute-Garonne, les États membres de l'Union ont décidé", "Haute-Garonne/departement/31"},
      {"en Haute-Garonne, l'Union nationale des étudiants", "Haute-Garonne/departement/31"},
      {"un amendement proposé par L’Union nationale des industries de carrières, en Haute-Garonne",
       "Haute-Garonne/departement/31"},
      {"les élus de L'Union, en Haute-Garonne", "Haute-Garonne/departement/31; L'Union/commune/31561"},
      {"Toulouse et L'Union, en Haute-Garonne",
       "Haute-Garonne/departement/31; Toulouse/commune/31555; L'Union/commune/31561"},
      {"la vallée du Rhône", ""},
      {"dans le Rhône", "Rhône/departement/69"},
      // Names of institutions without a commune of that name: nothing to tag, nothing to list.
      {"l'Élysée et Bercy, place Beauvau", ""},
      {"le Grenelle de l'environnement, le Varenne agricole de l'eau", ""},
      {"le Beauvau de la sécurité", ""},
  });
  for (const char* institution : {"elysee", "bercy", "beauvau", "grenelle", "varenne"}) {
    EXPECT_TRUE(Gazetteer::embedded().named(institution).empty())
        << institution << " has become a territory's name: give its non-place uses a line in non_places.tsv";
  }
}

// data/gazetteer/epci_aliases.tsv, the EPCI's own names with "Agglo", and the métropole of a city.
TEST(FindTerritories, EpciByUsualNames) {
  expect_cases({
      {"la CODAH et Caux Estuaire", "CU Le Havre Seine Métropole/epci/200084952"},
      {"la communauté d'agglomération havraise (CODAH)", "CU Le Havre Seine Métropole/epci/200084952"},
      {"Caux Vallée de Seine", "CA Caux Seine Agglo/epci/200010700"},
      {"la CASE et Eure-Madrie-Seine", "CA Seine-Eure/epci/200089456"},
      {"Seine Normandie Agglo", "CA Seine Normandie Agglomération/epci/200072312"},
      {"CC Aumale - Blangy-sur-Bresle", "CC Interrégionale Aumale - Blangy-sur-Bresle/epci/200069722"},
      {"CC des Villes Sœurs", "CC des Villes Soeurs/epci/247600588"},
      {"GPSEO porte des compétences", "CU Grand Paris Seine et Oise/epci/200059889"},
      // An acronym only in capitals, and not in a title in capitals.
      {"cochez la case", ""},
      {"LA CASE DÉPART", ""},
      // "Métropole de X": the métropole, not the commune.
      {"la Métropole de Rouen", "Métropole Rouen Normandie/epci/200023414"},
      {"dans la métropole de Lille", "Métropole Européenne de Lille/epci/200093201"},
      {"la métropole de Caen", "Caen/commune/14118"},
      // An EPCI core that is a commune's name is the commune.
      {"la fermeture du site de Saint-Dié-des-Vosges", "Saint-Dié-des-Vosges/commune/88413"},
      {"la CA de Saint-Dié-des-Vosges", "CA de Saint-Dié-des-Vosges/epci/200071066"},
  });
  // Every alias names its EPCI.
  for (const EpciAlias& alias : embedded_epci_aliases()) {
    const std::vector<Territory> found = find_territories("dans la " + alias.alias + ", ");
    ASSERT_EQ(found.size(), 1U) << alias.alias;
    EXPECT_EQ(found.front().code, alias.siren) << alias.alias;
  }
}

TEST(FindTerritories, CommunesInContext) {
  expect_cases({
      // Written as a commune: a small one, and the list that follows.
      {"dans la commune de Sougé-le-Ganelon", "Sougé-le-Ganelon/commune/72337"},
      {"le maire d'Annonay", "Annonay/commune/07010"},
      {"les trois communes de Sillé-le-Guillaume, Saint-Ouen-de-Mimbré et Gesnes-le-Gandelin",
       "Sillé-le-Guillaume/commune/72334; Saint-Ouen-de-Mimbré/commune/72305; Gesnes-le-Gandelin/commune/72141"},
      {"la commune d'Orange", ""},
      {"la commune d'Orange, dans le Vaucluse", "Vaucluse/departement/84; Orange/commune/84087"},
      {"la commune de Saint-Jean", ""},
      {"une petite commune de la Marne", "Marne/departement/51"},
      {"toutes les communes de La Réunion", "La Réunion/region/04; La Réunion/departement/974"},
      {"la ville de René Cassin", ""},
      {"aux Saintes-Maries-de-la-Mer", "Saintes-Maries-de-la-Mer/commune/13096"},
      {"la Désirade et les Saintes, en Guadeloupe, et non aux Saintes",
       "Guadeloupe/region/01; Guadeloupe/departement/971; La Désirade/commune/97110"},
      // Hyphenated lists of places.
      {"la ligne nouvelle Montpellier-Perpignan", "Montpellier/commune/34172; Perpignan/commune/66136"},
      {"un ensemble Brest-Lorient-Vannes-Pontivy dans le Morbihan",
       "Brest/commune/29019; Morbihan/departement/56; Lorient/commune/56121; Vannes/commune/56260; "
       "Pontivy/commune/56178"},
      {"la LGV Bretagne-Pays de la Loire", "Bretagne/region/53; Pays de la Loire/region/52"},
      {"le régime local d'Alsace-Moselle", "Grand Est/region/44; Moselle/departement/57"},
      {"les lignes La Réunion-Paris", "La Réunion/region/04; La Réunion/departement/974; Paris/commune/75056"},
      {"le train de nuit Paris-Briançon", "Paris/commune/75056"},
      {"Lens-Liévin", "CA de Lens - Liévin/epci/246200364"},
      {"au pied du Mont-Blanc", ""},
      {"le centre hospitalier du Nord-Mayenne", ""},
      {"le désenclavement du centre-Bretagne", ""},
      {"l'université de Clermont-Auvergne", ""},
      // Short forms: only with the département named, and when no other town of that form is there.
      {"à Bruay", ""},
      {"à Bruay, dans le Pas-de-Calais", "Pas-de-Calais/departement/62; Bruay-la-Buissière/commune/62178"},
      {"à Lens-Liévin-Hénin-Carvin, dans le Pas-de-Calais",
       "Lens/commune/62498; Liévin/commune/62510; Carvin/commune/62215; Pas-de-Calais/departement/62; "
       "Hénin-Beaumont/commune/62427"},
      {"à Boulogne-Calais (Pas-de-Calais)",
       "Calais/commune/62193; Pas-de-Calais/departement/62; Boulogne-sur-Mer/commune/62160"},
      {"Boulogne, dans les Hauts-de-Seine", "Hauts-de-Seine/departement/92"},
      {"à Boulogne, dans les Hauts-de-Seine", "Hauts-de-Seine/departement/92; Boulogne-Billancourt/commune/92012"},
      {"le terminal de Roissy, en Île-de-France", "Île-de-France/region/11"},
      {"Salon de l'agriculture, Bouches-du-Rhône", "Bouches-du-Rhône/departement/13"},
      {"Pierre Dupont, dans le Rhône", "Rhône/departement/69"},
      // People.
      {"je remercie Mme Nice", ""},
      {"M. Castex, dans le Gers", "Gers/departement/32"},
      {"Monsieur Saint-Martin", ""},
      {"la Polynésie", "Polynésie française/region/987; Polynésie française/departement/987"},
      {"la Kanaky-Nouvelle-Calédonie", "Nouvelle-Calédonie/region/988; Nouvelle-Calédonie/departement/988"},
  });
}

// Texts written for this test in the manner of the sources the corpus lacks
// (press releases) or holds by the thousand (amendments), read as the indexer
// reads them and annotated by hand.
TEST(TagTerritories, PressReleaseAndAmendmentTexts) {
  struct Text {
    const char* type;
    const char* text;
    const char* expected;
  };
  const Text texts[] = {
      {"COMMUNIQUE",
       "Le préfet de la Seine-Maritime a réuni ce jeudi à Rouen les présidents de la Métropole de Rouen, "
       "de la CODAH et de Caux Vallée de Seine. La ministre s'était rendue la veille à Matignon, puis au "
       "Quai d'Orsay, pour présenter le contrat de plan de l'Axe Seine.",
       "Seine-Maritime/departement/76; Rouen/commune/76540; Métropole Rouen Normandie/epci/200023414; "
       "CU Le Havre Seine Métropole/epci/200084952; CA Caux Seine Agglo/epci/200010700"},
      {"COMMUNIQUE",
       "Déplacement du ministre dans les Hauts-de-France : après une table ronde à Béthune-Bruay, il "
       "visitera à Hénin-Beaumont le site d'une gigafactory, puis rencontrera à Arras les élus du "
       "Pas-de-Calais. Mme Lens, maire adjointe, l'accompagnera.",
       "Hauts-de-France/region/32; Béthune/commune/62119; Hénin-Beaumont/commune/62427; Arras/commune/62041; "
       "Pas-de-Calais/departement/62; Bruay-la-Buissière/commune/62178"},
      {"COMMUNIQUE",
       "Les conclusions du Ségur de la santé s'appliquent aux établissements de l'Aveyron. L'agence "
       "régionale de santé d'Occitanie versera la prime Ségur dès janvier, y compris à l'hôpital de "
       "Rodez.",
       "Aveyron/departement/12; Occitanie/region/76; Rodez/commune/12202"},
      {"AMENDEMENT",
       "Cet amendement vise à tirer les conséquences de l'accord de Bougival pour la Nouvelle-Calédonie. "
       "Les partenaires réunis à Bougival ont confirmé les engagements des accords de Matignon et de "
       "Nouméa ; les communes de Koné, Voh et Pouembout doivent en bénéficier.",
       "Nouvelle-Calédonie/region/988; Nouvelle-Calédonie/departement/988; Koné/commune/98811; "
       "Voh/commune/98831; Pouembout/commune/98825"},
      {"AMENDEMENT",
       "Le présent amendement abonde de 2 millions d'euros les crédits de l'action 13 pour financer la "
       "reconstruction du pont de la RN 164 entre Carhaix et Rostrenen, dans le centre-Bretagne, en lien "
       "avec la région Bretagne et le département du Finistère.",
       "Bretagne/region/53; Finistère/departement/29; Carhaix-Plouguer/commune/29024"},
      {"AMENDEMENT",
       "Cet amendement du groupe vise à rétablir les crédits de la Cour de Strasbourg et du régime de "
       "sécurité sociale dans les départements d'outre-mer, notamment à La Réunion et en Guyane.",
       "La Réunion/region/04; La Réunion/departement/974; Guyane/region/03; Guyane/departement/973"},
  };
  for (const auto& t : texts) {
    Record record;
    record.type = t.type;
    (record.type == "AMENDEMENT" ? record.expose : record.texte) = t.text;
    tag_territories(record);
    EXPECT_EQ(describe(record.territoires), t.expected) << t.text;
  }
}

TEST(NameLists, RejectMalformedLines) {
  EXPECT_EQ(parse_non_places("# comment\naccord de [*]\tphrase\tan agreement\tsource\n").size(), 1U);
  EXPECT_THROW((void)parse_non_places("accord de Paris\tphrase\tx\ty\n"), InputError);  // no [name]
  EXPECT_THROW((void)parse_non_places("[Ségur]\teverywhere\tx\ty\n"), InputError);      // unknown reach
  EXPECT_THROW((void)parse_non_places("accord de [*]\trecord\tx\ty\n"), InputError);    // [*] reaches no record
  EXPECT_THROW((void)parse_non_places("[*]\tphrase\tx\ty\n"), InputError);              // every name
  EXPECT_THROW((void)parse_non_places("[Matignon]\trecord\tthe Prime Minister\n"), InputError);  // no source
  const std::vector<NonPlaceUse> uses = parse_non_places("quai d'[Orsay] nord\tphrase\tx\ty\n");
  ASSERT_EQ(uses.size(), 1U);
  EXPECT_EQ(uses.front().before, (std::vector<std::string>{"quai", "d"}));
  EXPECT_EQ(uses.front().name, (std::vector<std::string>{"orsay"}));
  EXPECT_EQ(uses.front().after, (std::vector<std::string>{"nord"}));
  EXPECT_EQ(parse_epci_aliases("CODAH\t200084952\tsource\n").size(), 1U);
  EXPECT_THROW((void)parse_epci_aliases("CODAH\t20008495\tsource\n"), InputError);  // not a SIREN
  EXPECT_THROW((void)parse_epci_aliases("CODAH\t200084952\n"), InputError);         // no source
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

// The table laid out at build time answers every name as the gazetteer does, in its order.
TEST(PlacesNamed, AgreesWithTheGazetteerOnEveryName) {
  const Gazetteer& gazetteer = Gazetteer::embedded();
  std::size_t compared = 0;
  for (const GazetteerEntry& entry : gazetteer.entries()) {
    const std::string key = territory_name_key(entry.name);
    const auto expected = gazetteer.named(key);
    const auto found = places_named(key);
    ASSERT_EQ(found.size(), expected.size()) << key;
    for (std::size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(found[i].level, expected[i]->level) << key;
      EXPECT_EQ(found[i].code, expected[i]->code) << key;
      EXPECT_EQ(found[i].name, expected[i]->name) << key;
      EXPECT_EQ(found[i].population, expected[i]->population) << key;
    }
    ++compared;
  }
  EXPECT_GT(compared, 35000U);
  EXPECT_TRUE(places_named("nowhere at all").empty());
  EXPECT_TRUE(places_named("").empty());
  ASSERT_EQ(places_named("vienne").size(), 2U);
  EXPECT_EQ(places_named("vienne")[0].level, TerritoryLevel::Departement);
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
