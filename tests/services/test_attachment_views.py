"""Attachment pages: upload on requests and visits by the centre's staff, download through the
scoped view only, delete by the uploader or the head."""

import re
from pathlib import Path, PurePath

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from services.models import Attachment, RequestNote
from tests.services.factories import AttachmentFactory, ServiceRequestFactory, VisitFactory
from tests.services.upload_samples import ALLOWED, PDF, PNG, TEXT, docx, plain_zip, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def service_request(centre_a, staff):
    return ServiceRequestFactory(centre=centre_a, received_by=staff)


@pytest.fixture
def visit(centre_a, staff):
    return VisitFactory(centre=centre_a, created_by=staff)


def _post_files(client, url, *files, caption=""):
    return client.post(url, {"files": list(files), "caption": caption}, follow=True)


def _visit_upload(visit):
    return reverse("services:attachment-upload-visit", kwargs={"pk": visit.pk})


def _request_upload(service_request):
    return reverse("services:attachment-upload-request", kwargs={"pk": service_request.pk})


# Uploading


def test_it_refuses_uploads_from_an_outsider_with_404(client, outsider, visit, service_request):
    client.force_login(outsider)
    assert client.post(_visit_upload(visit), {"files": upload("a.png", PNG)}).status_code == 404
    response = client.post(_request_upload(service_request), {"files": upload("a.png", PNG)})
    assert response.status_code == 404
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_refuses_uploads_from_readers_with_403(request, client, persona, visit, service_request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_visit_upload(visit), {"files": upload("a.png", PNG)}).status_code == 403
    response = client.post(_request_upload(service_request), {"files": upload("a.png", PNG)})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_it_refuses_get_on_the_upload_url(client, staff, visit):
    client.force_login(staff)
    assert client.get(_visit_upload(visit)).status_code == 405


def test_staff_attach_every_allowed_kind_to_a_visit(client, staff, visit, media):
    client.force_login(staff)
    files = [upload(name, content) for name, (content, _type) in ALLOWED.items()]
    response = _post_files(client, _visit_upload(visit), *files, caption="ประชุมกลุ่ม")
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    attachments = list(visit.attachments.all())
    assert sorted(a.original_name for a in attachments) == sorted(ALLOWED)
    for attachment in attachments:
        assert attachment.content_type == ALLOWED[attachment.original_name][1]
        assert attachment.uploaded_by == staff
        assert attachment.centre == visit.centre
        assert attachment.caption == "ประชุมกลุ่ม"
        assert (media / attachment.file.name).read_bytes() == ALLOWED[attachment.original_name][0]


def test_the_stored_name_is_random_and_the_original_name_is_kept(client, staff, service_request):
    client.force_login(staff)
    _post_files(client, _request_upload(service_request), upload("รายงานการประชุม.pdf", PDF))
    attachment = service_request.attachments.get()
    assert attachment.original_name == "รายงานการประชุม.pdf"
    stored = PurePath(attachment.file.name)
    assert "รายงาน" not in stored.name
    assert stored.suffix == ".pdf"
    assert len(stored.stem) == 32  # a uuid4 in hex
    assert stored.parts[:2] == ("attachments", str(service_request.centre_id))


@override_settings(ATTACHMENT_MAX_BYTES=64)
def test_it_refuses_a_file_over_the_size_limit(client, staff, visit):
    client.force_login(staff)
    response = _post_files(client, _visit_upload(visit), upload("big.png", PNG + b"0" * 100))
    assert not Attachment.objects.exists()
    assert "big.png" in response.content.decode()
    assert "64" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.pdf", PNG), ("notes.jpg", TEXT), ("figures.xlsx", plain_zip()), ("a.xlsx", docx())],
)
def test_it_refuses_a_forged_extension(client, staff, service_request, name, content):
    client.force_login(staff)
    response = _post_files(client, _request_upload(service_request), upload(name, content))
    assert not Attachment.objects.exists()
    assert name in response.content.decode()


def test_a_refused_upload_shows_the_request_page_with_the_reason_under_the_file_box(
    client, staff, service_request
):
    client.force_login(staff)
    url = _request_upload(service_request)
    response = client.post(url, {"files": upload("notes.jpg", TEXT), "caption": "ใบสมัคร"})
    assert response.status_code == 422
    html = response.content.decode()
    error = re.search(
        r'<div class="invalid-feedback" id="attachment-files-[\w-]+-error">(.*?)</div>', html
    )
    assert error and "notes.jpg" in error.group(1)
    assert 'value="ใบสมัคร"' in html  # the caption typed is kept
    assert f'name="next" value="{service_request.get_absolute_url()}"' in html
    assert service_request.subject in html
    assert not Attachment.objects.exists()


