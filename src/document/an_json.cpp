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
#include <array>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "document/dates.h"
#include "document/territories.h"
#include "errors.h"
#include "text/fold.h"

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

// --- Questions au Gouvernement: the transcript's speaker turns ----------------
//
// For a QG the JO publishes the compte rendu of the whole exchange as the answer.
// Each turn opens with the speaker's name in bold (<strong>, or <b> in some
// files):
//   <strong>M. le président. </strong>La parole est à M. Jean Dupont.
//   <strong>M. Jean Dupont. </strong>Monsieur le ministre, ...
//   <strong>M. Paul Durand.</strong> Très bien !          (another deputy's interjection)
//   <strong>Mme Anne Martin,</strong><i> ministre de la santé. </i>Monsieur le député, ...
// A speaker given the floor with a function has it in italics after the comma;
// a few labels carry it inside ("<strong>M. X, ministre de ... .</strong>").
// Stage directions are in parentheses: "(Applaudissements sur les bancs du
// groupe RN.)", mostly in italics, sometimes not.

std::string ascii_lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), text::ascii_lower);
  return out;
}

// `lower_prefix` in lower case; only ASCII letters of `text` are folded.
bool starts_with_ignoring_case(std::string_view text, std::string_view lower_prefix) {
  return text.size() >= lower_prefix.size() &&
         std::equal(lower_prefix.begin(), lower_prefix.end(), text.begin(),
                    [](char expected, char c) { return text::ascii_lower(c) == expected; });
}

std::size_t find_ignoring_case(std::string_view text, std::string_view lower_needle, std::size_t from) {
  for (std::size_t at = from; at + lower_needle.size() <= text.size(); ++at) {
    if (starts_with_ignoring_case(text.substr(at), lower_needle)) return at;
  }
  return std::string_view::npos;
}

std::size_t skip_spaces(std::string_view html, std::size_t at) {
  while (at < html.size() && (html[at] == ' ' || html[at] == '\n' || html[at] == '\r' || html[at] == '\t')) ++at;
  return at;
}

