"""An upload kept server-side between its preview and the confirmation.

The rows read from the file are stored as JSON under MEDIA_ROOT/imports/ (the default
storage, so shared or object storage when the app runs on several servers) under a random
name; the user's session maps a token to that file. Confirming re-reads the stored rows and
checks them again: nothing posted back by the browser is trusted, and another user's token
is not in one's session (404).
"""

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest
from django.utils import timezone

from centres.models import Centre
from clients.imports.reading import Upload

SESSION_KEY = "clients:pending_imports"
FOLDER = "imports"
MAX_PENDING = 5  # per session; the oldest is dropped beyond that
MAX_AGE = timedelta(hours=24)  # files left behind (abandoned previews) are removed after this


@dataclass
class PendingImport:
    token: str
    centre_id: int
    upload: Upload


def keep_pending(request: HttpRequest, *, upload: Upload, centre: Centre) -> str:
    """Store the upload's rows and return the token that finds them again."""
    remove_stale_files()
    token = secrets.token_urlsafe(16)
    data = json.dumps(upload.as_json(), ensure_ascii=False).encode()
    name = default_storage.save(f"{FOLDER}/{token}.json", ContentFile(data))
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = {"file": name, "centre": centre.pk, "user": request.user.pk}
    while len(pending) > MAX_PENDING:
        _delete(pending.pop(next(iter(pending)))["file"])
    request.session[SESSION_KEY] = pending
    return token


def get_pending(request: HttpRequest, token: str) -> PendingImport:
    """The user's pending import ``token``; 404 if it is not theirs or no longer there."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["user"] != request.user.pk:
        raise Http404
    try:
        with default_storage.open(entry["file"]) as stored:
            data = json.load(stored)
    except FileNotFoundError:
        forget_pending(request, token)
        raise Http404 from None
    return PendingImport(token, entry["centre"], Upload.from_json(data))


def forget_pending(request: HttpRequest, token: str) -> None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None)
    if entry:
        _delete(entry["file"])
        request.session[SESSION_KEY] = pending


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
