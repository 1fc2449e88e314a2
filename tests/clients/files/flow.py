"""Steps of the import flow, as a staff member's browser takes them."""

from django.urls import reverse


def upload(client, file) -> str:
    """Upload ``file``; return the pending import's token."""
    response = client.post(reverse("clients:import"), {"file": file})
    assert response.status_code == 302, response.context["form"].errors
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def preview(client, token: str):
    response = client.get(reverse("clients:import-preview", args=[token]))
    assert response.status_code == 200
    return response


def confirm(client, token: str):
    return client.post(reverse("clients:import-confirm", args=[token]))


def import_file(client, file):
    """Upload, check that no row has a problem, confirm; return the preview's plan."""
    token = upload(client, file)
    plan = preview(client, token).context["plan"]
    assert plan.errors == []
    response = confirm(client, token)
    assert response.status_code == 302
    assert response.url == reverse("clients:import-result")
    return plan
