"""Plain text of a paper → blocks of paragraphs and (two-level) lists.

Blank lines separate paragraphs; a line starting with "- " is a list item, one starting with
whitespace and "- " a sub-item of the item before. The blocks carry plain strings only: the
templates escape them like any other text.
"""

from __future__ import annotations

import re

ITEM = re.compile(r"^-\s+(?P<text>.*)$")
SUB_ITEM = re.compile(r"^\s+-\s+(?P<text>.*)$")


def parse_blocks(text: str) -> list[dict]:
    blocks: list[dict] = []
    paragraph: list[str] = []

    def close_paragraph():
        if paragraph:
            blocks.append({"type": "p", "lines": list(paragraph)})
            paragraph.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            close_paragraph()
            continue
        sub = SUB_ITEM.match(line)
        item = ITEM.match(line)
        if sub and blocks and blocks[-1]["type"] == "ul" and not paragraph:
            blocks[-1]["items"][-1]["children"].append(sub["text"])
        elif item or sub:
            close_paragraph()
            entry = {"text": (item or sub)["text"], "children": []}
            if blocks and blocks[-1]["type"] == "ul":
                blocks[-1]["items"].append(entry)
            else:
                blocks.append({"type": "ul", "items": [entry]})
        else:  # plain text; after a list it starts a new paragraph
            paragraph.append(line.strip())
    close_paragraph()
    return blocks
