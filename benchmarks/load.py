"""Load benchmark: every page of every app, as each persona, served by gunicorn as production
does, next to a bare Django "hello" view and a raw WSGI app in the same run (issue 8).

Run it against a throwaway PostgreSQL holding a ``seed_national`` data set (docs/national-data.md)::

    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/portal .venv/bin/python benchmarks/load.py \\
        [--duration 10s] [--connections 16] [--threads 2] [--workers 2] [--only 'group list']

What it does, in order:

1. In-process, with Django's test Client (force_login as each persona) and
   CaptureQueriesContext: opens every page once, counts its queries and EXPLAINs each SELECT on
   the same database, flagging a ``Seq Scan`` of a big table (over ``--big-rows`` rows by
   ``pg_class.reltuples``) and a ``Sort`` of one; then opens it ``DB_SAMPLES`` times more and
   takes the median of its queries' summed time (the database time, round trips included;
   the dashboards have bars of their own, ``DB_BARS``). A page a persona cannot open (not 200)
   is left out of that persona's load run.
2. Collects the static files into a temporary folder and starts two gunicorns on free loopback
   ports: ``portal.wsgi`` (settings ``benchmarks.settings``: the portal's own plus the hello
   view, DEBUG off, a generated secret key, ALLOWED_HOSTS=127.0.0.1) and ``benchmarks.raw_wsgi``.
3. Signs each persona in through the real login page (GET for the CSRF token, one POST: a
   wrong password is never retried, so django-axes is never tripped) and keeps its cookies.
4. For each page: ``wrk --latency`` on hello and on the raw app (every ``--hello-every``
   pages), then on the page with the persona's cookies; prints req/s, p50, p99, the ratio to
   the last hello, the page's bar and PASS/FAIL.

Bars (issue 8): staff, head and committee pages >= 0.05x hello and p99 <= 150 ms; province
pages >= 0.03x and p99 <= 300 ms; the administrator's (national and admin) pages p99 <= 500 ms.
Every wrk run is bounded by ``--duration``; everything listens on 127.0.0.1 only; both servers
are stopped at the end whatever happens (error, Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PERSONAS = ("staff", "head", "committee", "province", "admin")
# persona -> (minimum ratio to hello or None, maximum p99 in ms)
BARS = {
    "staff": (0.05, 150.0),
    "head": (0.05, 150.0),
    "committee": (0.05, 150.0),
    "province": (0.03, 300.0),
    "admin": (None, 500.0),
}
# The dashboards' database time (issue 12): the median over DB_SAMPLES opens, in ms.
DB_BARS = {
    "centre overview": 20.0,
    "centre overview, a month": 20.0,
    "national page": 100.0,
    "national, map by overdue": 100.0,
}
DB_SAMPLES = 5
CENTRE = "5001"  # the demo users' large centre (seed_national attaches them there)
PROVINCE = "50"  # the demo provincial officer's province


def _environment(static_root: str) -> dict[str, str]:
    """The production-like environment of both the in-process pass and gunicorn."""
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": static_root,
    }


# --- pages -------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    url: str
    persona: str
    status: int = 0
    queries: int = 0
    db_ms: float = float("nan")  # the median of its queries' summed time
    flagged: list[str] = field(default_factory=list)

    @property
    def over_db_bar(self) -> bool:
        opened = self.status == 200
        return opened and self.label in DB_BARS and not self.db_ms <= DB_BARS[self.label]


def page_urls() -> list[tuple[str, str]]:
    """(label, url) of every page measured; the same URLs for every persona."""
    from django.urls import reverse

    from clients.models import ClientGroup, Person
    from resources.models import Resource
    from services.models import ServiceRequest, Visit

    def first(model):
        return model.objects.filter(centre__district_id=CENTRE).order_by("-pk").first()

    request, group, person, visit = (first(m) for m in (ServiceRequest, ClientGroup, Person, Visit))
    resource = Resource.objects.order_by("pk").first()  # a national programme: all may open it
    requests = reverse("services:request-list")
    groups = reverse("clients:group-list")
    persons = reverse("clients:person-list")
    overview = reverse("reports:centre-overview", args=[CENTRE])
    urls = [
        ("My work", reverse("services:my-work")),
        ("request list", requests),
        ("request list, filtered", f"{requests}?status=received&sort=due"),
        ("request list, search", requests + "?" + urlencode({"q": "สมศักดิ์"})),
        ("request detail", request.get_absolute_url() if request else ""),
        ("intake form", reverse("services:request-create")),
        ("group list", groups),
        ("group list, search", groups + "?" + urlencode({"q": "น้ำพริก"})),
        ("group detail", group.get_absolute_url() if group else ""),
        ("person list", persons),
        ("person list, search", persons + "?" + urlencode({"q": "สมศักดิ์"})),
        ("person detail", person.get_absolute_url() if person else ""),
        ("person list, phone", persons + "?" + urlencode({"q": "0812"})),
        ("visit list", reverse("services:visit-list")),
        ("visit calendar", reverse("services:visit-calendar")),
        ("visit detail", visit.get_absolute_url() if visit else ""),
        ("visit list, one day", reverse("services:visit-list") + "?day=14/11/2569"),
        ("centre page", reverse("centres:centre-home", args=[CENTRE])),
        ("centre overview", reverse("reports:centre-overview", args=[CENTRE])),
        ("centre overview, a month", overview + "?" + urlencode({"month": 2})),
        ("monthly report", reverse("reports:centre-report", args=[CENTRE]) + "?month=2"),
        ("centre list", reverse("centres:centre-list")),
        ("committee home", reverse("committees:home")),
        ("committee cases", reverse("committees:case-list", args=[CENTRE])),
        ("committee meetings", reverse("committees:meeting-list", args=[CENTRE])),
        ("committee roster", reverse("committees:roster", args=[CENTRE])),
        ("resources directory", reverse("resources:resource-list")),
        ("resource detail", resource.get_absolute_url() if resource else ""),
        ("resources follow-ups", reverse("resources:follow-up-list")),
        ("resources events", reverse("resources:event-list")),
        ("request list, one centre", f"{requests}?centre={CENTRE}"),
        ("province comparison", reverse("reports:province", args=[PROVINCE])),
        (
            "province, sorted",
            reverse("reports:province", args=[PROVINCE]) + "?sort=-on_time&month=2",
        ),
        ("province export XLSX", reverse("reports:province-export", args=[PROVINCE, "xlsx"])),
        ("province summary", reverse("reports:province-print", args=[PROVINCE])),
        ("national page", reverse("reports:national")),
        ("national, map by overdue", reverse("reports:national") + "?map=overdue"),
        ("national export XLSX", reverse("reports:national-export", args=["xlsx"])),
        ("my exports", reverse("reports:my-exports")),
    ]
    for label, model in (
        ("requests", "services_servicerequest"),
        ("persons", "clients_person"),
        ("groups", "clients_clientgroup"),
        ("visits", "services_visit"),
    ):
        urls.append((f"admin: {label}", reverse(f"admin:{model}_changelist")))
    return [(label, url) for label, url in urls if url]


# --- the in-process pass: queries and plans ----------------------------------------------


def big_tables(threshold: int) -> dict[str, int]:
    """Tables over ``threshold`` rows by the planner's estimate (never-analyzed ones first
    ANALYZEd, so that reltuples means something)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.reltuples < 0"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ANALYZE "{name}"')
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.reltuples > %s",
            [threshold],
        )
        return dict(cursor.fetchall())


