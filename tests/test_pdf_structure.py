"""The structure tree of our PDFs has one element per HTML element, however many pages it spans.

WeasyPrint tags each page fragment as its own element (Kozea/WeasyPrint#2903);
core.pdf_tags merges them. These tests read the tree back with pypdf.
"""

import io
from collections import Counter, defaultdict

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject, NullObject

from core.pdf import render_pdf

LOREM = (
    "Die Stadt Laatzen fördert die Teilhabe aller Menschen am gesellschaftlichen Leben, "
    "unabhängig von ihrer Herkunft, und stimmt ihre Angebote mit den Trägern vor Ort ab. "
)

SPACER = '<div style="break-before: page; height: 160mm"></div>'


def _html(body: str) -> str:
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Test</title>'
        "<style>@page { size: A5; margin: 15mm }</style></head>"
        f"<body><h1>Strukturtest</h1>{body}</body></html>"
    )


def _table(rows: int, *, caption: str = "", style: str = "", footer: bool = False) -> str:
    body = "".join(f"<tr><td>Zeile {n}</td><td>Wert {n}</td></tr>" for n in range(1, rows + 1))
    foot = '<tfoot><tr><td colspan="2">Quelle: Stadt Laatzen</td></tr></tfoot>' if footer else ""
    return (
        f'<table style="{style}">'
        + (f"<caption>{caption}</caption>" if caption else "")
        + '<thead><tr><th scope="col">Nr.</th><th scope="col">Wert</th></tr></thead>'
        + f"{foot}<tbody>{body}</tbody></table>"
    )


class Tree:
    """The structure tree of a PDF: elements in document order with their parents."""

    def __init__(self, pdf: bytes):
        self.reader = PdfReader(io.BytesIO(pdf))
        self.page_of = {p.indirect_reference.idnum: i for i, p in enumerate(self.reader.pages)}
        self.root = self.reader.trailer["/Root"]["/StructTreeRoot"]
        self.elements = []  # (idnum, element, parent idnum)
        self.owned = defaultdict(set)  # element idnum -> {(page, MCID)} or {("annot", idnum)}
        stack = [(kid, self.root.indirect_reference) for kid in reversed(self._kids(self.root))]
        while stack:
            kid, parent = stack.pop()
            if not isinstance(kid, IndirectObject):
                continue
            element = kid.get_object()
            if "/S" not in element:
                continue
            self.elements.append((kid.idnum, element, parent.idnum if parent else None))
            for child in self._kids(element):
                self._own(kid.idnum, element, child)
            stack.extend((child, kid) for child in reversed(self._kids(element)))

    @staticmethod
    def _kids(element) -> list:
        kids = element.get("/K", [])
        return list(kids) if isinstance(kids, list) else [kids]

    def _own(self, idnum, element, child):
        if isinstance(child, int):
            self.owned[idnum].add((self.page_of[element.raw_get("/Pg").idnum], child))
            return
        obj = child.get_object() if isinstance(child, IndirectObject) else child
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
            self.owned[idnum].add((self.page_of[obj.raw_get("/Pg").idnum], obj["/MCID"]))
        elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR":
            self.owned[idnum].add(("annot", obj.raw_get("/Obj").idnum))

    def of_type(self, tag: str) -> list:
        return [element for _, element, _ in self.elements if element["/S"] == tag]

    def children(self, element, tag: str | None = None) -> list:
        kids = [kid.get_object() for kid in self._kids(element) if isinstance(kid, IndirectObject)]
        return [kid for kid in kids if "/S" in kid and (tag is None or kid["/S"] == tag)]

    def marked_content(self, page_number: int) -> tuple[list[int], Counter]:
        """MCIDs of the page's content stream, and the count of each artifact subtype."""
        page = self.reader.pages[page_number]
        mcids, artifacts = [], Counter()
        for operands, operator in ContentStream(page.get_contents(), self.reader).operations:
            if operator == b"BDC" and "/MCID" in operands[1]:
                mcids.append(operands[1]["/MCID"])
            elif operator == b"BDC" and operands[0] == "/Artifact":
                artifacts[operands[1].get("/Subtype")] += 1
        return mcids, artifacts

    def rows(self, table) -> list:
        return [row for body in self.children(table, "/TBody") for row in self.children(body)]


@pytest.fixture(scope="module")
def long_document():
    items = "".join(f"<li>Punkt {n}: {LOREM[:60]}</li>" for n in range(1, 61))
    items += '<li>Mehr unter <a href="https://www.laatzen.de/">laatzen.de</a></li>'
    body = (
        _table(60, caption="Maßnahmen im Überblick", footer=True)
        + f"<ul>{items}</ul>"
        # Each paragraph starts 20 mm above the end of a page, so it runs over the break.
        + f"{SPACER}<p>{LOREM * 4}</p>"
        + f'{SPACER}<p><a href="https://www.laatzen.de/">{LOREM * 4}</a></p>'
    )
    return Tree(render_pdf(_html(body)))


@pytest.fixture(scope="module")
def two_tables_document():
    body = _table(3, caption="Erste") + _table(3, style="break-before: page")
    body += "<ul><li>Liste A</li></ul>" + '<ul style="break-before: page"><li>Liste B</li></ul>'
    return Tree(render_pdf(_html(body)))


