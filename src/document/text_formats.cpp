#include "document/text_formats.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "document/dates.h"
#include "document/markdown_text.h"
#include "document/territories.h"
#include "errors.h"
#include "text/fold.h"

namespace hemicycle::document {
namespace {

// Labels and keywords of the exported pages compared as written by hand.
std::string fold_label(std::string_view text) { return text::fold(text, text::kLabelFold); }

using Lines = std::vector<std::string>;

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// Line ends as "\n", no byte order mark, non-breaking spaces as spaces (they sit
// between labels and values, "n° 2557", "le 02/01/2023").
std::string normalise_spacing(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text.substr(i, 2) == "\u00a0") {
      out += ' ';
      ++i;
    } else if (text.substr(i, 3) == "\u202f") {
      out += ' ';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Lines split_lines(std::string_view text) {
  Lines lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(trim(text.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

// The lines of an exported page, as plain text.
Lines clean_lines(std::string_view text) {
  Lines lines = split_lines(normalise_spacing(text));
  for (std::string& line : lines) line = trim(strip_inline_markdown(line));
  return lines;
}

// Code points, not bytes, for comparing line lengths.
std::size_t length_of(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

UChar32 first_code_point(std::string_view text) {
  if (text.empty()) return -1;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(bytes, i, static_cast<int32_t>(text.size()), c);
  return c;
}

// The code point that ends `text`, or -1.
UChar32 last_code_point(std::string_view text) {
  if (text.empty()) return -1;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(text.size());
  UChar32 c = 0;
  U8_PREV(bytes, 0, i, c);
  return c;
}

std::vector<Lines> split_blocks(const Lines& lines) {
  std::vector<Lines> blocks;
  Lines current;
  for (const std::string& line : lines) {
    if (line.empty()) {
      if (!current.empty()) blocks.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(line);
    }
  }
  if (!current.empty()) blocks.push_back(std::move(current));
  return blocks;
}

// Words before a line-end hyphen that make a compound, not a cut word.
bool is_compound_prefix(const std::string& folded) {
  static const std::set<std::string> kPrefixes{
      "socio",  "anti",  "extra", "demi",  "mi",     "semi",  "non",    "sous", "vice", "apres", "arriere", "avant",
      "contre", "quasi", "bien",  "grand", "grande", "petit", "petite", "nord", "sud",  "ouest", "est",
  };
  return kPrefixes.count(folded) > 0;
}

// Second halves of compounds that follow a hyphen: "lui-même", "c'est-à-dire",
// "celui-ci", "a-t-il".
bool starts_compound_suffix(std::string_view next) {
  static constexpr std::string_view kSuffixes[] = {"mêmes", "même", "être",   "à-",      "ci",
                                                   "là",    "delà", "dessus", "dessous", "t-"};
  for (std::string_view suffix : kSuffixes) {
    if (next.substr(0, suffix.size()) != suffix) continue;
    if (suffix.back() == '-') return true;
    const UChar32 after = first_code_point(next.substr(suffix.size()));
    if (after < 0 || !u_isalpha(after)) return true;
  }
  return false;
}

// The word that a line-end hyphen follows: "l'Emploi-" -> "Emploi".
std::string_view word_before_hyphen(std::string_view line) {
  line.remove_suffix(1);
  std::size_t start = line.size();
  while (start > 0) {
    const char c = line[start - 1];
    if (c == ' ' || c == '\'' || c == '-' || c == '(' || c == '"') break;
    if (start >= 3 && line.substr(start - 3, 3) == "\u2019") break;
    --start;
  }
  return line.substr(start);
}

// Whether a hyphen at the end of a line belongs to the word ("Emploi-" +
// "Formation") or only cuts it ("indus-" + "trielle").
bool keeps_line_end_hyphen(std::string_view line, std::string_view next, std::string_view whole_text) {
  const std::string_view head = word_before_hyphen(line);
  const UChar32 next_first = first_code_point(next);
  if (head.empty() || !u_isalpha(next_first)) return true;
  const std::size_t tail_end = std::min(next.find_first_of(" ,.;:!?)»\"'"), next.size());
  const std::string_view tail = next.substr(0, tail_end);
  // The text itself may say how it writes the word elsewhere.
  const std::string hyphenated = std::string(head) + "-" + std::string(tail);
  const std::string joined = std::string(head) + std::string(tail);
  if (whole_text.find(hyphenated) != std::string_view::npos) return true;
  if (whole_text.find(joined) != std::string_view::npos) return false;
  return u_isupper(next_first) || is_compound_prefix(fold_label(head)) || starts_compound_suffix(next);
}

std::string join_wrapped_lines(const Lines& block, std::string_view whole_text) {
  std::string out;
  for (const std::string& line : block) {
    if (out.empty()) {
      out = line;
      continue;
    }
    const bool hyphen_ends_word = out.size() >= 2 && out.back() == '-' && out[out.size() - 2] != ' ';
    if (!hyphen_ends_word) {
      out += ' ';
    } else if (!keeps_line_end_hyphen(out, line, whole_text)) {
      out.pop_back();
    }
    out += line;
  }
  return out;
}

// A PDF export: many lines of about the same length, one after the other
// without blank lines between them.
bool looks_hard_wrapped(const Lines& lines) {
  std::vector<std::size_t> lengths;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (!lines[i].empty() && !lines[i + 1].empty()) lengths.push_back(length_of(lines[i]));
  }
  if (lengths.size() < 5) return false;
  std::vector<std::size_t> sorted = lengths;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const std::size_t median = sorted[sorted.size() / 2];
  if (median < 50) return false;
  const auto similar = std::count_if(lengths.begin(), lengths.end(),
                                     [&](std::size_t n) { return n * 10 >= median * 8 && n * 10 <= median * 12; });
  return static_cast<std::size_t>(similar) * 10 >= lengths.size() * 7;
}

enum class Layout {
  HardWrapped,  // PDF: lines of a paragraph are joined, cut words rejoined
  Paragraphs,   // one paragraph per block of lines, joined by spaces
  KeepLines,    // lines kept (lists in press releases)
};

bool ends_sentence(std::string_view paragraph) {
  const UChar32 last = last_code_point(paragraph);
  static const std::u32string kEnds = U".!?:;»\")…]";
  return last < 0 || kEnds.find(static_cast<char32_t>(last)) != std::u32string::npos;
}

std::vector<std::string> paragraph_list(const Lines& lines, Layout layout, std::string_view whole_text) {
  std::vector<std::string> paragraphs;
  for (const Lines& block : split_blocks(lines)) {
    std::string paragraph;
    if (layout == Layout::HardWrapped) {
      paragraph = join_wrapped_lines(block, whole_text);
    } else {
      for (const std::string& line : block) {
        if (!paragraph.empty()) paragraph += layout == Layout::KeepLines ? "\n" : " ";
        paragraph += line;
      }
    }
    paragraphs.push_back(std::move(paragraph));
  }
  return paragraphs;
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

// The paragraphs of a section of a document; a paragraph cut by a stray blank
// line in the middle of a sentence ("implantées dans les" / "territoires, leur …")
// is made whole.
std::string section_text(const Lines& lines, Layout layout, std::string_view whole_text) {
  std::vector<std::string> mended;
  for (std::string& paragraph : paragraph_list(lines, layout, whole_text)) {
    if (!mended.empty() && !ends_sentence(mended.back()) && u_islower(first_code_point(paragraph))) {
      mended.back() += " " + paragraph;
    } else {
      mended.push_back(std::move(paragraph));
    }
  }
  return join_paragraphs(mended);
}

bool folded_equals(std::string_view line, std::string_view folded_label) { return fold_label(line) == folded_label; }

bool folded_starts_with(std::string_view line, std::string_view folded_prefix) {
  return fold_label(line).rfind(folded_prefix, 0) == 0;
}

// "16ème législature", "17e législature".
std::optional<int> legislature_of_line(const std::string& line) {
  static const std::regex kLegislature(R"(^(\d{1,2}) ?(?:e|eme|ere|er)\s+legislature$)");
  std::smatch match;
  const std::string folded = fold_label(line);
  if (!std::regex_match(folded, match, kLegislature)) return std::nullopt;
  return std::stoi(match[1].str());
}

// "Question écrite" -> "QE"; empty when not a known kind of question.
std::string question_type(const std::string& folded) {
  if (folded.rfind("question ecrite", 0) == 0) return "QE";
  if (folded.rfind("question au gouvernement", 0) == 0) return "QG";
  if (folded.rfind("question orale sans debat", 0) == 0) return "QOSD";
  return {};
}

struct QuestionHeading {
  std::string type;
  std::string numero;
};

// "Question écrite n° 10824".
std::optional<QuestionHeading> question_heading(const std::string& line) {
  static const std::regex kNumber(R"(^question [a-z ]+ n\s*(?:°|o\.?)\s*(\d+)$)");
  const std::string folded = fold_label(line);
  std::smatch match;
  if (!std::regex_match(folded, match, kNumber)) return std::nullopt;
  std::string type = question_type(folded);
  if (type.empty()) return std::nullopt;
  return QuestionHeading{std::move(type), match[1].str()};
}

struct Labelled {
  std::string label;  // folded
  std::string value;
};

// "Auteur : Mme Lisa Belluco".
std::optional<Labelled> labelled_value(const std::string& line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return Labelled{trim(fold_label(line.substr(0, colon))), trim(line.substr(colon + 1))};
}

// "Vienne (1re circonscription) - Écologiste - NUPES" -> circonscription, groupe.
void read_constituency(const std::string& value, Record& record) {
  std::size_t split = std::string::npos;
  if (const std::size_t close = value.find(')'); close != std::string::npos) {
    record.circonscription = trim(value.substr(0, close + 1));
    split = close + 1;
    if (const std::size_t paren = value.find(" ("); paren != std::string::npos && paren < close) {
      record.departement = trim(value.substr(0, paren));
    }
  } else if (const std::size_t dash = value.find(" - "); dash != std::string::npos) {
    record.circonscription = trim(value.substr(0, dash));
    split = dash;
  } else {
    record.circonscription = value;
  }
  if (split == std::string::npos) return;
  std::string rest = trim(value.substr(split));
  if (rest.rfind('-', 0) == 0) rest = trim(rest.substr(1));
  record.groupe = rest;
}

void read_key_data(const Labelled& field, Record& record) {
  const std::string& label = field.label;
  const std::string& value = field.value;
  if (value.empty()) return;
  if (label == "auteur") {
    record.auteur = value;
  } else if (label == "circonscription") {
    read_constituency(value, record);
  } else if (label == "type de question") {
    if (std::string type = question_type(fold_label(value)); !type.empty()) record.type = type;
  } else if (label == "numero de la question") {
    record.numero = value;
  } else if (label == "rubrique") {
    record.rubrique = value;
  } else if (label == "tete d'analyse") {
    record.tete_analyse = value;
  } else if (label == "analyse") {
    if (record.titre.empty()) record.titre = value;
  } else if (label == "ministere interroge") {
    record.ministere_interroge = value;
  } else if (label == "ministere attributaire") {
    record.ministere_attributaire = value;
  } else if (label.rfind("question publiee", 0) == 0) {
    record.date_publication = parse_date(value);
  } else if (label.rfind("reponse publiee", 0) == 0) {
    record.date_reponse = parse_date(value);
  } else if (label.rfind("question retiree", 0) == 0) {
    record.date_retrait = parse_date(value);
    const std::size_t open = value.find('(');
    const std::size_t close = value.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open) {
      record.cloture = trim(value.substr(open + 1, close - open - 1));
    }
  }
}

// Without "Données clés" (PDF export), the author and the ministry are read
// from the first sentence: "M. Auguste Evrard alerte M. le ministre de
// l'économie, des finances et de l'industrie sur …".
void read_opening_sentence(const std::string& question, Record& record) {
  static const std::regex kOpening(
      R"(^((?:M\.|Mme|MM\.|Mmes) [^,;.]+?) (?:interroge|alerte|questionne|demande à|(?:souhaite )?(?:attire|appelle|attirer|appeler) l['’]attention d[eu]) (?:(?:M\.|Mme) )?(?:l[ea] |l['’])?(.+?),? (?:sur|quant à|au sujet|concernant|à propos|s['’]il|si|de bien vouloir|afin) )");
  std::smatch match;
  const std::string opening = question.substr(0, 600);
  if (!std::regex_search(opening, match, kOpening)) return;
  if (record.auteur.empty()) record.auteur = match[1].str();
  if (record.ministere_interroge.empty()) record.ministere_interroge = match[2].str();
}

std::string hex_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%08llx", static_cast<unsigned long long>(hash & 0xffffffffULL));
  return buffer;
}

Layout body_layout(const Lines& lines, Layout otherwise) {
  return looks_hard_wrapped(lines) ? Layout::HardWrapped : otherwise;
}

void finish(Record& record) {
  complete_record(record);
  tag_territories(record);
}

}  // namespace

std::string reflow_wrapped_text(std::string_view text) {
  const std::string normalised = normalise_spacing(text);
  return join_paragraphs(paragraph_list(split_lines(normalised), Layout::HardWrapped, normalised));
}

TextFormat detect_text_format(std::string_view text) {
  const Lines lines = clean_lines(text);
  bool amendment_heading = false;
  bool summary_heading = false;
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    if (question_heading(line) || folded_equals(line, "texte de la question")) return TextFormat::Question;
    amendment_heading = amendment_heading || folded_equals(line, "amendement");
    summary_heading = summary_heading || folded_equals(line, "expose sommaire");
  }
  return amendment_heading || summary_heading ? TextFormat::Amendment : TextFormat::PressRelease;
}

Record parse_question_text(std::string_view text) {
  const Lines lines = clean_lines(text);
  const Layout layout = body_layout(lines, Layout::Paragraphs);
  const std::string whole = normalise_spacing(text);

  enum class Section { Header, Question, Answer, KeyData };
  Section section = Section::Header;
  Record record;
  Lines title, question, answer;
  for (const std::string& line : lines) {
    const std::string folded = fold_label(line);
    if (folded == "texte de la question") {
      section = Section::Question;
    } else if (folded == "texte de la reponse") {
      section = Section::Answer;
    } else if (folded == "donnees cles" || folded == "date(s) cle(s)" || folded == "dates cles") {
      section = Section::KeyData;
    } else if (section == Section::Question) {
      question.push_back(line);
    } else if (section == Section::Answer) {
      answer.push_back(line);
    } else if (section == Section::KeyData) {
      if (auto field = labelled_value(line)) read_key_data(*field, record);
    } else if (folded == "assemblee nationale") {
      record.chambre = "AN";
    } else if (auto legislature = legislature_of_line(line)) {
      record.legislature = legislature;
    } else if (auto heading = question_heading(line)) {
      record.type = heading->type;
      record.numero = heading->numero;
    } else if (!line.empty() && record.numero.empty()) {
      title.push_back(line);
    }
  }
  if (record.type.empty() || record.numero.empty()) {
    throw InputError("question page without its number (\"Question écrite n° …\" or \"Numéro de la question\")");
  }
  record.texte_question = section_text(question, layout, whole);
  if (record.texte_question.empty()) throw InputError("question page without \"Texte de la question\"");
  record.texte_reponse = section_text(answer, layout, whole);
  if (record.titre.empty()) record.titre = section_text(title, Layout::HardWrapped, whole);
  if (record.auteur.empty() || record.ministere_interroge.empty()) read_opening_sentence(record.texte_question, record);
  finish(record);
  return record;
}

Record parse_amendment_text(std::string_view text) {
  const Lines lines = clean_lines(text);
  const Layout layout = body_layout(lines, Layout::Paragraphs);
  const std::string whole = normalise_spacing(text);
  static const std::regex kBill(R"(^(.*\S)\s*[-–]\s*\(N°\s*(\d+)[^)]*\)$)");
  // Amendments to the second part of a finance bill are numbered "II-2317".
  // A commission's are "CL42" (commission des lois)…
  static const std::regex kNumber(R"(^N°\s*((?:[IV]+-)?([A-Z]{1,6})?\d+)\b.*)");
  static const std::set<std::string> kOutcomes{
      "adopte",        "rejete",      "retire",      "tombe",
      "non soutenu",   "non defendu", "irrecevable", "retire avant seance",
      "non renseigne", "satisfait",
  };

  enum class Section { Header, Authors, Article, Dispositif, Expose };
  Section section = Section::Header;
  Record record;
  record.type = "AMENDEMENT";
  std::string authors;
  Lines dispositif, expose;
  for (const std::string& line : lines) {
    const std::string folded = fold_label(line);
    std::smatch match;
    if (folded == "expose sommaire") {
      section = Section::Expose;
    } else if (section == Section::Expose) {
      expose.push_back(line);
    } else if (section == Section::Dispositif) {
      dispositif.push_back(line);
    } else if (section == Section::Article) {
      if (line.empty()) continue;
      // "ARTICLE ADDITIONNEL APRÈS L'ARTICLE 9, insérer l'article suivant:"
      static const std::regex kInstruction(R"(,\s*ins(?:é|e)rer\b.*$)", std::regex::icase);
      std::string article = std::regex_replace(line, kInstruction, "");
      while (!article.empty() && (article.back() == ':' || article.back() == ' ')) article.pop_back();
      record.article = article;
      section = Section::Dispositif;
    } else if (section == Section::Authors) {
      if (line.empty()) {
        if (!authors.empty()) section = Section::Article;
      } else {
        authors += (authors.empty() ? "" : " ") + line;
      }
    } else if (folded == "assemblee nationale") {
      record.chambre = "AN";
    } else if (auto legislature = legislature_of_line(line)) {
      record.legislature = legislature;
    } else if (folded == "presente par") {
      section = Section::Authors;
    } else if (std::regex_match(line, match, kBill)) {
      record.texte_titre = match[1].str();
      record.texte_numero = match[2].str();
    } else if (std::regex_match(line, match, kNumber)) {
      record.numero = match[1].str();
      // A commission's amendments are numbered after it ("CL42", "I-CF12"); a number
      // alone ("1370", "I-1967") is an amendment tabled for the séance.
      if (!match[2].matched) record.organe_examen = "AN";
    } else if (kOutcomes.count(folded) > 0) {
      record.sort = line;
    } else if (record.date_publication.empty() && !line.empty() && length_of(line) <= 30) {
      record.date_publication = parse_date(line);
    }
  }
  if (record.numero.empty()) throw InputError("amendment without its number (\"N° …\")");

  static const std::regex kAuthorSeparator(R"(\s*,\s*|\s+et\s+)");
  for (std::sregex_token_iterator it(authors.begin(), authors.end(), kAuthorSeparator, -1), end; it != end; ++it) {
    if (std::string name = trim(it->str()); !name.empty()) record.auteurs.push_back(name);
  }
  if (!record.auteurs.empty()) record.auteur = record.auteurs.front();
  record.dispositif = section_text(dispositif, layout, whole);
  record.expose = section_text(expose, layout, whole);
  if (record.dispositif.empty() && record.expose.empty()) {
    throw InputError("amendment " + record.numero + " without dispositif nor exposé sommaire");
  }
  finish(record);
  std::string id = "AMENDEMENT";
  if (record.legislature) id += "-L" + std::to_string(*record.legislature);
  if (!record.texte_numero.empty()) id += "-T" + record.texte_numero;
  record.id = id + "-N" + record.numero;
  return record;
}

Record parse_press_release(std::string_view text) {
  Lines lines = clean_lines(text);
  const auto title = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return !l.empty(); });
  if (title == lines.end()) throw InputError("empty text");
  Record record;
  record.type = "COMMUNIQUE";
  record.titre = *title;
  Lines body(title + 1, lines.end());

