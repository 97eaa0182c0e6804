"""One structure element per HTML element in our tagged PDFs (PDF/UA-1).

WeasyPrint 70 builds the structure tree page by page (``weasyprint.pdf.tags.add_tags``):
an element that runs over a page break becomes one structure element per page fragment, so a
table over three pages is three sibling ``/Table`` elements and a screen reader announces three
tables (upstream Kozea/WeasyPrint#2903). We merge the fragments in a ``write_pdf`` finisher,
on the in-memory pydyf objects, before the file is written.

Telling a continuation from a new element
    Box fragments of one HTML element share ``box.element`` (the parsed HTML element), but
    the finished structure tree keeps no link to the boxes. So, only while ``render_pdf`` runs,
    a thin wrapper around ``weasyprint.pdf.tags._build_box_tree`` records for every structure
    element it yields the HTML element and tag of its box (a ``ContextVar``: other renders
    and threads are untouched). A structure element is a continuation when its previous
    sibling has the same structure type and comes from the same HTML element and tag
    (``li`` and ``li::marker`` differ); two different tables on consecutive pages come from
    two HTML elements and stay two. Merging is top-down: after two ``/Sect`` or ``/Table``
    fragments are merged, their split children (``/TBody``, ``/LI``, ``/P``) are adjacent and
    get merged in turn. If the hook cannot be installed (WeasyPrint renamed the function),
    the PDF is written unmerged and a warning is logged; tests/test_pdf_structure.py fails.

Merging moves the continuation's /K into the first fragment (updating the children's /P;
MCIDs from another page become marked-content references with their own /Pg), drops the
continuation from its parent's /K, points its ParentTree entries (MCIDs, link annotations) at
the first fragment and empties its dictionary, so nothing refers to it any more.

Repeated table headers and footers
    WeasyPrint draws ``<thead>`` (and ``<tfoot>``) again on each page of a table, and tags
    every copy. A merged table with a ``/THead`` before each page's rows is not a valid PDF
    table structure (at most one THead and one TFoot) and a screen reader would read the
    header row in the middle of the data. We keep the first ``/THead`` and the last
    ``/TFoot`` (the one below the last rows, placed after the last ``/TBody``) and turn the
    other copies into pagination artifacts, as word processors do for "repeat header row":
    their marked content ``/Span <</MCID n>> BDC`` becomes
    ``/Artifact <</Type /Pagination /Subtype /Header>> BDC`` (``/Footer`` for a footer),
    their ParentTree slots become null, and the ``Headers`` of cells on later pages point at
    the IDs of the kept header cells. The text is still printed on each page. A copy whose
    cells do not line up with the kept group, or that holds an annotation (a link), stays
    tagged as it is, because an artifact must not contain tagged annotations.

The finisher visits every structure element once and scans the content stream of a page only
when a repeated header on that page becomes an artifact: linear in the size of the document.
"""

from __future__ import annotations

import contextlib
import logging
from contextvars import ContextVar

import pydyf
from weasyprint.pdf import tags as weasyprint_tags

logger = logging.getLogger(__name__)

# Number of a structure element (pydyf object) -> (HTML element, element tag) of its box.
_sources: ContextVar[dict | None] = ContextVar("pdf_tag_sources", default=None)
_HOOK_MARK = "_laatzen_records_sources"
_NULL = b"null"
_GROUPS = {"/THead": "/Header", "/TFoot": "/Footer"}


def _install_hook() -> bool:
    """Wrap WeasyPrint's structure builder once so it records the source of each element."""
    original = getattr(weasyprint_tags, "_build_box_tree", None)
    if original is None:
        return False
    if getattr(original, _HOOK_MARK, False):
        return True

    def build_box_tree_recording_sources(box, *args, **kwargs):
        sources = _sources.get()
        if sources is None:
            yield from original(box, *args, **kwargs)
            return
        source = (getattr(box, "element", None), getattr(box, "element_tag", None))
        for element in original(box, *args, **kwargs):
            # Recursion runs through this wrapper, so the innermost box is recorded
            # first; html/body/page boxes only pass their children's elements on.
            if source[0] is not None:
                sources.setdefault(element.number, source)
            yield element

    setattr(build_box_tree_recording_sources, _HOOK_MARK, True)
    weasyprint_tags._build_box_tree = build_box_tree_recording_sources
    return True


