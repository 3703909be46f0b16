#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns one po/LANG.po into the console's catalogue for that language.

Usage: po-to-json.py LANG.po OUTPUT.json

Keeps the translated, non-fuzzy messages whose references name a file of
the console (app/server/console/), so the catalogue carries no kiosk
strings. The console looks each English text up as it is; a message that
is missing or untranslated stays English. Standard library only: it runs
at build time on a Debian build machine.
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


def entries(lines):
    entry = {"refs": [], "flags": [], "msgid": None, "msgstr": None, "ctxt": None}
    field = None

    def done():
        return entry["msgid"] is not None

    for line in lines + [""]:
        line = line.rstrip("\n")
        if not line.strip():
            if done():
                yield entry
            entry = {"refs": [], "flags": [], "msgid": None, "msgstr": None, "ctxt": None}
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
        elif line.startswith("msgstr[0] "):
            field = "msgstr"
            entry["msgstr"] = unquote(line[10:])
        elif line.startswith("msgstr[") :
            field = None
        elif line.startswith("msgstr "):
            field = "msgstr"
            entry["msgstr"] = unquote(line[7:])
        elif line.startswith('"') and field is not None:
            if field == "plural":
                continue
            entry[field] = (entry[field] or "") + unquote(line)


def main():
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        lines = f.readlines()
    messages = {}
    for entry in entries(lines):
        if not entry["msgid"] or not entry["msgstr"] or "fuzzy" in entry["flags"]:
            continue
        if "plural" in entry or entry["ctxt"] is not None:
            continue
        if not any(ref.startswith(CONSOLE_PREFIX) for ref in entry["refs"]):
            continue
        messages[entry["msgid"]] = entry["msgstr"]
    with open(output, "w", encoding="utf-8") as f:
        json.dump(messages, f, ensure_ascii=False, sort_keys=True, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
