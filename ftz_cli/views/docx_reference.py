"""An office's reference document (``--reference-doc``, ``report.reference_doc``), made data.

The brief takes from it only styles, page set-up, headers and footers. A reference document
may travel in a shared workspace, so everything else is dropped before python-docx opens it,
and nothing of it reaches a brief: the body, macros (``vbaProject.bin``; a macro-enabled
document becomes a plain one), OLE objects and other embedded packages, and every external
relationship (a remote template ``.dotm``, a linked image, a ``file:///`` object), with the
field codes that fetch (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``, ``DDE``). Its size is
bounded, as an imported workbook's is: the file, the number of parts, each part and all of
them unpacked (E464).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library

from ftz_cli.core.errors import Diagnostic, FtzError

MAX_FILE = 20 << 20     # bytes on disk: an office template with a logo is well under 1 MB
MAX_PARTS = 300
MAX_PART = 20 << 20     # bytes unpacked, one part
MAX_TOTAL = 60 << 20    # bytes unpacked, all the parts kept
_KEEP = re.compile(r"(\[Content_Types\]\.xml|_rels/\.rels|docProps/(core|app)\.xml|word/(document|styles|"
                   r"stylesWithEffects|settings|fontTable|numbering|webSettings|theme/theme\d*|"
                   r"(header|footer)\d*)\.xml|word/_rels/(document|settings|(header|footer)\d*)\.xml\.rels|"
                   r"word/media/[\w.-]+\.(png|jpe?g|gif|bmp|emf|wmf|tiff?))", re.IGNORECASE)
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_FETCHING_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|HYPERLINK)\b",
                             re.IGNORECASE)
_DROP_RELATIONS = re.compile(r"/(oleObject|package|vbaProject|attachedTemplate|subDocument|frame|"
                             r"control|aFChunk|externalLink)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HINT = "给出一个用 Word 或 WPS 保存的普通 .docx 文件（只需样式、页面设置和页眉页脚）；不写则使用 ftz 自带的样式。"


def cleaned(path: Path) -> bytes:
    """The reference document at ``path`` holding only what a brief takes from it."""
    from ftz_cli.core.files import read_regular

    data = read_regular(path, MAX_FILE)
    if data is None:
        raise _refused(path, f"不是可读取的普通文件，或超过 {MAX_FILE >> 20} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = _read_parts(source, path)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise _refused(path, "不是有效的 .docx 文件") from None
    return _repack(parts)


def _read_parts(source: zipfile.ZipFile, path: Path) -> dict[str, bytes]:
    infos = source.infolist()
    if len(infos) > MAX_PARTS:
        raise _refused(path, f"有 {len(infos):,} 个部件，超过 {MAX_PARTS} 个")
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if not _KEEP.fullmatch(info.filename):
            continue  # macros, OLE objects, embedded packages, custom XML, anything else
        with source.open(info) as stream:
            body = stream.read(MAX_PART + 1)  # the declared size may lie: read at most this
        total += len(body)
        if len(body) > MAX_PART or total > MAX_TOTAL:
            raise _refused(path, f"解压后超过 {MAX_PART >> 20} MB（部件 {info.filename}）")
        parts[info.filename] = body
    return parts


def _repack(parts: dict[str, bytes]) -> bytes:
    kept = set(parts)
    ids: dict[str, set[str]] = {}  # the relationship ids each part may still use
    for name in list(parts):
        if name.endswith(".rels"):
            parts[name], ids[_source_of(name)] = _relations(parts[name], name, kept)
    for name in list(parts):
        if name.endswith(".xml") and name.startswith("word/") and "/_rels/" not in name:
            parts[name] = _without_fetching(parts[name], ids.get(name, set()))
        elif name == "[Content_Types].xml":
            parts[name] = _content_types(parts[name], kept)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


def _source_of(rels: str) -> str:
    """``word/_rels/header1.xml.rels`` → ``word/header1.xml``."""
    return rels.replace("_rels/", "").removesuffix(".rels")


def _relations(xml: bytes, name: str, kept: set[str]) -> tuple[bytes, set[str]]:
    """Relationships inside the package to kept parts only, never external ones; and their ids."""
    root = etree.fromstring(xml, parser=_parser())
    base = _source_of(name).rpartition("/")[0]
    for rel in list(root):
        target = rel.get("Target", "")
        if (rel.get("TargetMode", "").lower() == "external" or ":" in target
                or _DROP_RELATIONS.search(rel.get("Type", "")) or _resolve(base, target) not in kept):
            root.remove(rel)
    return _xml(root), {rel.get("Id", "") for rel in root}


def _resolve(base: str, target: str) -> str:
    parts = (target.lstrip("/") if target.startswith("/") else f"{base}/{target}".lstrip("/")).split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            if out:
                out.pop()
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def _without_fetching(xml: bytes, ids: set[str]) -> bytes:
    """No field that fetches, no OLE object or control, no attached template, and no
    relationship id left that pointed at something dropped."""
    root = etree.fromstring(xml, parser=_parser())
    doomed = list(root.iter(f"{_W}object", f"{_W}attachedTemplate", f"{_W}control"))
    doomed += [e for e in root.iter(f"{_W}fldSimple") if _FETCHING_FIELD.match(e.get(f"{_W}instr", ""))]
    doomed += [e.getparent() for e in root.iter(f"{_W}instrText") if _FETCHING_FIELD.match(e.text or "")]
    for element in doomed:
        parent = None if element is None else element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in root.iter():
        for attribute in [a for a in element.attrib if str(a).startswith(_R)]:
            if element.attrib[attribute] not in ids:
                del element.attrib[attribute]  # r:link (a linked picture), a dropped hyperlink
    return _xml(root)


def _xml(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _content_types(xml: bytes, kept: set[str]) -> bytes:
    root = etree.fromstring(xml, parser=_parser())
    for entry in list(root):
        part = entry.get("PartName", "").lstrip("/")
        if part and part not in kept:
            root.remove(entry)
        elif part == "word/document.xml":
            entry.set("ContentType", _MAIN)  # a macro-enabled document (.docm) becomes a plain one
    return _xml(root)


def _parser() -> Any:
    """No DTD, no entities, no network: an XML bomb or an external entity is not expanded."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _refused(path: Path, why: str) -> FtzError:
    return FtzError(Diagnostic("E464", f"Word 样式模板“{path}”{why}", str(path), hint=_HINT))