_HOOKED = _install_hook()


class FragmentMergeError(Exception):
    """Merging went wrong half-way: the tree may be inconsistent, write the PDF unmerged."""


@contextlib.contextmanager
def merging_fragments():
    """Record element sources while WeasyPrint writes; yields the finisher for write_pdf.

    The finisher raises only ``FragmentMergeError`` (whatever went wrong inside), so the
    caller can tell a failed merge from a failed render."""
    if not _HOOKED:
        logger.warning("WeasyPrint structure hook missing: page fragments are not merged")
    sources: dict = {}
    token = _sources.set(sources)

    def finisher(document, pdf):
        try:
            merge_fragments(pdf, sources)
        except Exception as error:
            raise FragmentMergeError(f"{type(error).__name__}: {error}") from error

    try:
        yield finisher
    finally:
        _sources.reset(token)


def merge_fragments(pdf: pydyf.PDF, sources: dict) -> None:
    """Merge the page fragments of each structure element in ``pdf`` (see module docstring)."""
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None or not sources:
        return
    _TreeMerger(pdf, sources).run(_resolve(pdf, root_ref))


def _number(reference) -> int | None:
    """Object number of an indirect reference (pydyf writes them as b'12 0 R')."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split(b" ", 1)[0])
    return None


def _resolve(pdf, reference):
    number = _number(reference)
    return None if number is None else pdf.objects[number]


def _is_struct_element(obj) -> bool:
    return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"


class _TreeMerger:
    def __init__(self, pdf, sources):
        self.pdf = pdf
        self.sources = sources
        self.replaced: dict[int, pydyf.Dictionary | None] = {}  # removed -> kept element
        self.artifacts: set[tuple[int, int]] = set()  # (page object number, MCID)
        self.header_ids: dict[str, pydyf.String] = {}  # repeated TH ID -> kept TH ID
        self.stream_index: dict[int, dict] = {}  # page object number -> MCID positions

    def run(self, root):
        stack = [self._element(ref) for ref in root.get("K", ())]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            if self.header_ids:
                self._remap_headers(node)
            if node.get("S") == "/Table":
                self._drop_repeated_groups(node)
            self._merge_children(node)
            stack.extend(self._element(kid) for kid in node["K"])
        self._fix_parent_tree(self._resolve(root["ParentTree"]))

    def _resolve(self, reference):
        return _resolve(self.pdf, reference)

    def _element(self, kid):
        obj = self._resolve(kid)
        return obj if _is_struct_element(obj) else None

    def _same_source(self, first, other) -> bool:
        a = self.sources.get(first.number)
        b = self.sources.get(other.number)
        return a is not None and b is not None and a[0] is b[0] and a[1] == b[1]

    # Merging continuations -------------------------------------------------------------

    def _merge_children(self, node):
        kept = pydyf.Array()
        previous = None
        for kid in node["K"]:
            element = self._element(kid)
            if (
                element is not None
                and previous is not None
                and element["S"] == previous["S"]
                and self._same_source(previous, element)
            ):
                self._absorb(previous, element)
                continue
            kept.append(kid)
            previous = element
        if len(kept) != len(node["K"]):
            node["K"] = kept

    def _absorb(self, first, continuation):
        """Move the continuation's children into ``first`` and empty the continuation."""
        same_page = continuation.get("Pg") == first.get("Pg")
        for kid in continuation["K"]:
            if isinstance(kid, int) and not same_page:
                kid = pydyf.Dictionary({"Type": "/MCR", "Pg": continuation["Pg"], "MCID": kid})
            else:
                child = self._element(kid)
                if child is not None:
                    child["P"] = first.reference
            first["K"].append(kid)
        self.replaced[continuation.number] = first
        continuation.clear()

    # Repeated table headers and footers --------------------------------------------------

    def _drop_repeated_groups(self, table):
        """Keep the first THead and the last TFoot (moved to the end), artifact the copies."""
        groups = {"/THead": [], "/TFoot": []}
        for kid in table["K"]:
            element = self._element(kid)
            if element is not None and element["S"] in groups:
                groups[element["S"]].append(element)
        if len(groups["/THead"]) < 2 and not groups["/TFoot"]:
            return
        dropped = set()
        for kept, copies in (
            (groups["/THead"][:1], groups["/THead"][1:]),
            (groups["/TFoot"][-1:], groups["/TFoot"][:-1]),
        ):
            for copy in copies:
                if self._same_source(kept[0], copy) and self._make_artifact(kept[0], copy):
                    dropped.add(copy.number)
        footer = groups["/TFoot"][-1:]
        dropped.update(element.number for element in footer)
        kids = [kid for kid in table["K"] if _number(kid) not in dropped]
        table["K"] = pydyf.Array(kids + [element.reference for element in footer])

    def _make_artifact(self, first, repeat) -> bool:
        """Turn a repeated THead/TFoot into pagination artifacts; False if not possible."""
        first_cells = self._cells(first)
        repeat_cells = self._cells(repeat)
        if len(first_cells) != len(repeat_cells):
            return False
        marked = []  # (page object number, MCID)
        elements = []
        stack = [repeat]
        while stack:
            element = stack.pop()
            elements.append(element)
            for kid in element["K"]:
                if isinstance(kid, int):
                    marked.append((_number(element["Pg"]), kid))
                    continue
                child = self._element(kid)
                if child is not None:
                    stack.append(child)
                elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
                    marked.append((_number(kid["Pg"]), kid["MCID"]))
                else:
                    return False  # an annotation (OBJR): it must stay tagged
        for kept, copy in zip(first_cells, repeat_cells, strict=True):
            if "ID" in copy and "ID" in kept:
                self.header_ids[copy["ID"].string] = kept["ID"]
        subtype = _GROUPS[repeat["S"]]
        for page, mcid in marked:
            self._artifact_content(page, mcid, subtype)
        for element in elements:
            self.replaced[element.number] = None
            element.clear()
        return True

    def _cells(self, group):
        return [
            cell
            for row in map(self._element, group["K"])
            if row is not None
            for cell in map(self._element, row["K"])
            if cell is not None and cell["S"] in ("/TH", "/TD")
        ]

    def _artifact_content(self, page_number, mcid, subtype):
        self.artifacts.add((page_number, mcid))
        index = self._marked_content_index(page_number)
        position = index.get(mcid)
        if position is None:
            return
        operations = index["stream"].stream
        operations[position - 1] = "/Artifact"
        operations[position] = pydyf.Dictionary({"Type": "/Pagination", "Subtype": subtype})

    def _marked_content_index(self, page_number) -> dict:
        """MCID -> position of its property list in the page's content stream (cached)."""
        cache = self.stream_index
        if page_number not in cache:
            stream = self.pdf.objects[_number(self.pdf.objects[page_number]["Contents"])]
            index = {"stream": stream}
            for position, item in enumerate(stream.stream):
                if isinstance(item, pydyf.Dictionary) and "MCID" in item:
                    index[item["MCID"]] = position
            cache[page_number] = index
        return cache[page_number]

    def _remap_headers(self, node):
        attributes = node.get("A")
        if not isinstance(attributes, pydyf.Dictionary) or "Headers" not in attributes:
            return
        attributes["Headers"] = pydyf.Array(
            self.header_ids.get(header.string, header) for header in attributes["Headers"]
        )

    # ParentTree --------------------------------------------------------------------------

    def _fix_parent_tree(self, parent_tree):
        nums = parent_tree["Nums"]
        for position in range(1, len(nums), 2):
            value = nums[position]
            if isinstance(value, list):
                page = _number(self.pdf.page_references[nums[position - 1]])
                for mcid, reference in enumerate(value):
                    if (page, mcid) in self.artifacts:
                        value[mcid] = _NULL
                    else:
                        value[mcid] = self._current(reference)
            else:
                nums[position] = self._current(value)

    def _current(self, reference):
        number = _number(reference)
        while number in self.replaced:
            element = self.replaced[number]
            if element is None:
                return _NULL
            reference, number = element.reference, element.number
        return reference
