#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns one po/LANG.po into the console's catalogue for that language.

Usage: po-to-json.py LANG.po OUTPUT.json

Keeps the translated, non-fuzzy messages whose references name a file of
the console (app/server/console/), so the catalogue carries no kiosk
strings:

    {"plural": "n != 1", "nplurals": 2,
     "messages": {"English": "translation", ...},
     "plurals": {"English singular": ["form 0", "form 1", ...], ...}}

"plural" is the catalogue's Plural-Forms rule, which js/plural-forms.js
reads (never evaluated as code). The console looks each English text up
as it is; a message that is missing or untranslated stays English.
Standard library only: it runs at build time on a Debian build machine.
"""

import json
import sys

CONSOLE_PREFIX = "app/server/console/"


def unquote(text):
    # A po string: "..." with C escapes.
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError("not a quoted po string: " + text)
    return json.loads(text)


def new_entry():
    return {"refs": [], "flags": [], "msgid": None, "msgstr": None, "ctxt": None, "forms": {}}


def entries(lines):
    entry = new_entry()
    field = None

    def done():
        return entry["msgid"] is not None

    for line in lines + [""]:
        line = line.rstrip("\n")
        if not line.strip():
            if done():
                yield entry
            entry = new_entry()
            field = None
            continue
        if line.startswith("#:"):
            entry["refs"].extend(line[2:].split())
        elif line.startswith("#,"):
            entry["flags"].extend(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field = "ctxt"
            entry["ctxt"] = unquote(line[8:])
        elif line.startswith("msgid_plural "):
            field = "plural"
            entry["plural"] = unquote(line[13:])
        elif line.startswith("msgid "):
            field = "msgid"
            entry["msgid"] = unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7:line.index("]")])
            field = ("form", index)
            entry["forms"][index] = unquote(line[line.index("]") + 1:])
        elif line.startswith("msgstr "):
            field = "msgstr"
            entry["msgstr"] = unquote(line[7:])
        elif line.startswith('"') and field is not None:
            if isinstance(field, tuple):
                entry["forms"][field[1]] += unquote(line)
            else:
                entry[field] = (entry[field] or "") + unquote(line)


def plural_forms(header):
    # "Plural-Forms: nplurals=3; plural=(n==1 ? 0 : ...);" of the header.
    for line in header.split("\n"):
        if line.lower().startswith("plural-forms:"):
            parts = dict(part.strip().split("=", 1)
                         for part in line.split(":", 1)[1].split(";") if "=" in part)
            return int(parts["nplurals"]), parts["plural"].strip()
    return 2, "n != 1"


def catalogue(lines):
    """The console's catalogue of a .po file's lines, as a dict."""
    messages = {}
    plurals = {}
    nplurals, rule = 2, "n != 1"
    for entry in entries(lines):
        if entry["msgid"] == "":
            nplurals, rule = plural_forms(entry["msgstr"] or "")
            continue
        if not entry["msgid"] or "fuzzy" in entry["flags"] or entry["ctxt"] is not None:
            continue
        if not any(ref.startswith(CONSOLE_PREFIX) for ref in entry["refs"]):
            continue
        if "plural" in entry:
            forms = [entry["forms"].get(i, "") for i in range(nplurals)]
            if all(forms):
                plurals[entry["msgid"]] = forms
        elif entry["msgstr"]:
            messages[entry["msgid"]] = entry["msgstr"]
    return {"nplurals": nplurals, "plural": rule, "messages": messages, "plurals": plurals}


def main():
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        lines = f.readlines()
    with open(output, "w", encoding="utf-8") as f:
        json.dump(catalogue(lines), f, ensure_ascii=False, sort_keys=True, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
