"""The centre's work (``services``): visits with their villages, groups and staff; requests over
five fiscal years with gap-free references, realistic statuses and the status changes that led
there; notes, attachment rows and the reference counters the portal numbers on from."""

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from benchmarks.national.copy import CopyWriter
from benchmarks.national.people import Team
from benchmarks.national.plan import CentrePlan, Span, office_time
from benchmarks.national.registry import Registry
from portal.lib.fiscal import fiscal_year
from services.demo import (
    CANCEL_REASONS,
    EXTENSION_REASONS,
    LENDERS,
    MARKETS,
    OUTCOMES,
    REGION,
    REOPEN_REASON,
    SKILLS,
    TOPICS,
    tiny_png,
)
from services.models import ServiceType

PLACEHOLDER = "attachments/national/placeholder.png"  # every generated attachment row's file
TYPE_WEIGHTS = {
    "consultation": 25, "knowledge": 12, "funding": 18, "production": 8, "market": 15,
    "capacity": 10, "information": 7, "exchange": 5,
}  # fmt: skip
# The status a request has reached, by how many days ago it was received: most old ones are done.
TARGETS_BY_AGE = (
    (7, {"received": 3, "in_progress": 2}),
    (30, {"in_progress": 3, "received": 1, "referred": 1, "committee": 1, "resolved": 1}),
    (90, {"closed": 3, "resolved": 2, "referred": 2, "committee": 1, "in_progress": 1,
          "cancelled": 1}),
    (365, {"closed": 8, "resolved": 1, "cancelled": 1, "referred": 1}),
    (None, {"closed": 88, "cancelled": 7, "resolved": 5}),
)  # fmt: skip
# The moves that reach each status (services/workflow.py allows each of them).
PATHS = {
    "received": (),
    "in_progress": ("in_progress",),
    "committee": ("in_progress", "committee"),
    "referred": ("in_progress", "referred"),
    "resolved": ("in_progress", "resolved"),
    "closed": ("in_progress", "resolved", "closed"),
    "cancelled": ("cancelled",),
}
HEAD_MOVES = {"committee", "closed"}  # and reopening: only the head makes them
NOTES = (
    "โทรนัดผู้ขอเข้ามาพบที่ศูนย์ฯ วันพฤหัสบดี",
    "ผู้ขอส่งเอกสารเพิ่มเติมทางไลน์แล้ว",
    "ประสานผู้ใหญ่บ้านช่วยแจ้งสมาชิกกลุ่ม",
    "รอผลการประชุมประจำเดือนของกลุ่ม",
    "ลงพื้นที่ดูสถานที่ผลิตแล้ว มีความพร้อม",
)
SATISFACTION = (5,) * 45 + (4,) * 40 + (3,) * 12 + (2,) * 3
GENERIC_REGION = {"crop": "ข้าว", "product": "ผลิตภัณฑ์ของกลุ่ม", "material": "วัตถุดิบในท้องถิ่น"}


@dataclass
class Visits:
    """The centre's done visits, by date, for linking requests to them."""

    outreach_dates: list[date] = field(default_factory=list)
    outreach_ids: list[int] = field(default_factory=list)
    done_dates: list[date] = field(default_factory=list)
    done_ids: list[int] = field(default_factory=list)


