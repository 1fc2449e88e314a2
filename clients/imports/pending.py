"""An upload kept server-side between its preview and the confirmation.

The rows read from the file are stored as JSON under MEDIA_ROOT/imports/ (the default
storage, so shared or object storage when the app runs on several servers) under a random
name, and beside them the plan made of them at the upload; the user's session maps a token to
those files. Nothing posted back by the browser is trusted, and another user's token is not in
one's session (404).

The plan is kept so that the preview's pages and the confirmation do not check every row
again (``current_plan``): a 10,000-row plan took half a second each time. It is JSON
(``ImportPlan.as_json``), signed with the secret key, since what it says is written without
being checked again; a plan that does not read (changed in storage, signed by another key,
kept by another version of the code) is simply made again.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signing import BadSignature, Signer
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from centres.models import Centre
from clients.imports.planning import ImportPlan, changed_since_planned, plan_import
from clients.imports.reading import Upload

SESSION_KEY = "clients:pending_imports"
FOLDER = "imports"
MAX_PENDING = 5  # per session; the oldest is dropped beyond that
MAX_AGE = timedelta(hours=24)  # files left behind (abandoned previews) are removed after this
PLAN_SALT = "clients.imports.pending.plan"
# In the signature's salt: raise it when ImportPlan or what it holds changes shape, so that
# the plans kept by the code before are made again rather than read.
PLAN_FORMAT = 1


@dataclass
class PendingImport:
    token: str
    centre_id: int
    upload_file: str
    plan_file: str | None  # None: no plan kept (or it was dropped); make one
    kept_filename: str | None = None

    @cached_property
    def upload(self) -> Upload:
        """The rows read from the file: read again only to make a new plan."""
        with default_storage.open(self.upload_file) as stored:
            return Upload.from_json(json.load(stored))

    @property
    def filename(self) -> str:
        return self.kept_filename or self.upload.filename


def keep_pending(request: HttpRequest, *, upload: Upload, plan: ImportPlan) -> str:
    """Store the upload's rows and their plan; return the token that finds them again."""
    remove_stale_files()
    token = secrets.token_urlsafe(16)
    data = json.dumps(upload.as_json(), ensure_ascii=False).encode()
    name = default_storage.save(f"{FOLDER}/{token}.json", ContentFile(data))
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = {
        "file": name,
        "plan": _save_plan(token, plan),
        "filename": upload.filename,
        "centre": plan.centre.pk,
        "user": request.user.pk,
    }
    while len(pending) > MAX_PENDING:
        _delete_files(pending.pop(next(iter(pending))))
    request.session[SESSION_KEY] = pending
    return token


def current_plan(
    request: HttpRequest, pending: PendingImport, centre: Centre, *, to_write: bool = False
) -> ImportPlan:
    """The plan kept with the upload, while nothing it read has changed and it speaks the
    request's language; otherwise a new one, kept in its place. Only a plan ``to_write``
    carries its objects: the preview shows what they will be, but does not read them back."""
    plan = _load_plan(pending.plan_file, centre, to_write) if pending.plan_file else None
    if plan is None or plan.language != get_language() or changed_since_planned(plan):
        plan = plan_import(pending.upload, centre=centre, user=request.user)
        replace_plan(request, pending, plan)
    return plan


def replace_plan(request: HttpRequest, pending: PendingImport, plan: ImportPlan | None) -> None:
    """Keep ``plan`` as the upload's plan; None drops the kept one (the next step plans)."""
    entry = request.session.get(SESSION_KEY, {}).get(pending.token)
    if entry is None:
        return
    if entry.get("plan"):
        _delete(entry["plan"])
    pending.plan_file = entry["plan"] = _save_plan(pending.token, plan) if plan else None
    request.session.modified = True


def get_pending(request: HttpRequest, token: str) -> PendingImport:
    """The user's pending import ``token``; 404 if it is not theirs or no longer there."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["user"] != request.user.pk:
        raise Http404
    if not default_storage.exists(entry["file"]):  # removed as stale meanwhile
        forget_pending(request, token)
        raise Http404
    return PendingImport(
        token, entry["centre"], entry["file"], entry.get("plan"), entry.get("filename")
    )


def forget_pending(request: HttpRequest, token: str) -> None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None)
    if entry:
        _delete_files(entry)
        request.session[SESSION_KEY] = pending


def _delete_files(entry: dict) -> None:
    for name in (entry["file"], entry.get("plan")):
        if name:
            _delete(name)


def _delete(name: str) -> None:
    default_storage.delete(name)


def remove_stale_files(max_age: timedelta = MAX_AGE) -> int:
    """Remove the pending files older than ``max_age`` (previews nobody confirmed or
    cancelled); return how many. Run at each upload, and by ``manage.py clear_stale_imports``."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    cutoff = timezone.now() - max_age
    removed = 0
    for file in files:
        name = f"{FOLDER}/{file}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return removed


# The kept plan: the JSON of what the preview shows, a line break, the JSON of the objects to
# write (``ImportPlan.as_json``'s "objects", which only the confirmation parses), all signed
# by Django's Signer (salted with PLAN_FORMAT; SECRET_KEY_FALLBACKS still read it).


def _signer() -> Signer:
    return Signer(salt=f"{PLAN_SALT}:{PLAN_FORMAT}")


def _save_plan(token: str, plan: ImportPlan) -> str:
    shown = plan.as_json()
    objects = shown.pop("objects")
    text = "\n".join(json.dumps(part, ensure_ascii=False) for part in (shown, objects))
    data = _signer().sign(text).encode()
    return default_storage.save(f"{FOLDER}/{token}.plan", ContentFile(data))


def _load_plan(name: str, centre: Centre, to_write: bool) -> ImportPlan | None:
    """The plan kept under ``name``, or None when it is gone, not signed with this server's
    keys, of another format or for another centre."""
    try:
        with default_storage.open(name) as stored:
            text = _signer().unsign(stored.read().decode())
        shown, objects = text.split("\n", 1)
        kept = json.loads(shown)
        if to_write:
            kept["objects"] = json.loads(objects)
        return ImportPlan.from_json(kept, centre=centre)
    # Gone; changed or signed by another key; another centre's, or of a shape since changed.
    except (FileNotFoundError, BadSignature, ValueError, KeyError, TypeError):
        return None