def test_table_over_three_pages_is_one_table_with_all_rows(long_document):
    tree = long_document
    assert len(tree.reader.pages) >= 4
    [table] = tree.of_type("/Table")
    assert [kid["/S"] for kid in tree.children(table)] == [
        "/Caption",
        "/THead",
        "/TBody",
        "/TFoot",
    ]
    rows = tree.rows(table)
    assert len(rows) == 60
    pages = [tree.page_of[row.raw_get("/Pg").idnum] for row in rows]
    assert pages == sorted(pages) and pages[0] < pages[-1] >= 2, "rows of several pages"
    assert all(len(tree.children(row, "/TD")) == 2 for row in rows)


def test_repeated_header_is_an_artifact_and_cells_point_at_the_kept_header(long_document):
    tree = long_document
    [table] = tree.of_type("/Table")
    [thead] = tree.children(table, "/THead")
    header_ids = {th["/ID"] for th in tree.children(tree.children(thead)[0], "/TH")}
    assert len(header_ids) == 2
    assert len(tree.of_type("/TH")) == 2
    for row in tree.rows(table):
        for cell in tree.children(row, "/TD"):
            assert set(cell["/A"]["/Headers"]) <= header_ids
    # The header (and footer) text is printed on later pages, as pagination artifacts.
    table_pages = {tree.page_of[row.raw_get("/Pg").idnum] for row in tree.rows(table)}
    first, *later = sorted(table_pages)
    for page in [first, *later]:
        _, artifacts = tree.marked_content(page)
        assert artifacts["/Header"] == (2 if page in later else 0), f"header on page {page}"
        assert artifacts["/Footer"] == (1 if page != later[-1] else 0), f"footer on page {page}"


def test_long_list_is_one_list_with_all_items(long_document):
    tree = long_document
    [lst] = tree.of_type("/L")
    items = tree.children(lst, "/LI")
    assert len(items) == 61
    assert len({tree.page_of[item.raw_get("/Pg").idnum] for item in items}) >= 2
    assert len(tree.of_type("/Lbl")) == 61


def test_paragraph_and_link_across_a_page_break_are_one_element_each(long_document):
    tree = long_document
    paragraphs = tree.of_type("/P")
    assert len(paragraphs) == 2
    spans = tree.children(paragraphs[0], "/Span")
    assert len({tree.page_of[span.raw_get("/Pg").idnum] for span in spans}) == 2
    links = tree.children(paragraphs[1], "/Link")
    assert len(links) == 1
    marks = tree.owned[links[0].indirect_reference.idnum]
    assert len({page for page, _ in marks if page != "annot"}) == 2


def test_different_tables_and_lists_on_consecutive_pages_stay_apart(two_tables_document):
    tree = two_tables_document
    tables = tree.of_type("/Table")
    assert len(tables) == 2
    assert [len(tree.rows(table)) for table in tables] == [3, 3]
    assert [tree.page_of[table.raw_get("/Pg").idnum] for table in tables] == [0, 1]
    assert len(tree.of_type("/THead")) == 2
    assert len(tree.of_type("/L")) == 2


@pytest.mark.parametrize("document", ["long_document", "two_tables_document"])
def test_every_element_is_once_in_the_tree_below_its_parent(request, document):
    tree = request.getfixturevalue(document)
    seen = Counter(idnum for idnum, _, _ in tree.elements)
    assert max(seen.values()) == 1
    for idnum, element, parent in tree.elements:
        assert element.raw_get("/P").idnum == parent, f"{element['/S']} {idnum}: wrong /P"
        assert element["/K"] is not None


@pytest.mark.parametrize("document", ["long_document", "two_tables_document"])
def test_parent_tree_maps_all_marked_content_to_elements_in_the_tree(request, document):
    tree = request.getfixturevalue(document)
    in_tree = {idnum for idnum, _, _ in tree.elements}
    nums = tree.root["/ParentTree"]["/Nums"]
    parent_tree = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    owner_of = {mark: idnum for idnum, marks in tree.owned.items() for mark in marks}
    for number, page in enumerate(tree.reader.pages):
        slots = parent_tree[page["/StructParents"]].get_object()
        mcids, _ = tree.marked_content(number)
        assert sorted(mcids) == [
            m for m, slot in enumerate(slots) if not isinstance(slot, NullObject)
        ]
        for mcid in mcids:
            element = slots[mcid].idnum
            assert element in in_tree, f"page {number} MCID {mcid}: element not in tree"
            assert owner_of.get((number, mcid)) == element
    owned_marks = {mark for mark in owner_of if mark[0] != "annot"}
    all_marks = {(n, m) for n in range(len(tree.reader.pages)) for m in tree.marked_content(n)[0]}
    assert owned_marks == all_marks
    for page in tree.reader.pages:
        for annotation in page.get("/Annots", []):
            element = parent_tree[annotation.get_object()["/StructParent"]].idnum
            assert owner_of[("annot", annotation.idnum)] == element


def test_a_merge_that_fails_half_way_still_gives_the_pdf_unmerged(monkeypatch, caplog):
    from core import pdf_tags

    def fail(pdf, sources):
        raise KeyError("unexpected structure")

    monkeypatch.setattr(pdf_tags, "merge_fragments", fail)
    tree = Tree(render_pdf(_html(_table(60, caption="Maßnahmen"))))
    assert len(tree.of_type("/Table")) > 1  # one per page, as WeasyPrint tags it
    assert "writing it unmerged" in caplog.text