class WorkWriter:
    def __init__(self, writer: CopyWriter, span: Span) -> None:
        self.writer = writer
        self.span = span
        self.visits = writer.open("services_visit", VISIT_COLUMNS)
        self.visit_villages = writer.open("services_visit_villages", ("visit_id", "village_id"))
        self.visit_groups = writer.open("services_visit_groups", ("visit_id", "clientgroup_id"))
        self.visit_staff = writer.open("services_visit_staff", ("visit_id", "user_id"))
        self.requests = writer.open("services_servicerequest", REQUEST_COLUMNS)
        self.changes = writer.open("services_statuschange", CHANGE_COLUMNS)
        self.notes = writer.open("services_requestnote", NOTE_COLUMNS)
        self.served = writer.open(
            "services_visit_served_requests", ("visit_id", "servicerequest_id")
        )
        self.attachments = writer.open("services_attachment", ATTACHMENT_COLUMNS)
        self.counters = writer.open(
            "services_referencecounter", ("centre_id", "fiscal_year", "last_value")
        )
        types = ServiceType.objects.filter(is_active=True, code__in=TYPE_WEIGHTS).order_by("pk")
        self.types = [(t.pk, t.code, t.target_days_normal, t.target_days_urgent) for t in types]
        self.type_weights = [TYPE_WEIGHTS[t[1]] for t in self.types]
        self.placeholder_size = _placeholder()
        self._topic_cache: dict[str, dict] = {}

    def _topics(self, province: str) -> dict[str, list[tuple[str, str]]]:
        """What people ask for, in the words of the province's region (cached)."""
        if province not in self._topic_cache:
            words = _region(province)
            self._topic_cache[province] = {
                code: [(t.subject.format(**words)[:200], t.description.format(**words)) for t in ts]
                for code, ts in TOPICS.items()
            }
        return self._topic_cache[province]

    # Visits

    def centre_visits(self, rng: random.Random, plan: CentrePlan, team: Team, reg: Registry):
        visits = Visits()
        days = self.span.seconds / 86400 + 30  # and a month of planned ones ahead
        for offset in sorted(rng.uniform(0, days) for _ in range(plan.visits)):
            self._visit(rng, plan, team, reg, offset, visits)
        return visits

    def _visit(self, rng, plan: CentrePlan, team: Team, reg: Registry, offset: float, visits):
        day = (self.span.start + timedelta(days=offset)).date()
        today = self.span.now.date()
        outreach = rng.random() < 0.7
        status = "planned" if day > today else rng.choices(("done", "cancelled"), (92, 8))[0]
        villages = rng.sample(reg.villages, min(len(reg.villages), rng.randint(1, 3)))
        visit_id = self.visits.new_id()
        done = status == "done"
        created = min(self.span.start + timedelta(days=max(0.0, offset - 7)), self.span.now)
        title = (
            f"ออกหน่วยบริการเคลื่อนที่ {villages[0][1]}"
            if outreach
            else "คลินิกให้คำปรึกษาเศรษฐกิจฐานรากที่ศูนย์ฯ"
        )
        self.writer.add_trusted(
            self.visits,
            visit_id,
            plan.centre_id,
            "outreach" if outreach else "onsite",
            day,
            status,
            rng.random() < 0.03,
            title,
            rng.randint(8, 60) if done else None,
            "รับเรื่องและให้คำแนะนำแก่กลุ่มและผู้มาร่วมกิจกรรม" if done else "",
            day + timedelta(days=rng.randint(14, 60)) if done and rng.random() < 0.3 else None,
            team.head if rng.random() < 0.3 else rng.choice(team.workers),
            created,
            created,
            1,
        )
        if outreach:
            for village_id, _ in villages:
                self.writer.add_trusted(
                    self.visit_villages, self.visit_villages.new_id(), visit_id, village_id
                )
        for offset_g in rng.sample(range(reg.groups), min(reg.groups, rng.randint(0, 2))):
            self.writer.add(
                self.visit_groups, self.visit_groups.new_id(), visit_id, reg.first_group + offset_g
            )
        for user_id in rng.sample(team.workers, min(len(team.workers), rng.randint(1, 3))):
            self.writer.add_trusted(self.visit_staff, self.visit_staff.new_id(), visit_id, user_id)
        if done:
            visits.done_dates.append(day)
            visits.done_ids.append(visit_id)
            if outreach:
                visits.outreach_dates.append(day)
                visits.outreach_ids.append(visit_id)
            for _ in range(rng.randint(1, 2) if rng.random() < 0.25 else 0):
                self._attachment(rng, plan, team, None, visit_id, created, "ภาพกิจกรรม")

    # Requests

    def centre_requests(self, rng, plan: CentrePlan, team: Team, reg: Registry, visits: Visits):
        days = self.span.seconds / 86400
        moments = sorted(
            office_time(rng, self.span, rng.uniform(0, days)) for _ in range(plan.requests)
        )
        counters: dict[int, int] = {}
        for received in moments:
            year = fiscal_year(received.date())
            counters[year] = counters.get(year, 0) + 1
            self._request(rng, plan, team, reg, visits, received, year, counters[year])
        for year, last in sorted(counters.items()):
            self.writer.add(self.counters, self.counters.new_id(), plan.centre_id, year, last)

    def _request(self, rng, plan, team, reg, visits, received: datetime, year, sequence):
        request_id = self.requests.new_id()
        type_id, code, normal, urgent_days = rng.choices(self.types, self.type_weights)[0]
        urgent = rng.random() < 0.05
        day = received.date()
        due = day + timedelta(days=urgent_days if urgent else normal)
        subject, description = rng.choice(self._topics(plan.province)[code])
        moves = _moves(rng, self.span.now - received)
        times = _times(rng, received, self.span.now, len(moves), urgent)
        worker = rng.choice(team.workers)
        assigned = worker if moves or rng.random() < 0.5 else None
        visit = _raised_on(rng, visits, day)
        done = "resolved" in moves
        outcome = _outcome(rng, code) if done else {}
        closed = bool(moves) and moves[-1] == "closed"
        extended = rng.random() < 0.03 and bool(moves)
        group = rng.random() < 0.4
        self.writer.add_trusted(
            self.requests,
            request_id,
            plan.centre_id,
            f"{plan.district}-{year}-{sequence:05d}",
            year,
            sequence,
            reg.first_group + rng.randrange(reg.groups) if group else None,
            None if group else reg.first_person + rng.randrange(reg.persons),
            type_id,
            "outreach" if visit or rng.random() < 0.1 else "onsite",
            "urgent" if urgent else "normal",
            subject,
            description,
            received,
            worker,
            assigned,
            moves[-1] if moves else "received",
            due + timedelta(days=14) if extended else due,
            visit,
            outcome.get("outcome", ""),
            outcome.get("money_obtained"),
            outcome.get("people_trained"),
            outcome.get("market_found", ""),
            outcome.get("result_note", ""),
            rng.choice(SATISFACTION) if closed and rng.random() < 0.7 else None,
            1 + len(moves),
            received,
            times[-1] if times else received,
        )
        self._changes(rng, request_id, team, worker, received, moves, times)
        if extended:
            when = times[0]
            self.writer.add(
                self.notes, self.notes.new_id(), request_id, worker, when, "due_date",
                rng.choice(EXTENSION_REASONS), due.isoformat(),
                (due + timedelta(days=14)).isoformat(),
            )  # fmt: skip
        if rng.random() < 0.15:
            when = times[0] if times else received
            self.writer.add(
                self.notes, self.notes.new_id(), request_id, worker, when, "note",
                rng.choice(NOTES), "", "",
            )  # fmt: skip
        if done and rng.random() < 0.15:
            self._serve(visits, request_id, day, times[-1].date())
        if rng.random() < 0.08:
            self._attachment(rng, plan, team, request_id, None, received, "เอกสารประกอบคำขอ")

    def _changes(self, rng, request_id, team: Team, worker, received, moves, times) -> None:
        """The request's status changes, written as text lines: the biggest table by far."""
        add, table = self.writer.add_line, self.changes
        add(table, f"{table.new_id()}\t{request_id}\t\treceived\t{worker}\t{received}\t\n")
        before = "received"
        for to, when in zip(moves, times, strict=True):
            by = team.head if to in HEAD_MOVES or (before == "closed") else worker
            note = ""
            if to == "cancelled":
                note = rng.choice(CANCEL_REASONS)
            elif before == "closed":
                note = REOPEN_REASON
            add(table, f"{table.new_id()}\t{request_id}\t{before}\t{to}\t{by}\t{when}\t{note}\n")
            before = to

    def _serve(self, visits: Visits, request_id: int, start: date, end: date) -> None:
        """Served on the first done visit between receipt and resolution, if there is one."""
        index = bisect_left(visits.done_dates, start)
        if index < len(visits.done_dates) and visits.done_dates[index] <= end:
            self.writer.add_trusted(
                self.served, self.served.new_id(), visits.done_ids[index], request_id
            )

    def _attachment(self, rng, plan, team: Team, request_id, visit_id, when, caption) -> None:
        self.writer.add(
            self.attachments,
            self.attachments.new_id(),
            plan.centre_id,
            request_id,
            visit_id,
            PLACEHOLDER,
            f"{caption}.png",
            "image/png",
            self.placeholder_size,
            caption,
            rng.choice(team.workers),
            when,
        )


