"""Attachments: upload on a request or a visit, download, delete.

Files are served only here, after the same scoping as the page they belong to (404 for
outsiders); never from a public media URL.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from portal.lib.urls import local_path
from services.access import get_attachment_for_user, get_request_for_user, get_visit_for_user
from services.actions import ActionRefused
from services.models import ServiceRequest, Visit
from services.uploads import EXTENSIONS, INLINE_TYPES, shortened_notices
from services.views.requests import request_page
from services.views.visits import visit_page
from services.visit_actions import add_attachments, can_delete_attachment, delete_attachment
from services.visit_forms import AttachmentUploadForm

CACHE_SECONDS = 3600


def _back(request: HttpRequest, owner: ServiceRequest | Visit) -> str:
    """Where the form was: the page given in ``next`` if it is ours, else the owner's page."""
    target = request.POST.get("next")
    found = local_path(target, host=request.get_host(), https=request.is_secure())
    return found or owner.get_absolute_url()


def _upload(request: HttpRequest, owner: ServiceRequest | Visit) -> HttpResponse:
    on = {"request": owner} if isinstance(owner, ServiceRequest) else {"visit": owner}
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():  # the page again, the reason under the file box (422)
        if isinstance(owner, ServiceRequest):
            return request_page(request, owner, attachment_form=form)
        return visit_page(request, owner, attachment_form=form)
    try:
        files = form.cleaned_data["files"]
        add_attachments(files=files, by=request.user, caption=form.cleaned_data["caption"], **on)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        count = len(files)
        messages.success(
            request,
            ngettext("%(count)d file attached.", "%(count)d files attached.", count)
            % {"count": count},
        )
        for notice in shortened_notices(files):
            messages.info(request, notice)
    return redirect(_back(request, owner))


@login_required
@require_POST
def attachment_upload_request(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    return _upload(request, service_request)


@login_required
@require_POST
def attachment_upload_visit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    return _upload(request, visit)


@login_required
@require_safe
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The file, to whoever may see its request or visit: shown in the browser if it is a
    photo or a PDF, else downloaded; under its original name."""
    found = get_attachment_for_user(request.user, pk)
    known = found.content_type in EXTENSIONS.values()
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=found.content_type if known else "application/octet-stream",
        as_attachment=found.content_type not in INLINE_TYPES,
        filename=found.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_attachment_for_user(request.user, pk)
    if not can_delete_attachment(request.user, found):
        raise PermissionDenied
    owner = found.request or found.visit
    name = found.original_name
    try:
        delete_attachment(found, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
    return redirect(_back(request, owner))
