"""A Thai file name of a kilobyte or more: the upload is taken and the name shortened, keeping
its extension, with a message (Django alone refuses multipart headers over 1 KB: a bare 400)."""

import pytest
from django.urls import reverse

from services.models import Attachment
from services.uploads import MAX_NAME_LENGTH, short_name
from tests.services.factories import ServiceRequestFactory
from tests.services.upload_samples import JPEG

LONG_THAI = "รูปถ่ายการประชุมกลุ่มทอผ้าบ้านป่าแดด" * 15  # 540 characters, 1,620 bytes in UTF-8
BOUNDARY = "----portal-test-boundary"


def _post_file(client, url: str, name: str, content: bytes):
    """POST one file as a browser does, its name raw UTF-8 in the part's header (the test
    client's own uploads cut names to 255 characters before sending them)."""
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    )
    body = head.encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    return client.post(url, body, content_type=content_type, follow=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def service_request(centre_a, staff):
    return ServiceRequestFactory(centre=centre_a, received_by=staff)


def test_it_shortens_a_name_keeping_its_extension():
    short = short_name(LONG_THAI + ".jpeg")

    assert len(short) == MAX_NAME_LENGTH
    assert short.endswith("….jpeg")
    assert short.startswith("รูปถ่ายการประชุม")
    assert short_name("IMG_0001.jpg") == "IMG_0001.jpg"


def test_it_takes_an_upload_with_a_kilobyte_thai_name_and_says_it_was_shortened(
    client, staff, service_request
):
    client.force_login(staff)
    url = reverse("services:attachment-upload-request", args=[service_request.pk])

    response = _post_file(client, url, LONG_THAI + ".jpg", JPEG)

    assert response.status_code == 200
    attachment = Attachment.objects.get(request=service_request)
    assert len(attachment.original_name) == MAX_NAME_LENGTH
    assert attachment.original_name.endswith(".jpg")
    shown = [str(m) for m in response.context["messages"]]
    assert any(attachment.original_name in m for m in shown), shown


def test_a_name_too_long_to_receive_gets_the_thai_400_page_that_says_why(
    client, staff, service_request
):
    client.force_login(staff)
    url = reverse("services:attachment-upload-request", args=[service_request.pk])

    response = _post_file(client, url, "ก" * 3_000 + ".jpg", JPEG)  # 9 KB

    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert "rename" in response.content.decode() or "เปลี่ยนชื่อ" in response.content.decode()