def _moves(rng: random.Random, age: timedelta) -> tuple[str, ...]:
    weights = next(w for limit, w in TARGETS_BY_AGE if limit is None or age.days < limit)
    target = rng.choices(list(weights), list(weights.values()))[0]
    path = PATHS[target]
    if target == "cancelled" and rng.random() < 0.5:
        path = ("in_progress", "cancelled")
    elif "resolved" in path and rng.random() < 0.25:
        path = ("in_progress", "referred", *path[1:])
    elif target == "closed" and rng.random() < 0.01:
        path = (*path, "in_progress", "resolved", "closed")  # reopened by the head once
    return path


def _times(rng, received: datetime, now: datetime, count: int, urgent: bool) -> list[datetime]:
    """``count`` increasing moments after ``received``, within days or weeks, never past now."""
    if not count:
        return []
    spread = timedelta(days=rng.uniform(0.5, 10 if urgent else 60))
    spread = min(spread, (now - received) * 0.95)
    steps = sorted(rng.random() for _ in range(count))
    return [
        received + spread * (0.02 + 0.98 * s) + timedelta(seconds=n) for n, s in enumerate(steps)
    ]


def _raised_on(rng: random.Random, visits: Visits, day: date) -> int | None:
    """A third of the requests come from an outreach visit of the last three days."""
    if rng.random() >= 0.35:
        return None
    index = bisect_right(visits.outreach_dates, day) - 1
    if index >= 0 and (day - visits.outreach_dates[index]).days <= 3:
        return visits.outreach_ids[index]
    return None


