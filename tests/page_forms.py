"""Read a rendered page's questionnaire fields back as the POST data a browser would send."""

from html.parser import HTMLParser


class _FieldReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name") or ""
        if not (name == "revision" or "__" in name):
            return
        if tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.data.setdefault(name, "")
                if "checked" in attributes:
                    self.data[name] = attributes.get("value", "on")
            else:
                self.data[name] = attributes.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None


def questionnaire_data(page: str, changes: dict[str, str] | None = None) -> dict[str, str]:
    """The page's questionnaire fields as posted, with `changes` ({"SW-1__evidence": "…"}) typed in."""
    reader = _FieldReader()
    reader.feed(page)
    return reader.data | {"action": "save"} | (changes or {})