  // The date sits under the title: "Mis à jour le 02/01/2023", "Publié le 8 août 2023".
  int looked_at = 0;
  for (auto it = body.begin(); it != body.end() && looked_at < 3; ++it) {
    if (it->empty()) continue;
    ++looked_at;
    const bool updated = folded_starts_with(*it, "mis a jour le");
    const bool announced = updated || folded_starts_with(*it, "publie le") || folded_starts_with(*it, "date");
    if (!announced && length_of(*it) > 30) continue;
    if (std::string date = parse_date(*it); !date.empty()) {
      (updated ? record.date_mise_a_jour : record.date_publication) = date;
      body.erase(it);
      break;
    }
  }
  record.texte = section_text(body, body_layout(body, Layout::KeepLines), normalise_spacing(text));
  if (record.texte.empty()) throw InputError("text with a single line: no title and body to read");
  finish(record);
  const std::string& dated = main_date(record);  // the update date when it is the only one, as ids had it
  record.id = "COMMUNIQUE-" + (dated.empty() ? "" : dated + "-") + hex_hash(record.titre);
  return record;
}

Record parse_text(std::string_view text, TextFormat format) {
  switch (format) {
    case TextFormat::Question:
      return parse_question_text(text);
    case TextFormat::Amendment:
      return parse_amendment_text(text);
    case TextFormat::PressRelease:
      return parse_press_release(text);
  }
  throw InputError("unknown text format");
}

}  // namespace hemicycle::document
