"""The list pages link to the exports with their filters, and to the import for writers."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["group", "person"])
def test_it_links_the_export_with_the_lists_filters(client, staff, name):
    client.force_login(staff)

    page = client.get(reverse(f"clients:{name}-list"), {"q": "ทอผ้า"}).content.decode()

    assert f"{reverse(f'clients:{name}-export', args=['xlsx'])}?q=%E0%B8%97" in page
    assert reverse("clients:import") in page


def test_it_offers_no_import_to_a_committee_member(client, committee_member):
    client.force_login(committee_member)

    page = client.get(reverse("clients:group-list")).content.decode()

    assert reverse("clients:group-export", args=["csv"]) in page
    assert reverse("clients:import") not in page
