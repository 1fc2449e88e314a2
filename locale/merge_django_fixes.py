"""Merge our corrections of Django's own Thai strings into the project catalogues.

Django's bundled Thai catalogue (django, django.contrib.admin, auth, contenttypes) and
django-simple-history's (which has no Thai at all) are incomplete and partly wrong. Our
catalogue in LOCALE_PATHS wins over theirs, but `makemessages` only keeps msgids found in our
own source: it would turn every correction into an obsolete `#~` entry. So the corrections
live in `locale/<lang>/<domain>_fixes.po` (outside LC_MESSAGES, so neither makemessages nor
compilemessages touches them), and this script puts them back after each makemessages run:

    .venv/bin/python manage.py makemessages -l th -l en --ignore=.venv --ignore=static \
        --ignore=tests --ignore=benchmarks --add-location=file
    .venv/bin/python locale/merge_django_fixes.py
    .venv/bin/python manage.py compilemessages --ignore=.venv

For each `locale/<lang>/<domain>_fixes.po` it drops the obsolete entries of
`locale/<lang>/LC_MESSAGES/<domain>.po` and the entries the fixes file provides, then appends
the fixes file's entries (`msgcat`): a correction always wins, also over an older copy of
itself or over the project's own translation of the same msgid (a warning names any msgid the
two translate differently: change it in the fixes file). It then reports untranslated and
fuzzy entries and runs `msgfmt --check`.

`--check` changes nothing and exits 1 if a catalogue is not up to date with its fixes file
(or has untranslated or fuzzy entries), for CI.

Needs the GNU gettext tools (msgcat, msgattrib, msgfmt), as makemessages does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent
SUFFIX = "_fixes.po"


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def msgids(po_text: str) -> list[str]:
    """The msgids (first line only, enough to name them) of the entries of a .po text."""
    lines = po_text.splitlines()
    names = []
    for i, line in enumerate(lines):
        if line.startswith('msgid "'):
            name = line[len("msgid ") :]
            if name == '""' and i + 1 < len(lines) and lines[i + 1].startswith('"'):
                name = lines[i + 1]
            if name != '""':  # the header
                names.append(name)
    return names


def conflicts(project: Path, fixes: Path) -> list[str]:
    """Msgids in both files whose translations differ (msgcat marks them with #-#-#-#-#)."""
    common = run("msgcat", "--more-than=1", "--no-wrap", str(project), str(fixes))
    names: list[str] = []
    last = None
    for line in common.splitlines():
        if line.startswith("msgid "):
            last = line[len("msgid ") :]
        elif line.startswith('"#-#-#-#-#') and last not in (None, '""') and last not in names:
            names.append(last)
    return names


def shared(project: Path, fixes: Path) -> list[str]:
    """Msgids of our own source (entries with a #: reference) that the fixes file also has.

    makemessages gives such an entry the correction's translation without marking it fuzzy,
    so a new string of ours that happens to equal one of Django's ("group") silently takes
    Django's wording: the list is printed for a translator to check.
    """
    ours = set()
    for block in run("msgattrib", "--no-wrap", str(project)).split("\n\n"):
        if any(line.startswith("#:") for line in block.splitlines()):
            ours.update(msgids(block))
    return [name for name in msgids(run("msgattrib", "--no-wrap", str(fixes))) if name in ours]


def merged_text(target: Path, fixes: Path, tmp: Path) -> tuple[str, list[str], list[str]]:
    out = tmp / "merged.po"
    both: list[str] = []
    if target.exists():
        current, pruned = tmp / "current.po", tmp / "pruned.po"
        run("msgattrib", "--no-obsolete", str(target), "-o", str(current))
        clash = conflicts(current, fixes)
        both = shared(current, fixes)
        # Drop the entries the fixes file provides, so that its translation always wins.
        marked = run("msgattrib", f"--only-file={fixes}", "--set-obsolete", str(current))
        (tmp / "marked.po").write_text(marked, encoding="utf-8")
        run("msgattrib", "--no-obsolete", str(tmp / "marked.po"), "-o", str(pruned))
        if pruned.exists():
            run("msgcat", "--use-first", str(pruned), str(fixes), "-o", str(out))
        else:  # msgattrib writes no file when no entry is left
            run("msgcat", str(fixes), "-o", str(out))
    else:
        clash = []
        run("msgcat", str(fixes), "-o", str(out))
    return out.read_text(encoding="utf-8"), clash, both


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if out of date"
    )
    options = parser.parse_args()

    fixes_files = sorted(LOCALE_DIR.glob(f"*/*{SUFFIX}"))
    if not fixes_files:
        print("No *_fixes.po files found.")
        return 0
    problems = 0
    for fixes in fixes_files:
        domain = fixes.name[: -len(SUFFIX)]
        target = fixes.parent / "LC_MESSAGES" / f"{domain}.po"
        rel = target.relative_to(LOCALE_DIR.parent)
        with tempfile.TemporaryDirectory() as tmpdir:
            text, clash, both = merged_text(target, fixes, Path(tmpdir))
            merged = Path(tmpdir) / "merged.po"
            run("msgfmt", "--check", "-o", "/dev/null", str(merged))
            untranslated = msgids(run("msgattrib", "--untranslated", "--no-obsolete", str(merged)))
            fuzzy = msgids(run("msgattrib", "--only-fuzzy", "--no-obsolete", str(merged)))
        if both:
            print(
                f"{rel}: also in our own code, translated by {fixes.name} (check that the "
                "wording fits both uses): " + "; ".join(both)
            )
        for name in clash:
            print(
                f"{rel}: {name} is translated differently there and in {fixes.name}; "
                f"the translation in {fixes.name} is used (edit it there)"
            )
        for label, names in (("untranslated", untranslated), ("fuzzy", fuzzy)):
            if names:
                problems += 1
                print(f"{rel}: {len(names)} {label}: " + "; ".join(names))
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if options.check:
            if text != current:
                problems += 1
                print(f"{rel}: not up to date with {fixes.name}; run {Path(__file__).name}")
        elif text != current:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"{rel}: merged {fixes.name}")
        else:
            print(f"{rel}: already up to date")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