def _outcome(rng: random.Random, code: str) -> dict:
    changes: dict = {"outcome": OUTCOMES[code]}
    if code == "funding":
        amount = rng.randint(6, 60) * 5_000
        changes["money_obtained"] = f"{amount}.00"
        changes["result_note"] = f"{rng.choice(LENDERS)} อนุมัติ {amount:,} บาท"
    elif code in ("knowledge", "capacity", "exchange"):
        changes["people_trained"] = rng.randint(12, 45)
        changes["result_note"] = "ผู้เข้าร่วมนำความรู้ไปใช้ในการผลิตของกลุ่ม"
    elif code == "market":
        changes["market_found"] = rng.choice(MARKETS)
        changes["result_note"] = f"ขายได้เพิ่มเดือนละประมาณ {rng.randint(5, 40) * 1_000:,} บาท"
    return changes


def _region(province: str) -> dict:
    words = REGION.get(province, GENERIC_REGION)
    return {**words, "skill": SKILLS.get(province, "การแปรรูปผลผลิตในท้องถิ่น"), "village": ""}


def _placeholder() -> int:
    """The one small file every attachment row points at; written once."""
    if not default_storage.exists(PLACEHOLDER):
        default_storage.save(PLACEHOLDER, ContentFile(tiny_png(b"\x9c\xc9\x8f")))
    return default_storage.size(PLACEHOLDER)


VISIT_COLUMNS = (
    "centre_id", "kind", "planned_date", "status", "is_urgent", "title", "attendees",
    "what_was_done", "follow_up_on", "created_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
REQUEST_COLUMNS = (
    "centre_id", "reference", "fiscal_year", "sequence", "client_group_id", "person_id",
    "service_type_id", "channel", "urgency", "subject", "description", "received_at",
    "received_by_id", "assigned_to_id", "status", "due_date", "raised_on_visit_id", "outcome",
    "money_obtained", "people_trained", "market_found", "result_note", "satisfaction",
    "version", "created_at", "updated_at",
)  # fmt: skip
CHANGE_COLUMNS = ("request_id", "from_status", "to_status", "changed_by_id", "changed_at", "note")
NOTE_COLUMNS = (
    "request_id", "author_id", "created_at", "kind", "text", "old_value", "new_value",
)  # fmt: skip
ATTACHMENT_COLUMNS = (
    "centre_id", "request_id", "visit_id", "file", "original_name", "content_type", "size",
    "caption", "uploaded_by_id", "uploaded_at",
)  # fmt: skip
