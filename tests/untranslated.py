"""Finds English left on a page that should be all Thai: the words a reader sees (text, and
the title, placeholder, aria-label, alt and button values), minus data and allowed words."""

import re
from html.parser import HTMLParser

WORD = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ -][A-Za-z][A-Za-z'’]+)*")
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
HIDDEN_TAGS = {"script", "style", "template", "noscript"}
# Words that are English in Thai official use too, or names of things.
ALLOWED = {
    "English",  # the language switch
    "OTOP",
    "ID",
    "PDF",
    "JPEG",
    "PNG",
    "XLSX",
    "DOCX",
    "CSV",
    "Excel",
    "Word",
    "HTML",
    "Django",
    "Chromium",
    "KB",  # file sizes and types
    "MB",
    "GB",
    "csv",
    "xlsx",
    "PDPA",
    "BAAC",
    "GSB",
    "URL",
    "mailto",
}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES & values.keys():
            self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag) -> None:
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def english_on(html: str, data: tuple[str, ...] = ()) -> list[str]:
    """The English words and phrases a reader sees on the page, data strings left out."""
    parser = _Visible()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"\S+@\S+|\S*[_/\\*]\S*|\S*\d\S*", " ", text)  # e-mails, paths, codes, hashes
    found = [m.group(0) for m in WORD.finditer(text)]
    return sorted({w for w in found if w not in ALLOWED})
