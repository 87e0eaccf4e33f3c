// The Assemblée nationale's official open-data JSON (converted from its XML):
// questions (QE, QG, QOSD; L15 and L16+ layouts), amendments, and the AMO
// acteurs/organes tables that turn PA.../PO... references into names.
//
// The XML origin shows in the JSON: a repeated element is an array, a single one
// an object; an empty element is {"@xsi:nil": "true"}; some values are wrapped
// as {"#text": ...}. Every lookup below goes through all_at()/text_at(), which
// accept both shapes and treat anything that is not a value as absent.

#include "document/an_json.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "document/dates.h"
#include "document/territories.h"
#include "errors.h"

namespace hemicycle::document {
namespace {

using nlohmann::json;
using Path = std::initializer_list<std::string_view>;

// A value as text: strings as they are, integers printed, {"#text": v} unwrapped;
// empty for null, booleans, nil elements and arrays.
std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) return value.dump();
  if (value.is_object()) {
    if (auto it = value.find("#text"); it != value.end()) return scalar_text(*it);
  }
  return {};
}

void collect_at(const json& node, Path::iterator step, Path::iterator end, std::vector<const json*>& out) {
  if (node.is_array()) {
    for (const json& element : node) collect_at(element, step, end, out);
    return;
  }
  if (step == end) {
    out.push_back(&node);
    return;
  }
  if (!node.is_object()) return;
  auto it = node.find(std::string(*step));
  if (it != node.end()) collect_at(*it, std::next(step), end, out);
}

// Every node at `path`, arrays met on the way (or at the end) being expanded.
std::vector<const json*> all_at(const json& root, Path path) {
  std::vector<const json*> out;
  collect_at(root, path.begin(), path.end(), out);
  return out;
}

