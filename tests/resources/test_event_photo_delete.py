"""An event's photo is deleted by its uploader or the centre head, its file removed from
storage once the deletion is committed; anyone else is refused."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from resources.models import EventPhoto
from tests.resources.factories import EventFactory, EventPhotoFactory

pytestmark = pytest.mark.django_db


def _delete(client, photo):
    return client.post(reverse("resources:photo-delete", args=[photo.pk]))


def _stored(photo) -> Path:
    return Path(settings.MEDIA_ROOT) / photo.file.name


def test_an_outsider_gets_404_and_the_photo_stays(client, outsider, staff, centre_a):
    photo = EventPhotoFactory(event=EventFactory(centre=centre_a), uploaded_by=staff)
    client.force_login(outsider)

    assert _delete(client, photo).status_code == 404
    assert EventPhoto.objects.filter(pk=photo.pk).exists() and _stored(photo).exists()


@pytest.mark.parametrize("persona", ["committee_member", "colleague", "province_officer"])
def test_only_the_uploader_or_the_head_may_delete(request, client, persona, staff, centre_a):
    photo = EventPhotoFactory(event=EventFactory(centre=centre_a), uploaded_by=staff)
    client.force_login(request.getfixturevalue(persona))

    assert _delete(client, photo).status_code in (403, 404)
    assert EventPhoto.objects.filter(pk=photo.pk).exists() and _stored(photo).exists()


def test_a_colleague_sees_no_delete_button_for_anothers_photo(client, colleague, staff, centre_a):
    event = EventFactory(centre=centre_a)
    photo = EventPhotoFactory(event=event, uploaded_by=staff)
    client.force_login(colleague)

    page = client.get(event.get_absolute_url())

    assert reverse("resources:photo-delete", args=[photo.pk]) not in page.text


def test_deleting_needs_post(client, staff, centre_a):
    photo = EventPhotoFactory(event=EventFactory(centre=centre_a), uploaded_by=staff)
    client.force_login(staff)

    assert client.get(reverse("resources:photo-delete", args=[photo.pk])).status_code == 405


def test_the_uploader_deletes_a_photo_and_its_file_goes_after_commit(
    client, staff, centre_a, django_capture_on_commit_callbacks, caplog
):
    event = EventFactory(centre=centre_a)
    photo = EventPhotoFactory(event=event, uploaded_by=staff)
    stored = _stored(photo)
    client.force_login(staff)
    assert (
        reverse("resources:photo-delete", args=[photo.pk])
        in client.get(event.get_absolute_url()).text
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = _delete(client, photo)
    assert stored.exists()  # not before the commit
    for callback in callbacks:
        callback()

    assert answer.status_code == 302 and answer.url.endswith("#photos")
    assert not event.photos.exists() and not stored.exists()
    assert f"event photo {photo.pk}" in caplog.text


def test_the_head_deletes_a_staff_members_photo(
    client, head, staff, centre_a, django_capture_on_commit_callbacks
):
    photo = EventPhotoFactory(event=EventFactory(centre=centre_a), uploaded_by=staff)
    stored = _stored(photo)
    client.force_login(head)

    with django_capture_on_commit_callbacks(execute=True):
        assert _delete(client, photo).status_code == 302

    assert not EventPhoto.objects.filter(pk=photo.pk).exists() and not stored.exists()


def test_the_event_page_keeps_its_queries_with_many_photos(
    client, head, staff, centre_a, django_assert_max_num_queries
):
    event = EventFactory(centre=centre_a)
    EventPhotoFactory.create_batch(12, event=event, uploaded_by=staff)
    client.force_login(head)

    with django_assert_max_num_queries(16):
        page = client.get(event.get_absolute_url())
    assert page.text.count("/delete/") == 12
