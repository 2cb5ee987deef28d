"""A sheet of an .xlsx file as Excel would show it, for the CLI tests: rows of cell values (text as
text, numbers as float, empty or styled-blank cells as None; every row as wide as the widest), read with the standard library only
(zipfile + ElementTree), shared or inline strings alike.

    import sys; sys.path.insert(0, "<repository>/tests/cli"); import xlsx_rows
    rows = xlsx_rows.rows("report.xlsx", "Tiêu chí")   # rows[0] is the header row
"""
import re
import zipfile
import xml.etree.ElementTree as ET

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _col(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def _text(node):
    return "".join(t.text or "" for t in node.iter(_M + "t"))


def sheet_names(path):
    z = zipfile.ZipFile(path)
    return [s.get("name") for s in ET.fromstring(z.read("xl/workbook.xml")).iter(_M + "sheet")]


def rows(path, name):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rid = next(s.get(_R + "id") for s in wb.iter(_M + "sheet") if s.get("name") == name)
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    target = target.lstrip("/") if target.startswith("/") else "xl/" + target
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        shared = [_text(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(_M + "si")]
    found = []
    for row in ET.fromstring(z.read(target)).iter(_M + "row"):
        cells = {}
        for c in row.iter(_M + "c"):
            t, v = c.get("t"), c.find(_M + "v")
            if t == "s":
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = _text(c)
            elif t == "str":
                val = v.text if v is not None else ""
            elif v is not None:
                val = float(v.text)
            else:
                val = None
            cells[_col(c.get("r"))] = val
        found.append(cells)
    width = max((max(c) + 1 for c in found if c), default=0)  # every row as wide as the widest
    return [[c.get(i) for i in range(width)] for c in found]
