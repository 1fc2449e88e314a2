"""Thai in the admin where Django leaves English: permission names and boolean icons.

Django stores ``Permission.name`` in the database in English ("Can add log entry") when
migrations run, and the admin shows it as is; the label here is built, in the active
language, from the permission's action and its model's verbose name. Permissions of
django-simple-history's models name the model they keep the history of.
"""

import functools

from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Permission
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portal.forms import IdMultipleChoiceField

ACTIONS = {
    "add": lambda model: _("Can add %(model)s") % {"model": model},
    "change": lambda model: _("Can change %(model)s") % {"model": model},
    "delete": lambda model: _("Can delete %(model)s") % {"model": model},
    "view": lambda model: _("Can view %(model)s") % {"model": model},
}


def _model_name(model) -> str:
    tracked = getattr(model, "instance_type", None)  # a simple-history model: "historical X"
    if tracked is not None:
        return _("history of %(model)s") % {"model": _model_name(tracked)}
    owner = model._meta.auto_created
    if owner:  # the table of a many-to-many field: Django names it "product-standard …"
        field = next(f for f in owner._meta.many_to_many if f.remote_field.through is model)
        return f"{owner._meta.verbose_name}: {field.verbose_name}"
    return str(model._meta.verbose_name)


def permission_label(permission: Permission) -> str:
    """ "<app> | <model> | <what it allows>", translated; the stored name if it is custom."""
    model = permission.content_type.model_class()
    action, _sep, codename_model = permission.codename.partition("_")
    if model is None or action not in ACTIONS or codename_model != model._meta.model_name:
        return f"{permission.content_type} | {_(permission.name)}"
    name = _model_name(model)
    app = model._meta.app_config.verbose_name
    return f"{app} | {name} | {ACTIONS[action](name)}"


class PermissionsField(IdMultipleChoiceField):
    """The permission picker of the user and group admin, with translated labels."""

    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


PERMISSION_FIELDS = {"permissions", "user_permissions"}


class TranslatedPermissionsMixin:
    """For UserAdmin and GroupAdmin: their permission pickers show translated labels."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in PERMISSION_FIELDS:
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


def _boolean_icon(field_val: bool | None):
    """Django's yes/no icon, with a translated alt text instead of "True"/"False"."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    alt = {True: _("Yes"), False: _("No"), None: _("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', _icon_url(icon), alt)


@functools.cache
def _icon_url(icon: str) -> str:
    """An icon's static URL, looked up once per process: the manifest's lookup for the icon
    of every row was 5 % of the persons changelist's time (issue 8)."""
    return static(f"admin/img/icon-{icon}.svg")


@receiver(setting_changed)
def _forget_icon_urls(*, setting: str, **kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES"}:  # tests that serve the static files elsewhere
        _icon_url.cache_clear()


def install_boolean_icon_patch() -> None:
    """The admin imports ``admin_list._boolean_icon`` when it renders, so replacing it here
    reaches every list, read-only field and display; Django writes ``alt="True"`` there."""
    admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]
