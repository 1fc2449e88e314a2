"""Nothing of the casework is deleted, not even by an administrator: requests and visits are
cancelled, persons anonymised, groups dissolved. An attachment's deletion takes its file from
storage and leaves a trace on its request or visit."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.storage import default_storage
from django.urls import reverse

from services.models import Attachment, RequestNote, ServiceRequest, Visit
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import (
    AttachmentFactory,
    RequestNoteFactory,
    ServiceRequestFactory,
    StatusChangeFactory,
    VisitFactory,
)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def casework(centre_a, staff):
    request = ServiceRequestFactory(centre=centre_a, received_by=staff)
    RequestNoteFactory(request=request, author=staff)
    StatusChangeFactory(request=request, changed_by=staff)
    return {
        "services_servicerequest": request,
        "services_visit": VisitFactory(centre=centre_a, created_by=staff),
        "clients_person": PersonFactory(centre=centre_a),
        "clients_clientgroup": ClientGroupFactory(centre=centre_a),
    }


MODELS = ["services_servicerequest", "services_visit", "clients_person", "clients_clientgroup"]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_has_no_delete_page(admin_client, casework, model):
    obj = casework[model]
    delete = reverse(f"admin:{model}_delete", args=[obj.pk])

    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk])).content.decode()
    assert delete not in change
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_list_offers_no_delete_action(admin_client, casework, model):
    changelist = reverse(f"admin:{model}_changelist")
    response = admin_client.get(changelist)
    obj = casework[model]

    assert 'value="delete_selected"' not in response.content.decode()
    data = {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [obj.pk]}
    admin_client.post(changelist, data)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_requests_notes_and_moves_stay(admin_client, casework):
    request = casework["services_servicerequest"]
    admin_client.post(reverse("admin:services_servicerequest_delete", args=[request.pk]))

    assert ServiceRequest.objects.filter(pk=request.pk).exists()
    assert request.notes.count() == 1 and request.status_changes.count() == 1


def test_the_requests_notes_cannot_be_deleted_inline(admin_client, casework):
    request = casework["services_servicerequest"]
    change = admin_client.get(reverse("admin:services_servicerequest_change", args=[request.pk]))

    assert "notes-0-DELETE" not in change.content.decode()


def test_an_admin_delete_of_an_attachment_removes_its_file(
    admin_client, centre_a, staff, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory(request__centre=centre_a, request__received_by=staff)
    name = attachment.file.name
    assert default_storage.exists(name)

    delete = reverse("admin:services_attachment_delete", args=[attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not default_storage.exists(name)
    trace = RequestNote.objects.get(kind=RequestNote.Kind.DETACHED)
    assert trace.request == attachment.request and trace.old_value == "photo.png"


def test_the_admins_bulk_delete_of_attachments_removes_their_files(
    admin_client, centre_a, staff, django_capture_on_commit_callbacks
):
    visit = VisitFactory(centre=centre_a, created_by=staff)
    attachments = [AttachmentFactory(request=None, visit=visit, centre=centre_a) for _ in range(2)]
    names = [a.file.name for a in attachments]
    data = {
        "action": "delete_selected",
        "post": "yes",
        ACTION_CHECKBOX_NAME: [a.pk for a in attachments],
    }
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:services_attachment_changelist"), data)

    assert not Attachment.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert Visit.objects.filter(pk=visit.pk).exists()
