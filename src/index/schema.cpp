#include "index/schema.h"

#include "document/dates.h"

namespace hemicycle::index {

using document::Record;

const Field* find_field(std::string_view name) {
  for (const Field& field : kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::vector<std::string> field_values(const Field& field, const Record& r) {
  const std::string_view name = field.name;
  std::vector<std::string> values;
  auto add = [&values](const std::string& value) {
    if (!value.empty()) values.push_back(value);
  };
  if (name == "titre") {
    add(r.titre);
    add(r.tete_analyse);
    add(r.texte_titre);
  } else if (name == "rubrique") {
    add(r.rubrique);
  } else if (name == "ministere") {
    add(r.ministere_interroge);
    if (r.ministere_attributaire != r.ministere_interroge) add(r.ministere_attributaire);
  } else if (name == "territoire") {
    for (const auto& t : r.territoires) add(t.name);
  } else if (name == "auteur") {
    add(r.auteur);
    for (const auto& a : r.auteurs) {
      if (a != r.auteur) add(a);
    }
  } else if (name == "groupe") {
    add(r.groupe);
  } else if (name == "type") {
    add(r.type);
  } else if (name == "legislature") {
    if (r.legislature) add(std::to_string(*r.legislature));
  } else if (name == "statut") {
    add(r.statut);
  } else if (name == "numero") {
    add(r.numero);
  } else if (name == "id") {
    add(r.id);
  } else if (name == "annee") {
    const std::string& date = !r.date_publication.empty() ? r.date_publication : r.date_reponse;
    if (document::is_iso_date(date)) add(date.substr(0, 4));
  }
  return values;
}

std::vector<std::string_view> body_texts(const Record& r) {
  std::vector<std::string_view> texts;
  for (const std::string* text :
       {&r.titre, &r.tete_analyse, &r.rubrique, &r.texte_titre, &r.article, &r.texte_question, &r.texte_reponse,
        &r.texte, &r.dispositif, &r.expose, &r.ministere_interroge, &r.ministere_attributaire, &r.auteur, &r.groupe}) {
    if (!text->empty()) texts.emplace_back(*text);
  }
  return texts;
}

std::string date_value(std::string_view iso_date) {
  if (!document::is_iso_date(iso_date)) return {};
  std::string value;
  value.reserve(8);
  value.append(iso_date.substr(0, 4)).append(iso_date.substr(5, 2)).append(iso_date.substr(8, 2));
  return value;
}

std::string encode_territories(const std::vector<document::Territory>& territories) {
  std::string value;
  for (const auto& t : territories) {
    if (!value.empty()) value += '\n';
    value.append(t.level).append(1, '\t').append(t.code).append(1, '\t').append(t.name);
  }
  return value;
}

std::vector<document::Territory> decode_territories(std::string_view value) {
  std::vector<document::Territory> territories;
  while (!value.empty()) {
    const std::size_t end = value.find('\n');
    const std::string_view line = value.substr(0, end);
    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 != std::string_view::npos) {
      territories.push_back({std::string(line.substr(tab2 + 1)), std::string(line.substr(0, tab1)),
                             std::string(line.substr(tab1 + 1, tab2 - tab1 - 1))});
    }
    if (end == std::string_view::npos) break;
    value.remove_prefix(end + 1);
  }
  return territories;
}

}  // namespace hemicycle::index