std::string_view without_trailing_spaces(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

bool starts_with_capital(std::string_view text) {
  if (text.empty()) return false;
  const auto c = static_cast<unsigned char>(text[0]);
  // UTF-8 for U+00C0-U+00DE (À ... Þ).
  return (c >= 'A' && c <= 'Z') || (c == 0xC3 && text.size() > 1 && static_cast<unsigned char>(text[1]) >= 0x80 &&
                                    static_cast<unsigned char>(text[1]) <= 0x9E);
}

constexpr std::array<std::string_view, 4> kCivilities{"M. ", "Mme ", "MM. ", "Mmes "};

bool starts_with_civility(std::string_view name) {
  return std::any_of(kCivilities.begin(), kCivilities.end(),
                     [&](std::string_view civility) { return name.starts_with(civility); });
}

std::string_view without_civility(std::string_view name) {
  for (std::string_view civility : kCivilities) {
    if (name.starts_with(civility)) return name.substr(civility.size());
  }
  return name;
}

// "M. Pierre Cordier et M. Fabien Di Filippo" names people; "ministre de l'intérieur" does not.
bool names_a_person(std::string_view text) {
  return starts_with_civility(text) || std::any_of(kCivilities.begin(), kCivilities.end(), [&](std::string_view c) {
           return text.find(" " + std::string(c)) != std::string_view::npos;
         });
}

// --- Stage directions

// The JO's stage directions start with a capital and describe the room. Other
// parenthesised text is the speaker's own ("(OQTF)", "(système informatique
// national d'enregistrement des mouvements des animaux)") unless it is in
// italics, as the JO sets stage directions.
bool reads_as_stage_direction(std::string_view text) {
  const std::string inside = trim(text.substr(text.starts_with('(') ? 1 : 0));
  if (inside.starts_with("«")) return true;  // "(« Eh oui ! » sur les bancs du groupe LR.)"
  if (!starts_with_capital(inside)) return false;
  if (starts_with_civility(inside)) return true;  // "(M. Pierre Cordier proteste.)"
  const std::string lower = ascii_lowered(inside);
  for (std::string_view word : {"applaudi", "exclamations", "protestations", "rires", "sourires", "même mouvement",
                                "mêmes mouvements", "huées", "murmures", "brouhaha", "bancs", "se lève",
                                "interruptions", "députés", "tumulte", "bruit", "micro", "l'orat", "l’orat"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Past the tag opening at `at`, or `at` itself when it is no tag.
std::size_t past_tag(std::string_view html, std::size_t at) {
  const std::size_t close = html.find('>', at);
  return close == std::string_view::npos ? at : close + 1;
}

std::size_t paragraph_end(std::string_view html, std::size_t from) {
  return std::min({find_ignoring_case(html, "<br", from), find_ignoring_case(html, "<p", from), html.size()});
}

// Past the parenthesised text opening at `open`, within its paragraph: the
// matching parenthesis, else the first closing one (the JO sometimes leaves a
// nested one open: "(Applaudissements. – (Exclamations.)"), else the end of
// the italic run or of the paragraph.
std::size_t parenthesis_end(std::string_view html, std::size_t open, bool in_italics) {
  const std::size_t limit = paragraph_end(html, open);
  int depth = 0;
  std::size_t first_close = std::string_view::npos;
  for (std::size_t at = open; at < limit; ++at) {
    if (html[at] == '<') {
      at = std::max(at, past_tag(html, at) - 1);
    } else if (html[at] == '(') {
      ++depth;
    } else if (html[at] == ')') {
      if (--depth == 0) return at + 1;
      first_close = std::min(first_close, at);
    }
  }
  if (first_close != std::string_view::npos) return first_close + 1;
  const std::size_t italic_end = in_italics ? find_ignoring_case(html, "</i>", open) : std::string_view::npos;
  return std::min(italic_end, limit);
}

std::string without_stage_directions(std::string_view html) {
  std::string out;
  std::size_t at = 0;
  while (at < html.size()) {
    if (html[at] == '<' && past_tag(html, at) != at) {
      const std::size_t end = past_tag(html, at);
      out += html.substr(at, end - at);
      at = end;
      continue;
    }
    if (html[at] != '(') {
      out += html[at++];
      continue;
    }
    const std::string_view before = without_trailing_spaces(out);
    const bool after_italic_open = before.ends_with("<i>") || before.ends_with("<I>");
    const bool in_italics = after_italic_open || starts_with_ignoring_case(html.substr(at + 1), "<i>");
    const std::size_t end = parenthesis_end(html, at, in_italics);
    if (!in_italics && !reads_as_stage_direction(html_to_text(html.substr(at, end - at)))) {
      out += html[at++];
      continue;
    }
    if (after_italic_open) out.resize(before.size() - 3);
    at = skip_spaces(html, end);
    if (starts_with_ignoring_case(html.substr(at), "</i>")) at += 4;
    // "le Premier ministre (Exclamations…), d'accélérer": no space left before the comma.
    if (at < html.size() && (html[at] == ',' || html[at] == '.')) out.resize(without_trailing_spaces(out).size());
  }
  return out;
}

// --- Speakers

bool is_government_function(std::string_view function) {
  const std::string lower = ascii_lowered(function);
  for (std::string_view word : {"ministre", "secrétaire d'", "secrétaire d’", "garde des sceaux",
                                "porte-parole du gouvernement", "haut-commissaire", "haute-commissaire"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

enum class Role { President, Government, Deputy };

struct Turn {
  Role role = Role::Deputy;
  std::string name;      // "M. Gérald Darmanin", "Un député du groupe LR"
  std::string function;  // "ministre de l'intérieur"; empty for most deputies
  // The function came in italics after the name: how the compte rendu names a
  // speaker given the floor, rather than one who interrupts.
  bool function_in_italics = false;
  std::string text;  // the words, without stage directions
};

struct Label {
  std::size_t begin = 0;  // the opening tag
  std::size_t end = 0;    // past the closing tag
  std::string text;
};

std::optional<Label> next_label(std::string_view html, std::size_t from) {
  for (std::size_t at = html.find('<', from); at != std::string_view::npos; at = html.find('<', at + 1)) {
    for (std::string_view tag : {"strong", "b"}) {
      const std::size_t after_name = at + 1 + tag.size();
      if (after_name >= html.size() || !starts_with_ignoring_case(html.substr(at + 1), tag)) continue;
      if (html[after_name] != '>' && html[after_name] != ' ') continue;  // <br>, <body>
      const std::size_t open_end = html.find('>', after_name);
      const std::string closing = "</" + std::string(tag) + ">";
      const std::size_t close =
          open_end == std::string_view::npos ? open_end : find_ignoring_case(html, closing, open_end + 1);
      if (close == std::string_view::npos) return std::nullopt;
      return Label{at, close + closing.size(), html_to_text(html.substr(open_end + 1, close - open_end - 1))};
    }
  }
  return std::nullopt;
}

std::string without_trailing_punctuation(std::string_view text) {
  const std::size_t last = text.find_last_not_of(" .,:");
  return last == std::string_view::npos ? std::string() : trim(text.substr(0, last + 1));
}

// Reads the speaker from the label and, when the function follows in italics,
// moves `body` past it.
Turn speaker_of(const Label& label, std::string_view html, std::size_t& body) {
  Turn turn;
  turn.name = without_trailing_punctuation(label.text);
  // "M. Pierre-Yves Bournazel (Agir ens)": the group is no part of the name.
  if (const std::size_t group = turn.name.rfind(" ("); group != std::string::npos && turn.name.ends_with(')')) {
    turn.name.resize(group);
  }
  const std::size_t italic = skip_spaces(html, label.end);
  const std::size_t italic_close = find_ignoring_case(html, "</i>", italic);
  if (trim(label.text).ends_with(',') && starts_with_ignoring_case(html.substr(italic), "<i>") &&
      italic_close != std::string_view::npos) {
    turn.function = without_trailing_punctuation(html_to_text(html.substr(italic + 3, italic_close - italic - 3)));
    turn.function_in_italics = true;
    body = italic_close + 4;
  } else if (const std::size_t comma = turn.name.find(','); comma != std::string::npos) {
    const std::string_view rest = std::string_view(turn.name).substr(comma + 1);
    if (!names_a_person(rest)) {
      turn.function = trim(rest);
      turn.name = trim(std::string_view(turn.name).substr(0, comma));
    }
  }
  const std::string_view bare = without_civility(turn.name);
  if (starts_with_ignoring_case(bare, "le président") || starts_with_ignoring_case(bare, "la présidente")) {
    turn.role = Role::President;
  } else if (is_government_function(turn.function)) {
    turn.role = Role::Government;
  }
  return turn;
}

bool has_letter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return (text::ascii_lower(c) >= 'a' && text::ascii_lower(c) <= 'z') || static_cast<unsigned char>(c) >= 0x80;
  });
}

// What precedes the first label is the séance heading and is left out.
std::vector<Turn> split_turns(std::string_view html) {
  std::vector<Turn> turns;
  std::vector<std::string> bodies;
  std::size_t body = html.size();
  for (auto label = next_label(html, 0); label; label = next_label(html, body)) {
    if (!bodies.empty()) bodies.back() += html.substr(body, label->begin - body);
    body = label->end;
    // A stray "<strong>.</strong>" in the middle of a speech opens no turn.
    if (!has_letter(label->text)) continue;
    turns.push_back(speaker_of(*label, html, body));
    bodies.emplace_back();
  }
  if (!bodies.empty() && body < html.size()) bodies.back() += html.substr(body);
  for (std::size_t i = 0; i < turns.size(); ++i) turns[i].text = html_to_text(without_stage_directions(bodies[i]));
  // A member of the government who interrupts is labelled by name alone.
  for (Turn& turn : turns) {
    if (turn.role != Role::Deputy) continue;
    for (const Turn& other : turns) {
      if (other.role == Role::Government && other.name == turn.name) turn.role = Role::Government;
    }
  }
  return turns;
}

// --- The exchange

// "La parole est à M. Jean Dupont, pour le groupe ...", "Vous avez la parole,
// monsieur Dupont.": the president names the deputy who speaks next.
bool gives_the_floor_to(const Turn& president, const Turn& speaker) {
  if (president.role != Role::President) return false;
  const std::string_view name = without_civility(speaker.name);
  const std::size_t space = name.find(' ');
  if (name.size() == speaker.name.size() || space == std::string_view::npos) return false;
  const std::string& text = president.text;
  if (text.find("parole") != std::string::npos && text.find(name) != std::string::npos) return true;
  const std::string lower = ascii_lowered(text);
  const std::string surname = ascii_lowered(name.substr(space + 1));
  return lower.find("la parole, monsieur " + surname) != std::string::npos ||
         lower.find("la parole, madame " + surname) != std::string::npos;
}

// How the compte rendu names a member of the government given the floor (their
// function in italics, or their turn following the president's), unlike one
// who interrupts.
bool given_the_floor(const std::vector<Turn>& turns, std::size_t i) {
  return turns[i].role == Role::Government &&
         (turns[i].function_in_italics || (i > 0 && turns[i - 1].role == Role::President));
}

std::size_t answer_start(const std::vector<Turn>& turns) {
  for (std::size_t i = 0; i < turns.size(); ++i) {
    if (given_the_floor(turns, i)) return i;
  }
  return turns.size();
}

// An interjection ("Très bien !", "Tu l'auras, va, ton investiture !") is a line;
// every question of the corpus runs to more than 200 bytes.
constexpr std::size_t kShortestQuestion = 120;

// The deputy the president gives the floor to before the answer; else the first
// deputy who speaks at a question's length before it (some transcripts name
// the deputy otherwise, or start with the question).
std::size_t asker_of(const std::vector<Turn>& turns, std::size_t before) {
  for (std::size_t i = 0; i < before; ++i) {
    if (turns[i].role != Role::Deputy) continue;
    for (std::size_t p = 0; p < i; ++p) {
      if (gives_the_floor_to(turns[p], turns[i])) return i;
    }
  }
  for (std::size_t i = 0; i < before; ++i) {
    if (turns[i].role != Role::Deputy) continue;
    std::size_t said = 0;
    for (std::size_t j = i; j < before; ++j) {
      if (turns[j].role == Role::Deputy && turns[j].name == turns[i].name) said += turns[j].text.size();
    }
    if (said >= kShortestQuestion) return i;
  }
  return turns.size();
}

// Some transcripts run on into the next question: the exchange ends where the
// president gives the floor to another deputy who then speaks.
std::size_t exchange_end(const std::vector<Turn>& turns, std::size_t answer, const std::string& asker) {
  for (std::size_t p = answer + 1; p < turns.size(); ++p) {
    if (turns[p].role != Role::President) continue;
    for (std::size_t i = p + 1; i < turns.size(); ++i) {
      if (turns[i].role == Role::Deputy && turns[i].name != asker && gives_the_floor_to(turns[p], turns[i])) return p;
    }
  }
  return turns.size();
}

std::string joined_texts(const std::vector<Turn>& turns, std::size_t from, std::size_t to,
                         const std::function<bool(const Turn&)>& keep) {
  std::vector<std::string> texts;
  for (std::size_t i = from; i < to; ++i) {
    if (keep(turns[i]) && !turns[i].text.empty()) texts.push_back(turns[i].text);
  }
  return join(texts, "\n\n");
}

struct Exchange {
  std::string asker;       // the asking deputy, as the transcript names them
  std::string question;    // their words
  std::string answer;      // the government's words
  std::string respondent;  // "M. Gérald Darmanin, ministre de l'intérieur"; empty when no one answers
};

Exchange split_exchange(std::string_view html) {
  const std::vector<Turn> turns = split_turns(html);
  const std::size_t answer = answer_start(turns);
  const std::size_t asker = asker_of(turns, answer);
  Exchange exchange;
  if (asker < turns.size()) exchange.asker = turns[asker].name;
  if (answer == turns.size()) return exchange;
  const std::size_t end = exchange_end(turns, answer, exchange.asker);
  if (asker < turns.size()) {
    exchange.question =
        joined_texts(turns, 0, end, [&](const Turn& t) { return t.role == Role::Deputy && t.name == exchange.asker; });
  }
  // A minister who only interrupts the answer ("Eh oui !") is not answering; nor is
  // one given the floor, by the transcript's look, for a line, when another says as
  // much as a question: "Oh là là !" during the question, with a function in
  // italics (QANR5L15QG4456), or "Oui, tout de même !" after a remark of the
  // president's, before the minister the president then calls (QANR5L15QG3952).
  std::map<std::string, std::size_t> floor;  // bytes said by each member given the floor
  for (std::size_t i = answer; i < end; ++i) {
    if (given_the_floor(turns, i)) floor.emplace(turns[i].name, 0);
  }
  for (std::size_t i = answer; i < end; ++i) {
    if (turns[i].role == Role::Government && floor.contains(turns[i].name))
      floor[turns[i].name] += turns[i].text.size();
  }
  const bool someone_answers =
      std::any_of(floor.begin(), floor.end(), [](const auto& spoken) { return spoken.second >= kShortestQuestion; });
  std::set<std::string> answering;
  for (const auto& [name, bytes] : floor) {
    if (bytes >= kShortestQuestion || !someone_answers) answering.insert(name);
  }
  exchange.answer = joined_texts(
      turns, answer, end, [&](const Turn& t) { return t.role == Role::Government && answering.contains(t.name); });
  // The respondent: the first of them, named with a function where the transcript gives one.
  std::size_t respondent = end;
  for (std::size_t i = answer; i < end; ++i) {
    if (turns[i].role != Role::Government || !answering.contains(turns[i].name)) continue;
    if (respondent == end) {
      respondent = i;
    } else if (turns[i].name == turns[respondent].name && turns[respondent].function.empty()) {
      respondent = i;
    }
  }
  const Turn& who = turns[respondent];
  exchange.respondent = who.function.empty() ? who.name : who.name + ", " + who.function;
  return exchange;
}

// Returns the asking deputy as a QG transcript names them (empty for other questions).
std::string fill_question_texts(Record& record, const json& question) {
  record.texte_question = html_to_text(join(texts_at(question, {"textesQuestion", "texteQuestion", "texte"}), "<p>"));
  const std::string answer = answer_html(question);
  if (record.type != "QG") {
    record.texte_reponse = html_to_text(answer);
    return {};
  }
  Exchange exchange = split_exchange(answer);
  if (exchange.respondent.empty()) {
    // No member of the government answers (a transcript cut short, a sitting
    // suspended): the whole exchange is kept as both texts, as it was before
    // turns were told apart, rather than guessing where the question ends.
    record.texte_reponse = without_seance_heading(html_to_text(answer));
    if (record.texte_question.empty()) record.texte_question = record.texte_reponse;
    return exchange.asker;
  }
  record.texte_reponse = std::move(exchange.answer);
  if (record.texte_question.empty()) record.texte_question = std::move(exchange.question);
  record.repondant = std::move(exchange.respondent);
  return exchange.asker;
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

// The outcome of an amendment: its `sort` once discussed (Adopté, Rejeté, Tombé,
// Retiré, Non soutenu), else from its state: what became of a discussed one, an
// inadmissible one as "Irrecevable" whatever the article ("Irrecevable 40"),
// else the state itself ("Retiré", "A discuter").
std::string amendment_outcome(const json& amendment) {
  if (std::string sort = trim(text_at(amendment, {"cycleDeVie", "sort"})); !sort.empty()) return sort;
  const std::string state = trim(text_at(amendment, {"cycleDeVie", "etatDesTraitements", "etat", "libelle"}));
  const std::string substate = trim(text_at(amendment, {"cycleDeVie", "etatDesTraitements", "sousEtat", "libelle"}));
  if (state == "Discuté" && !substate.empty()) return substate;
  if (state.starts_with("Irrecevable")) return "Irrecevable";
  return state;
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
  organes_[uid] = {trim(text_at(row, {"libelle"})), trim(text_at(row, {"libelleAbrev"}))};
}

std::string ActorDirectory::acteur_name(std::string_view ref) const {
  auto it = acteurs_.find(std::string(ref));
  return it == acteurs_.end() ? std::string() : it->second.name;
}

std::string ActorDirectory::organe_name(std::string_view ref) const {
  auto it = organes_.find(std::string(ref));
  return it == organes_.end() ? std::string() : it->second.name;
}

std::string ActorDirectory::organe_abbreviation(std::string_view ref) const {
  auto it = organes_.find(std::string(ref));
  return it == organes_.end() ? std::string() : it->second.abbreviation;
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
  record.groupe_sigle = trim(text_at(question, {"auteur", "groupe", "abrege"}));
  if (record.groupe_sigle.empty() && actors != nullptr) {
    record.groupe_sigle = actors->organe_abbreviation(trim(text_at(question, {"auteur", "groupe", "organeRef"})));
  }

  record.ministere_interroge = text_at(question, {"minInt", "developpe"});
  if (record.ministere_interroge.empty()) record.ministere_interroge = text_at(question, {"minInt", "abrege"});
  // A question transferred to another ministry lists every attributaire; the last one answers.
  std::vector<std::string> attributaires = texts_at(question, {"minAttribs", "minAttrib", "denomination", "developpe"});
  if (attributaires.empty()) attributaires = texts_at(question, {"minAttribs", "minAttrib", "denomination", "abrege"});
  if (!attributaires.empty()) record.ministere_attributaire = attributaires.back();

  record.date_publication = parse_date(text_at(question, {"textesQuestion", "texteQuestion", "infoJO", "dateJO"}));
  record.date_reponse = parse_date(text_at(question, {"textesReponse", "texteReponse", "infoJO", "dateJO"}));
  const std::string asker = fill_question_texts(record, question);
  // Without the acteurs table a PA... reference tells a reader nothing; the transcript names the deputy.
  if (resolved.empty() && !asker.empty()) record.auteur = asker;
  fill_closure(record, question);

  if (actors != nullptr && !acteur_ref.empty()) {
    std::string on = main_date(record);
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
  if (actors != nullptr) record.groupe_sigle = actors->organe_abbreviation(group_ref);

  record.date_publication = parse_date(text_at(amendment, {"cycleDeVie", "datePublication"}));
  if (record.date_publication.empty())
    record.date_publication = parse_date(text_at(amendment, {"cycleDeVie", "dateDepot"}));
  record.sort = amendment_outcome(amendment);
  record.date_sort = parse_date(text_at(amendment, {"cycleDeVie", "dateSort"}));  // "2024-12-04T11:14:08+01:00"
  record.organe_examen = trim(text_at(amendment, {"identification", "prefixeOrganeExamen"}));
  record.dispositif = html_to_text(text_at(amendment, {"corps", "contenuAuteur", "dispositif"}));
  record.expose = html_to_text(text_at(amendment, {"corps", "contenuAuteur", "exposeSommaire"}));
  complete_record(record);
  tag_territories(record);
  return record;
}

}  // namespace hemicycle::document
