"""Read a page's form the way a browser would submit it (without JavaScript).

`form_fields(html, with_field="version")` returns the name → value pairs of the first
`<form method="post">` that has a field of that name (the header's log-out and language
forms are post forms too):
text inputs, hidden inputs, ticked checkboxes, textareas and the selected option of
each select. Buttons are left out; add the one the user presses.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.first_option: str | None = None
        self.in_template = 0
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form, self.fields = True, []
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            else:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name:
            self.select, self.select_value, self.first_option = name, None, None
        elif tag == "option" and self.select:
            value = a.get("value") or ""
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.select_value = value

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
            return
        if self.in_template or not self.in_form:
            return
        if tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            value = self.select_value if self.select_value is not None else self.first_option
            self.fields.append((self.select, value or ""))
            self.select = None
        elif tag == "form":
            self.in_form = False
            self.forms.append(self.fields)

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_fields(html: str, *, with_field: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == with_field for name, _ in fields):
            return dict(fields)
    raise AssertionError(f"no post form with a field {with_field!r} in the page")
