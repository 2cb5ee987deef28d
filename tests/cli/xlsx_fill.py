"""Fills a figure-table template workbook (cds appraise-table --template --out x.xlsx) the way Excel
stores what an office types, for the CLI and browser tests; standard library only (zipfile +
ElementTree). A cell is placed in the unit's row under the column whose header ends in [key]:

    ("n", 72)          a number, General format                      (typed 72)
    ("pct", 0.855)     a number with the percentage format 0.0%      (typed 85,5%)
    ("pct0", 0.5)      a number with Excel's built-in format 0%      (typed 50%)
    ("date", 45000)    a serial date with the built-in format 14     (typed 15/03/2023)
    ("s", "text")      an inline string                              (typed text)
    ("b", True)        a boolean                                     (typed TRUE)

As a module:  xlsx_fill.fill(template, out, cells, rows)
    cells: [(unit code, key, kind, value)]   rows: [[(key, kind, value), ...]] appended at the end
As a program: python3 xlsx_fill.py template.xlsx out.xlsx spec.json
    spec.json: {"cells": [[code, key, kind, value], ...], "rows": [[[key, kind, value], ...], ...]}
"""
import io
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_M = "{" + MAIN + "}"
ET.register_namespace("", MAIN)
ET.register_namespace("r", REL)


def _col(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def _letters(col):
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(ord("A") + r) + s
    return s


def _text(c, shared):
    if c.get("t") == "s":
        return shared[int(c.find(_M + "v").text)]
    if c.get("t") == "inlineStr":
        return "".join(t.text or "" for t in c.iter(_M + "t"))
    v = c.find(_M + "v")
    return v.text if v is not None else ""


def _cell(ref, kind, value, styles):
    c = ET.Element(_M + "c", {"r": ref})
    if kind == "s":
        c.set("t", "inlineStr")
        t = ET.SubElement(ET.SubElement(c, _M + "is"), _M + "t")
        t.text = value
        return c
    if kind == "b":
        c.set("t", "b")
        ET.SubElement(c, _M + "v").text = "1" if value else "0"
        return c
    if kind in styles:
        c.set("s", str(styles[kind]))
    ET.SubElement(c, _M + "v").text = repr(value) if isinstance(value, float) else str(value)
    return c


def _put(row, cell):
    cells = list(row.findall(_M + "c"))
    for old in cells:
        if old.get("r") == cell.get("r"):
            row.remove(old)
    cells = [x for x in row.findall(_M + "c")]
    at = sum(1 for x in cells if _col(x.get("r")) < _col(cell.get("r")))
    # insert after the at-th <c> child (other children of <row> are not expected)
    kids = list(row)
    pos = kids.index(cells[at - 1]) + 1 if at else 0
    row.insert(pos, cell)


def fill(template, out, cells, rows=()):
    z = zipfile.ZipFile(template)
    parts = {n: z.read(n) for n in z.namelist()}
    shared = []
    if "xl/sharedStrings.xml" in parts:
        for si in ET.fromstring(parts["xl/sharedStrings.xml"]).iter(_M + "si"):
            shared.append("".join(t.text or "" for t in si.iter(_M + "t")))
    # Styles: a custom 0.0% (id 200), Excel's built-in 0% (9) and date (14), appended to cellXfs.
    st = ET.fromstring(parts["xl/styles.xml"])
    fmts = st.find(_M + "numFmts")
    if fmts is None:
        fmts = ET.Element(_M + "numFmts")
        st.insert(0, fmts)
    ET.SubElement(fmts, _M + "numFmt", {"numFmtId": "200", "formatCode": "0.0%"})
    fmts.set("count", str(len(fmts)))
    xfs = st.find(_M + "cellXfs")
    styles = {}
    for kind, fid in (("pct", "200"), ("pct0", "9"), ("date", "14")):
        ET.SubElement(xfs, _M + "xf", {"numFmtId": fid, "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0", "applyNumberFormat": "1"})
        styles[kind] = len(xfs) - 1
    xfs.set("count", str(len(xfs)))
    parts["xl/styles.xml"] = ET.tostring(st, xml_declaration=True, encoding="UTF-8")

    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    data = sheet.find(_M + "sheetData")
    all_rows = data.findall(_M + "row")
    head = all_rows[0]
    col = {}
    for c in head.findall(_M + "c"):
        t = _text(c, shared)
        m = re.search(r"\[([^\]]+)\]\s*$", t)
        if m:
            col[m.group(1)] = _col(c.get("r"))
    by_code = {}
    for r in all_rows[1:]:
        for c in r.findall(_M + "c"):
            if _col(c.get("r")) == col["unit"]:
                by_code[_text(c, shared)] = r
    for code, key, kind, value in cells:
        r = by_code[code]
        _put(r, _cell(_letters(col[key]) + r.get("r"), kind, value, styles))
    last = max(int(r.get("r")) for r in all_rows)
    for extra in rows:
        last += 1
        r = ET.SubElement(data, _M + "row", {"r": str(last)})
        for key, kind, value in sorted(extra, key=lambda x: col[x[0]]):
            r.append(_cell(_letters(col[key]) + str(last), kind, value, styles))
    dim = sheet.find(_M + "dimension")
    if dim is not None:
        sheet.remove(dim)
    parts["xl/worksheets/sheet1.xml"] = ET.tostring(sheet, xml_declaration=True, encoding="UTF-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as w:
        for name in z.namelist():
            w.writestr(name, parts[name])
    open(out, "wb").write(buf.getvalue())


if __name__ == "__main__":
    spec = json.load(open(sys.argv[3], encoding="utf-8"))
    fill(sys.argv[1], sys.argv[2], [tuple(c) for c in spec.get("cells", [])], [[tuple(x) for x in r] for r in spec.get("rows", [])])
