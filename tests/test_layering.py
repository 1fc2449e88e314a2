"""The layering of design.md, beyond what import-linter sees in Python imports.

A lower app's page may show a higher app's panel only through a template include listed
here (the template layer is the one place it may, docs/decisions.md); a lower app's template
never loads a higher app's tag library. And every module of ``portal`` is named in the
import-linter contract (pyproject.toml), so a new one cannot slip past it.
"""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
# Ground floor first, as in design.md and the import-linter contract.
APPS = ["centres", "clients", "services", "committees", "resources", "reports"]
ALLOWED_INCLUDES = {
    # The client's service requests on the group and person pages (services_tags runs the query).
    ("clients/group_detail.html", "services/includes/client_history.html"),
    ("clients/person_detail.html", "services/includes/client_history.html"),
    # "New request for this client" on the same pages (services_tags builds the intake's URL).
    ("clients/group_detail.html", "services/includes/new_request_button.html"),
    ("clients/person_detail.html", "services/includes/new_request_button.html"),
    # Resource linking (docs/decisions.md): a request's referrals, the follow-ups due on My work,
    # and what the centre obtained for a client (resources_tags runs the queries).
    ("services/request_detail.html", "resources/includes/request_referrals.html"),
    ("services/my_work.html", "resources/includes/my_follow_ups.html"),
    ("clients/group_detail.html", "resources/includes/client_impact.html"),
    ("clients/person_detail.html", "resources/includes/client_impact.html"),
    # The request's rounds before the committee, and a visit's committee members
    # (committees_tags runs the queries).
    ("services/request_detail.html", "committees/includes/request_rounds.html"),
    ("services/visit_detail.html", "committees/includes/visit_members.html"),
    # The centre page shows the overview's main figures and leads to it (reports_tags reads
    # them from the roll-ups; docs/decisions.md).
    ("centres/centre_home.html", "reports/includes/centre_figures.html"),
    # The lists' export buttons, which offer the background export (reports)
    ("services/request_list.html", "reports/includes/export_buttons.html"),
    ("services/visit_list.html", "reports/includes/export_buttons.html"),
    ("clients/includes/spreadsheet_links.html", "reports/includes/export_buttons.html"),
}
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _tag_libraries() -> dict[str, str]:
    """Template tag library name → the app that defines it."""
    return {
        path.stem: app
        for app in APPS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def _cross_floor_uses() -> set[tuple[str, str]]:
    libraries = _tag_libraries()
    found = set()
    for floor, app in enumerate(APPS):
        higher = set(APPS[floor + 1 :])
        for path in (TEMPLATES / app).rglob("*"):
            if not path.is_file():
                continue
            text, name = path.read_text(encoding="utf-8"), str(path.relative_to(TEMPLATES))
            for included in INCLUDE.findall(text):
                if included.split("/", 1)[0] in higher:
                    found.add((name, included))
            for loaded in LOAD.findall(text):
                for library in loaded.split():
                    if libraries.get(library) in higher:
                        found.add((name, f"{{% load {library} %}}"))
    return found


def test_it_lets_a_lower_apps_page_show_a_higher_apps_panel_only_where_listed():
    assert _cross_floor_uses() - ALLOWED_INCLUDES == set()


def test_it_keeps_the_list_of_allowed_includes_true():
    assert _cross_floor_uses() >= ALLOWED_INCLUDES


def test_it_names_every_portal_module_in_the_import_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    named = {m.strip() for layer in contract["layers"] for m in re.split(r"[:|]", layer)}
    portal = {
        f"portal.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "portal").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert portal - named == set()
    assert set(APPS) <= named