// The non-empty texts at `path`, in document order.
std::vector<std::string> texts_at(const json& root, Path path) {
  std::vector<std::string> out;
  for (const json* node : all_at(root, path)) {
    std::string text = scalar_text(*node);
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

std::string text_at(const json& root, Path path) {
  std::vector<std::string> texts = texts_at(root, path);
  return texts.empty() ? std::string() : std::move(texts.front());
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

const json& envelope(const json& object, const char* key) {
  if (!object.is_object()) throw InputError(std::string("expected a JSON object with a \"") + key + "\" member");
  auto it = object.find(key);
  if (it == object.end()) throw InputError(std::string("missing \"") + key + "\" member");
  if (!it->is_object()) throw InputError(std::string("\"") + key + "\" is not an object");
  return *it;
}

std::string required_uid(const json& body, const char* envelope_key) {
  std::string uid = trim(text_at(body, {"uid"}));
  if (uid.empty()) throw InputError(std::string(envelope_key) + ".uid is missing or empty");
  return uid;
}

std::optional<int> legislature_number(const std::string& text) {
  if (text.empty() || text.size() > 3 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoi(text);
}

std::string ordinal_circonscription(const std::string& number) { return number == "1" ? "1re" : number + "e"; }

// A mandate in force on `date` (ISO strings compare in date order); an open end runs on.
bool in_force(const std::string& start, const std::string& end, std::string_view date) {
  return (start.empty() || start <= date) && (end.empty() || date <= end);
}

// --- Questions -------------------------------------------------------------

// A QG transcript names each speaker in bold: "<strong>M. Jean Dupont. </strong>"
// for a deputy or the president, and "<strong>Mme Anne Martin,</strong><i> ministre
// de ... </i>" for a member of the government, whose function follows in italics.
// The first label ending with a comma and followed by <i> therefore opens the
// first ministerial intervention.
std::size_t first_minister_intervention(std::string_view html) {
  std::size_t from = 0;
  while (true) {
    std::size_t open = std::string_view::npos;
    std::size_t open_length = 0;
    for (std::string_view tag : {"<strong>", "<b>", "<STRONG>", "<B>"}) {
      const std::size_t at = html.find(tag, from);
      if (at < open) {
        open = at;
        open_length = tag.size();
      }
    }
    if (open == std::string_view::npos) return std::string_view::npos;
    const std::size_t close = html.find("</", open + open_length);
    if (close == std::string_view::npos) return std::string_view::npos;
    const std::string label = html_to_text(html.substr(open + open_length, close - open - open_length));
    const std::size_t after_close = html.find('>', close);
    if (after_close == std::string_view::npos) return std::string_view::npos;
    std::size_t next = after_close + 1;
    while (next < html.size() && (html[next] == ' ' || html[next] == '\n')) ++next;
    const bool italic_follows = html.substr(next, 3) == "<i>" || html.substr(next, 3) == "<I>";
    if (!label.empty() && label.back() == ',' && italic_follows) return open;
    from = close;
  }
}

bool has_lowercase_letter(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'a' && c <= 'z') return true;
    // UTF-8 for U+00DF-U+00FF (ß, à ... ÿ) and U+0153 (œ).
    if (c == 0xC3 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x9F) return true;
    if (c == 0xC5 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x93) return true;
  }
  return false;
}

// Every QG transcript opens with the séance heading, a centred title in capitals
// ("EXPULSION DES ÉTRANGERS CONDAMNÉS") that repeats the analyse. It is dropped
// so that the analyse, used as a relevance label, does not leak into the text.
std::string without_seance_heading(std::string text) {
  const std::size_t end = text.find('\n');
  const std::string_view first = std::string_view(text).substr(0, end);
  if (first.empty() || has_lowercase_letter(first)) return text;
  if (end == std::string::npos) return {};
  return trim(std::string_view(text).substr(end));
}

// The answer texts (several answers are possible in the QE format) as HTML.
std::string answer_html(const json& question) {
  return join(texts_at(question, {"textesReponse", "texteReponse", "texte"}), "<p>");
}

void fill_question_texts(Record& record, const json& question) {
  record.texte_question = html_to_text(join(texts_at(question, {"textesQuestion", "texteQuestion", "texte"}), "<p>"));
  const std::string answer = answer_html(question);
  if (record.type != "QG") {
    record.texte_reponse = html_to_text(answer);
    return;
  }
  // For a QG the JO publishes the whole exchange as the answer: the deputy's
  // part is everything said before the first minister speaks.
  record.texte_reponse = without_seance_heading(html_to_text(answer));
  if (record.texte_question.empty()) {
    const std::size_t minister = first_minister_intervention(answer);
    record.texte_question = without_seance_heading(html_to_text(std::string_view(answer).substr(0, minister)));
  }
}

void fill_closure(Record& record, const json& question) {
  record.cloture = text_at(question, {"cloture", "libelleCloture"});
  const std::string closed_on = parse_date(text_at(question, {"cloture", "dateCloture"}));
  const std::string code = text_at(question, {"cloture", "codeCloture"});
  const bool closed_by_answer = code == "REP_PUB" || record.cloture.starts_with("Réponse");
  if (!closed_on.empty() && !closed_by_answer && record.texte_reponse.empty()) {
    record.date_retrait = closed_on;
  }
}

// --- Amendments ------------------------------------------------------------

bool starts_with_civility(std::string_view name) {
  return name.starts_with("M. ") || name.starts_with("Mme ") || name.starts_with("MM. ") || name.starts_with("Mmes ");
}

// "M. Le Fur,  M. Ray, Mme Gruet et Mme Corneloup" -> the four names. Qualities
// ("rapporteur pour avis au nom de ...") and collective mentions ("les membres du
// groupe ...") are no names and are left out; a libellé without any name
// ("le Gouvernement") is kept whole.
std::vector<std::string> split_signatories(const std::string& libelle) {
  const std::string text = html_to_text(libelle);
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    std::string piece =
        trim(std::string_view(text).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    // "X et M. Y": split on " et " only where a name follows.
    std::size_t from = 0;
    while (true) {
      std::size_t et = piece.find(" et ", from);
      if (et == std::string::npos) break;
      if (starts_with_civility(std::string_view(piece).substr(et + 4))) {
        pieces.push_back(trim(std::string_view(piece).substr(0, et)));
        piece = trim(std::string_view(piece).substr(et + 4));
        from = 0;
      } else {
        from = et + 4;
      }
    }
    pieces.push_back(piece);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<std::string> names;
  for (std::string& piece : pieces) {
    if (starts_with_civility(piece)) names.push_back(std::move(piece));
  }
  if (names.empty()) {
    if (std::string whole = trim(text); !whole.empty()) names.push_back(std::move(whole));
  }
  return names;
}

}  // namespace

JsonKind detect_json_kind(const json& object) {
  if (!object.is_object()) throw InputError("expected a JSON object, got " + std::string(object.type_name()));
  if (object.contains("question")) return JsonKind::AnQuestion;
  if (object.contains("amendement")) return JsonKind::AnAmendment;
  if (object.contains("acteur")) return JsonKind::Acteur;
  if (object.contains("organe")) return JsonKind::Organe;
  // The AMO tables are also distributed one bare row per file, without the envelope.
  const std::string uid = text_at(object, {"uid"});
  if (uid.starts_with("PA") && object.contains("etatCivil")) return JsonKind::Acteur;
  if (uid.starts_with("PO") && object.contains("codeType")) return JsonKind::Organe;
  return JsonKind::Flat;
}

void ActorDirectory::add_acteur(const json& object) {
  const json& row = object.is_object() && object.contains("acteur") ? envelope(object, "acteur") : object;
  if (!row.is_object()) throw InputError("acteur: expected a JSON object");
  const std::string uid = trim(text_at(row, {"uid"}));
  if (uid.empty()) throw InputError("acteur.uid is missing or empty");
  Acteur acteur;
  for (const std::string& part :
       {text_at(row, {"etatCivil", "ident", "civ"}), text_at(row, {"etatCivil", "ident", "prenom"}),
        text_at(row, {"etatCivil", "ident", "nom"})}) {
    const std::string word = trim(part);
    if (word.empty()) continue;
    if (!acteur.name.empty()) acteur.name += ' ';
    acteur.name += word;
  }
  for (const json* mandate : all_at(row, {"mandats", "mandat"})) {
    if (text_at(*mandate, {"typeOrgane"}) != "ASSEMBLEE") continue;
    Mandate m;
    m.start = parse_date(text_at(*mandate, {"dateDebut"}));
    m.end = parse_date(text_at(*mandate, {"dateFin"}));
    m.departement = trim(text_at(*mandate, {"election", "lieu", "departement"}));
    const std::string number = trim(text_at(*mandate, {"election", "lieu", "numCirco"}));
    if (!m.departement.empty() && !number.empty()) {
      m.circonscription = m.departement + " (" + ordinal_circonscription(number) + " circonscription)";
    }
    acteur.mandates.push_back(std::move(m));
  }
  acteurs_[uid] = std::move(acteur);
}

void ActorDirectory::add_organe(const json& object) {
  const json& row = object.is_object() && object.contains("organe") ? envelope(object, "organe") : object;
  if (!row.is_object()) throw InputError("organe: expected a JSON object");
  const std::string uid = trim(text_at(row, {"uid"}));
  if (uid.empty()) throw InputError("organe.uid is missing or empty");
  organes_[uid] = trim(text_at(row, {"libelle"}));
}

std::string ActorDirectory::acteur_name(std::string_view ref) const {
  auto it = acteurs_.find(std::string(ref));
  return it == acteurs_.end() ? std::string() : it->second.name;
}

std::string ActorDirectory::organe_name(std::string_view ref) const {
  auto it = organes_.find(std::string(ref));
  return it == organes_.end() ? std::string() : it->second;
}

ActorDirectory::Constituency ActorDirectory::constituency(std::string_view ref, std::string_view iso_date) const {
  auto it = acteurs_.find(std::string(ref));
  if (it == acteurs_.end()) return {};
  const Mandate* chosen = nullptr;
  for (const Mandate& m : it->second.mandates) {
    if (m.departement.empty()) continue;
    if (!iso_date.empty() && !in_force(m.start, m.end, iso_date)) continue;
    if (chosen == nullptr || m.start > chosen->start) chosen = &m;
  }
  if (chosen == nullptr) return {};
  return {chosen->departement, chosen->circonscription};
}

Record parse_an_question(const json& object, const ActorDirectory* actors) {
  const json& question = envelope(object, "question");
  Record record;
  record.id = required_uid(question, "question");
  record.chambre = "AN";
  record.type = trim(text_at(question, {"type"}));
  record.legislature = legislature_number(trim(text_at(question, {"identifiant", "legislature"})));
  record.numero = trim(text_at(question, {"identifiant", "numero"}));

  std::vector<std::string> analyses = texts_at(question, {"indexationAN", "analyses", "analyse"});
  if (analyses.empty()) analyses = texts_at(question, {"indexationAN", "ANALYSE", "ANA"});
  record.titre = join(analyses, " ; ");
  record.tete_analyse = join(texts_at(question, {"indexationAN", "teteAnalyse"}), " ; ");
  record.rubrique = text_at(question, {"indexationAN", "rubrique"});

  const std::string acteur_ref = trim(text_at(question, {"auteur", "identite", "acteurRef"}));
  const std::string resolved = actors != nullptr ? actors->acteur_name(acteur_ref) : std::string();
  record.auteur = resolved.empty() ? acteur_ref : resolved;
  record.groupe = text_at(question, {"auteur", "groupe", "developpe"});
  if (record.groupe.empty()) record.groupe = text_at(question, {"auteur", "groupe", "abrege"});

  record.ministere_interroge = text_at(question, {"minInt", "developpe"});
  if (record.ministere_interroge.empty()) record.ministere_interroge = text_at(question, {"minInt", "abrege"});
  // A question transferred to another ministry lists every attributaire; the last one answers.
  std::vector<std::string> attributaires = texts_at(question, {"minAttribs", "minAttrib", "denomination", "developpe"});
  if (attributaires.empty()) attributaires = texts_at(question, {"minAttribs", "minAttrib", "denomination", "abrege"});
  if (!attributaires.empty()) record.ministere_attributaire = attributaires.back();

  record.date_publication = parse_date(text_at(question, {"textesQuestion", "texteQuestion", "infoJO", "dateJO"}));
  record.date_reponse = parse_date(text_at(question, {"textesReponse", "texteReponse", "infoJO", "dateJO"}));
  fill_question_texts(record, question);
  fill_closure(record, question);

  if (actors != nullptr && !acteur_ref.empty()) {
    std::string on = !record.date_publication.empty() ? record.date_publication : record.date_reponse;
    if (on.empty()) on = parse_date(text_at(question, {"cloture", "dateCloture"}));
    const ActorDirectory::Constituency seat = actors->constituency(acteur_ref, on);
    record.departement = seat.departement;
    record.circonscription = seat.circonscription;
  }
  complete_record(record);
  tag_territories(record);
  return record;
}

Record parse_an_amendment(const json& object, const ActorDirectory* actors) {
  const json& amendment = envelope(object, "amendement");
  Record record;
  record.id = required_uid(amendment, "amendement");
  record.type = "AMENDEMENT";
  record.chambre = "AN";
  record.legislature = legislature_number(trim(text_at(amendment, {"legislature"})));
  record.numero = trim(text_at(amendment, {"identification", "numeroLong"}));
  // The amendment names its text only by reference (PRJLANR5L17B0324); the
  // title lives in the dossiers table, so the reference is what is kept.
  record.texte_numero = trim(text_at(amendment, {"texteLegislatifRef"}));
  record.article = trim(text_at(amendment, {"pointeurFragmentTexte", "division", "titre"}));
  if (record.article.empty()) {
    record.article = trim(text_at(amendment, {"pointeurFragmentTexte", "division", "articleDesignation"}));
  }

  const std::vector<std::string> libelle_names = split_signatories(text_at(amendment, {"signataires", "libelle"}));
  const std::string author_ref = trim(text_at(amendment, {"signataires", "auteur", "acteurRef"}));
  const auto name_of = [&](const std::string& ref) {
    return actors != nullptr ? actors->acteur_name(ref) : std::string();
  };
  record.auteur = name_of(author_ref);
  if (record.auteur.empty()) record.auteur = !libelle_names.empty() ? libelle_names.front() : author_ref;
  if (record.auteur.empty()) record.auteur = text_at(amendment, {"signataires", "auteur", "typeAuteur"});

  std::vector<std::string> refs;
  if (!author_ref.empty()) refs.push_back(author_ref);
  for (std::string& ref : texts_at(amendment, {"signataires", "cosignataires", "acteurRef"})) refs.push_back(trim(ref));
  std::vector<std::string> resolved;
  for (const std::string& ref : refs) {
    if (std::string name = name_of(ref); !name.empty()) resolved.push_back(std::move(name));
  }
  // Full names when every signatory resolves, else the libellé's (surnames only).
  record.auteurs = !refs.empty() && resolved.size() == refs.size() ? resolved : libelle_names;

  const std::string group_ref = trim(text_at(amendment, {"signataires", "auteur", "groupePolitiqueRef"}));
  record.groupe = actors != nullptr ? actors->organe_name(group_ref) : std::string();
  if (record.groupe.empty()) record.groupe = group_ref;

  record.date_publication = parse_date(text_at(amendment, {"cycleDeVie", "datePublication"}));
  if (record.date_publication.empty())
    record.date_publication = parse_date(text_at(amendment, {"cycleDeVie", "dateDepot"}));
  record.sort = trim(text_at(amendment, {"cycleDeVie", "sort"}));
  record.dispositif = html_to_text(text_at(amendment, {"corps", "contenuAuteur", "dispositif"}));
  record.expose = html_to_text(text_at(amendment, {"corps", "contenuAuteur", "exposeSommaire"}));
  complete_record(record);
  tag_territories(record);
  return record;
}

}  // namespace hemicycle::document