def plan_problems(plan: dict, big: dict[str, int], threshold: int) -> list[str]:
    """A plan's whole reads of big tables (``Seq Scan``) and sorts of them: a ``Sort`` above
    such a scan, or one that sorts more than ``threshold`` rows."""
    found = []
    node, table = plan["Node Type"], plan.get("Relation Name")
    if node == "Seq Scan" and table in big:
        found.append(f"Seq Scan on {table} ({big[table]:,} rows)")
    children = plan.get("Plans", [])
    if node in ("Sort", "Incremental Sort"):
        below = [p for child in children for p in plan_problems(child, big, threshold)]
        rows = max((child.get("Plan Rows", 0) for child in children), default=0)
        if any(p.startswith("Seq Scan") for p in below) or rows > threshold:
            found.append(f"Sort of {rows:,} rows ({', '.join(sorted(_relations(plan)))})")
        return found + below
    for child in children:
        found += plan_problems(child, big, threshold)
    return found


def _relations(plan: dict) -> set[str]:
    names = {plan["Relation Name"]} if "Relation Name" in plan else set()
    for child in plan.get("Plans", []):
        names |= _relations(child)
    return names


def inspect_pages(personas: list[str], only: str, threshold: int) -> list[Page]:
    """Open every page once as each persona in-process: status, queries, flagged plans."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    big = big_tables(threshold)
    print(f"big tables (> {threshold:,} rows):", ", ".join(f"{t} {n:,}" for t, n in big.items()))
    pages = []
    for persona in personas:
        client = Client(SERVER_NAME=HOST, raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username=persona))
        for label, url in page_urls():
            if only and only.lower() not in label.lower():
                continue
            page = Page(label, url, persona)
            with CaptureQueriesContext(connection) as captured:
                page.status = client.get(url).status_code
            page.queries = len(captured.captured_queries)
            if page.status == 200:
                page.flagged = explain(captured.captured_queries, big, threshold)
                page.db_ms = database_time(client, url)
            pages.append(page)
            flags = f"  FLAGGED: {'; '.join(page.flagged)}" if page.flagged else ""
            over = f"  OVER its {DB_BARS[label]:.0f} ms" if page.over_db_bar else ""
            print(
                f"  {persona:9} {label:24} {page.status}  {page.queries:3} queries "
                f"{page.db_ms:8.1f} ms of database{over}{flags}"
            )
    return pages


class QueryTimer:
    """An execute wrapper adding up the time of the queries run through it, in seconds."""

    def __init__(self) -> None:
        self.spent = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent += time.perf_counter() - started


def database_time(client, url: str, samples: int = DB_SAMPLES) -> float:
    """The median over ``samples`` opens of the time the page's queries took, in ms: each
    query timed around the driver's call (Django's own record rounds to milliseconds)."""
    from django.db import connection

    totals = []
    for _ in range(samples):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            client.get(url)
        totals.append(timer.spent * 1000)
    return statistics.median(totals)


def explain(queries: list[dict], big: dict[str, int], threshold: int) -> list[str]:
    from django.db import connection

    problems: list[str] = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for problem in plan_problems(plan[0]["Plan"], big, threshold):
                if problem not in problems:
                    problems.append(problem)
    return problems


# --- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Servers:
    """The two gunicorns, stopped (whole process groups) by stop() whatever happened."""

    def __init__(self, env: dict[str, str], workers: int, logs: Path):
        self.env, self.workers, self.logs = env, workers, logs
        self.processes: list[subprocess.Popen] = []

    def start(self, app: str, name: str) -> int:
        port = free_port()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        command = [str(gunicorn), app, "--workers", str(self.workers), "--bind", f"{HOST}:{port}"]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ | self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return port

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, _cookies(response), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


def wait_until_up(port: int, path: str, servers: Servers, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in servers.processes):
            raise SystemExit(f"a gunicorn exited; see its log in {servers.logs}")
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"nothing answered on {HOST}:{port}{path} within {seconds:.0f} s")


def sign_in(port: int, username: str, password: str) -> str:
    """The persona's Cookie header, from one real POST to the login page (with CSRF)."""
    from django.conf import settings
    from django.urls import reverse

    login = reverse("login")
    status, cookies, body = get(port, login)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise SystemExit(f"the login page answered {status} without a CSRF token")
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
    )
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(
            "POST",
            login,
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Referer": f"http://{HOST}:{port}{login}",
                "Origin": f"http://{HOST}:{port}",
            },
        )
        response = connection.getresponse()
        response.read()
        cookies |= _cookies(response)
    finally:
        connection.close()
    if response.status != 302 or settings.SESSION_COOKIE_NAME not in cookies:
        # Never retried: a second failure would count towards django-axes' lockout.
        raise SystemExit(f"signing in as {username} failed ({response.status}); not retrying")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# --- wrk ---------------------------------------------------------------------------------


