"""Free text is bounded: a note of 100,000 characters is refused with a Thai message next to
the field, what was typed shown again, nothing saved."""

from django.urls import reverse
from django.utils import translation

from portal.lib.text import MAX_TEXT
from services.models import RequestNote
from tests.services.factories import ServiceRequestFactory


def test_it_refuses_a_huge_note_with_a_message_and_keeps_the_text(client, staff, centre_a):
    service_request = ServiceRequestFactory(centre=centre_a, received_by=staff)
    client.force_login(staff)
    text = "บันทึก" * 20_000  # 120,000 characters

    response = client.post(
        reverse("services:request-note", args=[service_request.pk]), {"text": text}
    )

    assert response.status_code == 422
    page = response.content.decode()
    with translation.override("th"):
        assert f"ค่านี้ต้องมีไม่เกิน {MAX_TEXT} ตัวอักษร" in page
    assert text in page
    assert not RequestNote.objects.exists()


def test_it_takes_a_note_at_the_limit(client, staff, centre_a):
    service_request = ServiceRequestFactory(centre=centre_a, received_by=staff)
    client.force_login(staff)

    response = client.post(
        reverse("services:request-note", args=[service_request.pk]), {"text": "ก" * MAX_TEXT}
    )

    assert response.status_code == 302
    assert len(RequestNote.objects.get().text) == MAX_TEXT
