"""Every date and date-time field of the portal's own forms reads and shows BE years."""

import importlib
import inspect
from pathlib import Path

from django import forms

from portal.forms import (
    ThaiDateField,
    ThaiDateInput,
    ThaiSplitDateTimeField,
    ThaiSplitDateTimeWidget,
)
from portal.management.commands.check_be_years import audited_app_configs
from tests.portal.test_admin_dates import date_problems

PORTAL_WIDGETS = (ThaiDateInput, ThaiSplitDateTimeWidget)


def portal_form_classes() -> list[type[forms.BaseForm]]:
    """The forms defined in each project app's forms.py and *_forms.py modules."""
    found = []
    for config in audited_app_configs():
        if config.label == "auth":
            continue
        for path in sorted(Path(config.path).glob("*forms.py")):
            module = importlib.import_module(f"{config.name}.{path.stem}")
            found += [
                cls
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
            ]
    return found


def test_every_portal_form_reads_and_shows_be_dates():
    problems = [
        problem
        for form_class in portal_form_classes()
        for problem in date_problems(
            f"{form_class.__module__}.{form_class.__name__}", form_class, widgets=PORTAL_WIDGETS
        )
    ]

    assert problems == []


def test_the_walk_sees_the_portal_forms_with_dates():
    with_dates = {
        f"{cls.__module__}.{cls.__name__}"
        for cls in portal_form_classes()
        if any(
            isinstance(f, ThaiDateField | ThaiSplitDateTimeField) for f in cls.base_fields.values()
        )
    }

    assert {"services.visit_forms", "clients.forms", "services.forms"} <= {
        name.rsplit(".", 1)[0] for name in with_dates
    }
