#pragma once
// Parsers of exported text: a question page of the Assemblée (plain text,
// Markdown, or PDF-extracted with hard line wraps), an amendment, a press release.

#include <string_view>

#include "document/record.h"

namespace hemicycle::document {

enum class TextFormat {
  Question,      // an exported question page (plain, Markdown or PDF-extracted)
  Amendment,     // an exported amendment
  PressRelease,  // anything else: a title line, a date, a body
};

// Guesses the kind of exported text from its content.
[[nodiscard]] TextFormat detect_text_format(std::string_view text);

// Each parser returns a complete record (complete_record applied) or throws
// InputError saying what is missing. `text` is valid UTF-8.
[[nodiscard]] Record parse_question_text(std::string_view text);
[[nodiscard]] Record parse_amendment_text(std::string_view text);
[[nodiscard]] Record parse_press_release(std::string_view text);
[[nodiscard]] Record parse_text(std::string_view text, TextFormat format);

// Rejoins words cut by a line-end hyphen ("indus-\ntrielle" -> "industrielle")
// while keeping real compounds ("Emploi-\nFormation" -> "Emploi-Formation"), and
// turns hard line wraps inside a paragraph into spaces; blank lines stay paragraph breaks.
[[nodiscard]] std::string reflow_wrapped_text(std::string_view text);

}  // namespace hemicycle::document