@dataclass
class Result:
    rps: float
    p50: float  # ms
    p99: float  # ms
    errors: str


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> Result:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = []
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors.append(f"{found.group(1)} non-2xx")
    if found := re.search(r"Socket errors: (.*)", output):
        errors.append(found.group(1).strip())
    if not (rps and p50 and p99):
        tail = " ".join(output.split())[-200:]
        return Result(0.0, float("nan"), float("nan"), f"no result: {tail}")
    return Result(float(rps.group(1)), _ms(p50.group(1)), _ms(p99.group(1)), "; ".join(errors))


def run_wrk(args: argparse.Namespace, url: str, cookie: str = "") -> Result:
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        f"--timeout={args.wrk_timeout}",
        "--latency",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    seconds = _ms(args.duration if args.duration[-1] in "sm" else args.duration + "s") / 1000
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        return Result(0.0, float("nan"), float("nan"), "wrk did not finish")
    return parse_wrk(done.stdout + done.stderr)


def verdict(page: Page, result: Result, hello: float) -> tuple[float, str, str]:
    minimum, p99_max = BARS[page.persona]
    ratio = result.rps / hello if hello else 0.0
    bar = (f">= {minimum}x, " if minimum else "") + f"p99 <= {p99_max:.0f} ms"
    ok = (
        not result.errors
        and result.rps > 0
        and (minimum is None or ratio >= minimum)
        and result.p99 <= p99_max
        and not page.flagged
        and not page.over_db_bar
    )
    if page.label in DB_BARS:
        bar += f", database <= {DB_BARS[page.label]:.0f} ms"
    return ratio, bar, "PASS" if ok else "FAIL"


