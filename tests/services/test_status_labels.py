"""Statuses a person cannot confuse: every status of a request or a visit has its own words, in
Thai and in English, and its own badge colour; every workflow button says what it does and the
status it leads to."""

import itertools
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from services.exports import status_words
from services.models import Status, VisitStatus
from services.views.visits import MOVE_LABELS
from services.visit_actions import VISIT_MOVES
from services.workflow import TRANSITIONS
from tests.services.factories import ServiceRequestFactory, VisitFactory

# Words that only say "now", "already" or "kept": a label that differs from another by them
# alone ("ดำเนินการ" / "ดำเนินการแล้ว") reads as the same status.
THAI_AFFIXES = ("กำลัง", "ได้", "แล้ว", "อยู่", "ไว้", "เสร็จ")
ENGLISH_SUFFIXES = ("ed", "d", "ing")


def thai_stem(label: str) -> str:
    stem, before = label.replace(" ", ""), None
    while stem != before:
        before = stem
        for affix in THAI_AFFIXES:
            stem = stem.removeprefix(affix).removesuffix(affix)
    return stem


def english_stem(label: str) -> str:
    words = label.lower().split()
    last = words[-1]
    for suffix in ENGLISH_SUFFIXES:
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            last = last.removesuffix(suffix)
            break
    return " ".join([*words[:-1], last])


def labels(choices, language: str) -> list[str]:
    with translation.override(language):
        return [str(choice.label) for choice in choices]


@pytest.mark.parametrize("choices", [Status, VisitStatus], ids=["request", "visit"])
@pytest.mark.parametrize("language", ["th", "en"])
def test_it_gives_every_status_of_a_model_different_words(choices, language):
    words = labels(choices, language)
    assert len(set(words)) == len(words), words
    stem = thai_stem if language == "th" else english_stem
    for one, other in itertools.combinations(words, 2):
        assert one.lower() not in other.lower() and other.lower() not in one.lower(), (one, other)
        assert stem(one) != stem(other), (one, other)
        assert stem(one) not in stem(other) and stem(other) not in stem(one), (one, other)


def test_it_says_the_statuses_in_thai_words_an_officer_uses():
    assert labels(Status, "th") == [
        "รับเรื่อง",
        "กำลังดำเนินการ",
        "เสนอคณะกรรมการ",
        "ส่งต่อแหล่งทรัพยากร",
        "ให้บริการเสร็จแล้ว",
        "ปิดเรื่อง",
        "ยกเลิกแล้ว",
    ]
    assert labels(VisitStatus, "th") == ["วางแผนไว้", "จัดให้บริการแล้ว", "ยกเลิกแล้ว"]


def test_the_stems_catch_a_status_that_only_adds_already():
    assert thai_stem("ดำเนินการ") == thai_stem("ดำเนินการแล้ว") == thai_stem("กำลังดำเนินการ")
    assert english_stem("Resolved") == english_stem("Resolving")


@pytest.mark.parametrize("choices", [Status, VisitStatus], ids=["request", "visit"])
def test_it_gives_every_status_a_colour_of_its_own(choices):
    badges = [choice.badge for choice in choices]
    assert len(set(badges)) == len(badges)
    colours = [badge.split()[0] for badge in badges]
    assert len(set(colours)) == len(colours), "one colour per status"
    # Bootstrap's text-bg-* pairs set a text colour that passes WCAG AA on their background;
    # red is kept for "late" and "urgent".
    assert all(re.fullmatch(r"text-bg-[a-z]+", colour) for colour in colours)
    assert "text-bg-danger" not in colours


def test_the_export_says_each_status_as_the_pages_do_in_thai():
    assert list(status_words().values()) == labels(Status, "th")


# The buttons


def button_texts(html: str) -> list[str]:
    """The text of each workflow button, link and folded form's summary, tags removed."""
    found = re.findall(r"<(?:button|summary|a)\b[^>]*>(.*?)</(?:button|summary|a)>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in found]


def says(label: str, target: str) -> str:
    """A button's text in the active language: what it does, then the status it leads to."""
    if label == target:
        return label
    new_status = translation.gettext("New status: %(status)s") % {"status": target}
    return f"{label} {new_status}"


# The moves a person makes from the request page (a committee resolution makes the others).
MOVES = [
    (status, move)
    for status, moves in TRANSITIONS.items()
    for move in moves
    if "resolution" not in move.roles
]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(("status", "move"), MOVES, ids=[f"{s}-{m.to}" for s, m in MOVES])
def test_every_workflow_button_names_the_status_it_leads_to(
    client, settings, head, centre_a, status, move, language
):
    service_request = ServiceRequestFactory(centre=centre_a, status=status, outcome="อบรมแล้ว")
    client.force_login(head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(service_request.get_absolute_url()).content.decode()
    with translation.override(language):
        label, target = str(move.label), str(Status(move.to).label)
        expected = says(label, target)
    assert escape(expected) in button_texts(html)


@pytest.mark.parametrize("status", list(TRANSITIONS))
def test_the_buttons_of_one_status_say_different_things(status):
    with translation.override("th"):
        words = [str(move.label) for move in TRANSITIONS[status]]
    assert len(set(words)) == len(words)


@pytest.mark.parametrize("status", [VisitStatus.PLANNED, VisitStatus.CANCELLED])
def test_every_visit_status_button_names_the_status_it_leads_to(client, staff, centre_a, status):
    visit = VisitFactory(centre=centre_a, created_by=staff, status=status)
    client.force_login(staff)
    html = client.get(reverse("services:visit-detail", args=[visit.pk])).content.decode()
    texts = button_texts(html)
    with translation.override("th"):
        for to in VISIT_MOVES[status]:
            assert says(str(MOVE_LABELS[to]), str(VisitStatus(to).label)) in texts