def test_an_upload_without_a_file_shows_the_visit_page_again(client, staff, visit):
    client.force_login(staff)
    response = client.post(_visit_upload(visit), {"caption": "ภาพกิจกรรม"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="attachment-files-' in html and "is-invalid" in html
    assert 'value="ภาพกิจกรรม"' in html
    assert f'name="next" value="{visit.get_absolute_url()}"' in html


def test_one_refused_file_refuses_the_whole_upload(client, staff, visit):
    client.force_login(staff)
    _post_files(client, _visit_upload(visit), upload("ok.png", PNG), upload("bad.pdf", PNG))
    assert not Attachment.objects.exists()


def test_it_returns_to_the_page_it_was_sent_from(client, staff, visit):
    client.force_login(staff)
    back = reverse("services:visit-record", kwargs={"pk": visit.pk})
    response = client.post(_visit_upload(visit), {"files": upload("a.png", PNG), "next": back})
    assert response.url == back
    response = client.post(
        _visit_upload(visit), {"files": upload("a.png", PNG), "next": "https://evil.example/"}
    )
    assert response.url == visit.get_absolute_url()


# Downloading


def _download(attachment):
    return reverse("services:attachment", kwargs={"pk": attachment.pk})


def test_outsiders_cannot_download_404(client, outsider, nobody):
    attachment = AttachmentFactory()
    for user in (outsider, nobody):
        client.force_login(user)
        assert client.get(_download(attachment)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, service_request):
    attachment = AttachmentFactory(request=service_request)
    response = client.get(_download(attachment))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "staff"])
def test_readers_of_the_centre_download_an_image_inline(request, client, persona, service_request):
    attachment = AttachmentFactory(request=service_request, original_name="ภาพถ่าย.png")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_download(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert "filename*=utf-8''%E0%B8%A0" in disposition  # RFC 5987, the Thai name encoded
    assert "private" in response["Cache-Control"]


def test_office_files_download_as_attachments(client, staff, service_request):
    client.force_login(staff)
    _post_files(
        client,
        _request_upload(service_request),
        upload("figures.xlsx", ALLOWED["figures.xlsx"][0]),
    )
    attachment = service_request.attachments.get()
    response = client.get(_download(attachment))
    assert response["Content-Disposition"].startswith('attachment; filename="figures.xlsx"')
    assert response["Content-Type"] == ALLOWED["figures.xlsx"][1]


def test_a_missing_file_answers_404(client, staff, service_request, media):
    attachment = AttachmentFactory(request=service_request)
    Path(media / attachment.file.name).unlink()
    client.force_login(staff)
    assert client.get(_download(attachment)).status_code == 404


def test_no_public_url_serves_uploaded_files(settings):
    with pytest.raises(Resolver404):
        resolve(f"/{settings.MEDIA_URL}attachments/1/x.png".replace("//", "/"))


# Deleting


def _delete(client, attachment, **data):
    return client.post(reverse("services:attachment-delete", kwargs={"pk": attachment.pk}), data)


def test_outsiders_cannot_delete_404(client, outsider, service_request):
    attachment = AttachmentFactory(request=service_request)
    client.force_login(outsider)
    assert _delete(client, attachment).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "colleague"])
def test_only_the_uploader_or_the_head_may_delete(request, client, persona, staff, visit):
    attachment = AttachmentFactory(
        request=None, visit=visit, centre=visit.centre, uploaded_by=staff
    )
    client.force_login(request.getfixturevalue(persona))
    assert _delete(client, attachment).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_deleting_needs_post(client, staff, service_request):
    attachment = AttachmentFactory(request=service_request, uploaded_by=staff)
    client.force_login(staff)
    url = reverse("services:attachment-delete", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 405


def test_the_uploader_deletes_a_request_attachment_and_a_note_says_so(
    client, staff, service_request, media, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory(
        request=service_request, uploaded_by=staff, original_name="x.png"
    )
    stored = media / attachment.file.name
    assert stored.exists()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client, attachment)
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not stored.exists()
    note = RequestNote.objects.get(request=service_request)
    assert note.author == staff
    assert "x.png" in note.text


def test_the_head_deletes_a_visit_photo_and_the_visit_history_says_so(client, head, staff, visit):
    attachment = AttachmentFactory(
        request=None, visit=visit, centre=visit.centre, uploaded_by=staff, original_name="y.png"
    )
    client.force_login(head)
    assert _delete(client, attachment).status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    record = visit.history.latest()
    assert record.history_user == head
    assert "y.png" in record.history_change_reason