# --- main --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--duration", default="10s", help="each wrk run (wrk -d), e.g. 3s")
    parser.add_argument("-c", "--connections", type=int, default=16, help="wrk -c")
    parser.add_argument("-t", "--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn --workers")
    parser.add_argument("--wrk-timeout", default="10s", help="wrk --timeout for one request")
    parser.add_argument("--hello-every", type=int, default=1, help="hello and raw every N pages")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--big-rows", type=int, default=100_000, help="a big table's rows")
    parser.add_argument("--plans-only", action="store_true", help="no servers, no wrk")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    args = parser.parse_args()
    personas = [p for p in args.personas.split(",") if p]
    if unknown := set(personas) - set(BARS):
        parser.error(f"unknown personas: {', '.join(sorted(unknown))}")
    if not args.plans_only and not shutil.which(args.wrk):
        parser.error("wrk is not installed (apt-get install wrk)")

    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    env = _environment(str(work / "static"))
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.models import NationalDataset
    from centres.demo import DEMO_PASSWORD

    if connection.vendor != "postgresql":
        raise SystemExit("DATABASE_URL must point at PostgreSQL holding a seed_national data set")
    dataset = NationalDataset.objects.filter(finished_at__isnull=False).order_by("-pk").first()
    if dataset is None:
        raise SystemExit("no finished seed_national data set in this database")
    print(f"data set: scale {dataset.scale}, {dataset.centres} centres, {dataset.rows:,} rows")

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a 500 shows as its status
    logging.getLogger("axes").setLevel(logging.WARNING)
    print("== queries and plans (in-process)")
    pages = inspect_pages(personas, args.only, args.big_rows)
    connection.close()
    if args.plans_only:
        return 1 if any(p.flagged or p.over_db_bar for p in pages) else 0

    servers = Servers(env, args.workers, work)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        portal = servers.start("portal.wsgi", "portal")
        raw = servers.start("benchmarks.raw_wsgi", "raw")
        wait_until_up(portal, "/bench/hello/", servers)
        wait_until_up(raw, "/", servers)
        cookies = {persona: sign_in(portal, persona, DEMO_PASSWORD) for persona in personas}
        print(
            f"== load: wrk -t{args.threads} -c{args.connections} -d{args.duration}, "
            f"gunicorn --workers {args.workers}, DEBUG {settings.DEBUG}"
        )
        hello_url, raw_url = f"http://{HOST}:{portal}/bench/hello/", f"http://{HOST}:{raw}/"
        rows, hellos, raws = [], [], []
        openable = [p for p in pages if p.status == 200]
        for n, page in enumerate(openable):
            if n % max(1, args.hello_every) == 0:
                for name, url, runs in (("hello", hello_url, hellos), ("raw WSGI", raw_url, raws)):
                    result = run_wrk(args, url)
                    print(f"  {name:34} {result.rps:8.1f} req/s  {result.errors}")
                    if result.rps > 0 and not result.errors:
                        runs.append(result)  # a failed yardstick run is shown, never used
            hello = hellos[-1].rps if hellos else 0.0
            try:
                status = get(portal, page.url, cookies[page.persona])[0]
                answer = f"answered {status}"
            except OSError:  # the servers still busy with the last page's backlog
                status, answer = 0, "no answer within 30 s"
            if status != 200:
                result = Result(0.0, float("nan"), float("nan"), answer)
            else:
                result = run_wrk(args, f"http://{HOST}:{portal}{page.url}", cookies[page.persona])
            ratio, bar, outcome = verdict(page, result, hello)
            rows.append((page, result, ratio, bar, outcome))
            print(
                f"  {page.persona:9} {page.label:24} {result.rps:8.1f} req/s {ratio:7.3f}x "
                f"p50 {result.p50:7.1f} p99 {result.p99:7.1f} ms  {outcome} {result.errors}"
            )
    finally:
        servers.stop()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work / "static", ignore_errors=True)

    print_table(rows, hellos, raws, args)
    print(f"(gunicorn logs in {work})")
    return 1 if any(outcome == "FAIL" for *_, outcome in rows) else 0


