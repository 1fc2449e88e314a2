"""The load benchmark's in-process pass (benchmarks/load.py): queries counted and their plans
read for a whole-table scan or sort of a big table. The load itself (gunicorn, wrk) is run by
hand, never by the suite."""

from benchmarks.load import Page, Result, explain, inspect_pages, plan_problems, verdict
from tests.benchmarks.conftest import postgresql_only

BIG = {"services_servicerequest": 5_000_000}


def test_it_flags_a_seq_scan_of_a_big_table_and_the_sort_above_it():
    plan = {
        "Node Type": "Sort",
        "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "services_servicerequest", "Plan Rows": 90}
        ],
    }
    assert plan_problems(plan, BIG, 100_000) == [
        "Sort of 90 rows (services_servicerequest)",
        "Seq Scan on services_servicerequest (5,000,000 rows)",
    ]


def test_it_flags_a_sort_of_many_rows_but_not_an_index_read_of_a_few():
    index_read = {
        "Node Type": "Index Scan",
        "Relation Name": "services_servicerequest",
        "Plan Rows": 25,
    }
    assert plan_problems({"Node Type": "Sort", "Plans": [index_read]}, BIG, 100_000) == []
    many = index_read | {"Plan Rows": 200_000}
    assert plan_problems({"Node Type": "Sort", "Plans": [many]}, BIG, 100_000) == [
        "Sort of 200,000 rows (services_servicerequest)"
    ]
    assert plan_problems({"Node Type": "Seq Scan", "Relation Name": "centres_centre"}, BIG, 1) == []


@postgresql_only
def test_it_counts_my_works_queries_and_explains_them(seeded):
    (page,) = inspect_pages(["staff"], "My work", threshold=100_000)
    assert (page.persona, page.status, page.flagged) == ("staff", 200, [])
    assert page.queries > 0
    assert page.db_ms > 0 and not page.over_db_bar  # My work has no database bar of its own
    found = explain([{"sql": 'SELECT * FROM "services_servicerequest"'}], BIG, 100_000)
    assert found == ["Seq Scan on services_servicerequest (5,000,000 rows)"]


def test_a_dashboard_over_its_database_bar_fails():
    quick = Result(rps=100.0, p50=5.0, p99=20.0, errors="")
    overview = Page("centre overview", "/", "head", status=200, queries=9, db_ms=12.0)
    assert verdict(overview, quick, hello=1000.0)[1:] == (
        ">= 0.05x, p99 <= 150 ms, database <= 20 ms",
        "PASS",
    )
    overview.db_ms = 21.0
    assert overview.over_db_bar and verdict(overview, quick, hello=1000.0)[2] == "FAIL"
