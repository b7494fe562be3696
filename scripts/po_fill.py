"""Fill msgstr in an app's zh_Hans catalogue from a "msgid<TAB>译文" list on standard input.

python scripts/po_fill.py org < translations.tsv
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    app = sys.argv[1]
    po_file = ROOT / "src" / "zhengwu" / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_file))
    mapping: dict[str, str] = {}
    for line in sys.stdin.read().splitlines():
        if "\t" in line:
            msgid, msgstr = line.split("\t", 1)
            mapping[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    filled = 0
    for entry in po:
        if entry.msgid in mapping:
            entry.msgstr = mapping[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    missing = [e.msgid for e in po if not e.translated()]
    print(f"{app}: filled {filled}, untranslated {len(missing)}")
    for msgid in missing:
        print("  missing:", repr(msgid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