def print_table(rows, hellos: list[Result], raws: list[Result], args) -> None:
    print()
    for name, runs in (("hello (Django, full middleware)", hellos), ("raw WSGI", raws)):
        if runs:
            rates = [r.rps for r in runs]
            print(
                f"{name}: median {statistics.median(rates):,.0f} req/s over {len(runs)} runs "
                f"({min(rates):,.0f}–{max(rates):,.0f}), p99 median "
                f"{statistics.median(r.p99 for r in runs):.1f} ms"
            )
    print()
    print(
        "| page | persona | queries | database ms | flagged plans | req/s | × hello | p50 ms "
        "| p99 ms | bar | result |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for page, result, ratio, bar, outcome in rows:
        flagged = "; ".join(page.flagged) or "–"
        note = f" ({result.errors})" if result.errors else ""
        print(
            f"| {page.label} | {page.persona} | {page.queries} | {page.db_ms:.1f} | {flagged} | "
            f"{result.rps:,.1f} | "
            f"{ratio:.3f} | {result.p50:.1f} | {result.p99:.1f} | {bar} | {outcome}{note} |"
        )
    failed = sum(outcome == "FAIL" for *_, outcome in rows)
    print()
    print(f"{len(rows) - failed} of {len(rows)} pages pass their bar; {failed} fail.")


if __name__ == "__main__":
    sys.exit(main())
