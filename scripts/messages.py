"""Translation catalogues, one per app (src/zhengwu/<app>/locale/zh_Hans/LC_MESSAGES/django.po).

    python scripts/messages.py compile   # .po → .mo with polib (no system gettext needed)
    python scripts/messages.py extract   # refresh the .po files from the sources (needs gettext)
    python scripts/messages.py check     # fail if a source string is missing or untranslated

Per-app catalogues keep parallel work on different apps from colliding in one file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zhengwu"
LANG = "zh_Hans"


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def po_path(app: Path) -> Path:
    return app / "locale" / LANG / "LC_MESSAGES" / "django.po"


def compile_all() -> int:
    count = 0
    # PACKAGE itself holds the project-level overrides (settings.LOCALE_PATHS).
    for app in [*app_dirs(), PACKAGE]:
        po = po_path(app)
        if po.exists():
            polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
            count += 1
    print(f"compiled {count} catalogues")
    return 0


def _makemessages(app: Path) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="zhengwu.settings")
    po_path(app).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        # the console script, not `python -m`: with the app folder as cwd, `-m` would put it on
        # sys.path and an app's rules.py would shadow the rules package
        [str(Path(sys.executable).parent / "zhengwu"), "makemessages", "-l", LANG, "--no-obsolete",
         "--no-location", "--ignore", "tests/*", "--ignore", "migrations/*"],
        cwd=app, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def extract_all() -> int:
    for app in app_dirs():
        _makemessages(app)
    return 0


def check_all() -> int:
    problems: list[str] = []
    have_gettext = shutil.which("xgettext") is not None
    for app in app_dirs():
        po = po_path(app)
        if have_gettext:
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "app"
                shutil.copytree(app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
                _makemessages(copy)
                fresh = po_path(copy)
                fresh_ids = {e.msgid for e in polib.pofile(str(fresh))} if fresh.exists() else set()
            current_ids = {e.msgid for e in polib.pofile(str(po))} if po.exists() else set()
            for missing in sorted(fresh_ids - current_ids):
                problems.append(f"{app.name}: not in catalogue: {missing!r}")
        if po.exists():
            for entry in polib.pofile(str(po)):
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(f"{app.name}: fuzzy: {entry.msgid!r}")
                elif not entry.translated():
                    problems.append(f"{app.name}: untranslated: {entry.msgid!r}")
    # Django merges every app's catalogue into one: the same msgid translated differently in two
    # apps shows whichever app comes first in INSTALLED_APPS, on every page. Refuse that.
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for app in app_dirs():
        po = po_path(app)
        if not po.exists():
            continue
        for entry in polib.pofile(str(po)):
            if entry.obsolete or not entry.translated() or entry.msgid_plural:
                continue
            key = (entry.msgctxt or "", entry.msgid)
            if key in seen and seen[key][1] != entry.msgstr:
                problems.append(
                    f"{app.name}: {entry.msgid!r} is {entry.msgstr!r} here but "
                    f"{seen[key][1]!r} in {seen[key][0]} (use one translation or a context)"
                )
            seen.setdefault(key, (app.name, entry.msgstr))
    if not have_gettext:
        print("xgettext not found: checked translations only, not completeness of catalogues")
    for line in problems:
        print(line)
    print(f"{len(problems)} translation problems")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    sys.exit({"compile": compile_all, "extract": extract_all, "check": check_all}[command]())
