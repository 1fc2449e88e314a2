"""Pages of a list that stay cheap however long the list is.

Django's ``Paginator`` counts every row (``COUNT(*)`` over millions on a national list) and
serves any page by ``OFFSET`` (reading and dropping every row before it). A list page
counts at most ``cap + 1`` rows instead (a sliced count stops reading there) and serves no
page beyond :data:`MAX_PAGES`; past the cap it says "more than 10,000" and asks the user to
narrow the filters (docs/decisions.md).
"""

from functools import cached_property
from math import ceil

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

MAX_PAGES = 400


class CappedPaginator(Paginator):
    """A paginator that counts up to ``cap + 1`` rows and pages up to ``max_pages``."""

    def __init__(
        self,
        object_list,
        per_page: int,
        *,
        max_pages: int | None = None,
        rows: QuerySet | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages or MAX_PAGES
        self.rows = rows if isinstance(object_list, QuerySet) else None

    def page(self, number) -> Page:
        """With ``rows``, the page's ids first, in the list's order, then its rows by id from
        ``rows``: the joins a row shows (a person's village, subdistrict, district and
        province) are made for the page only, not for every row the order looks at (a common
        name searched in a province: 815 persons joined to 77,617 villages, 45 ms, against 20
        for the ids and 1 for the page). ``rows`` holds the scope and the joins, not the
        list's filters: with a search's ids among them, PostgreSQL expected one row and read
        a province's requests to find the page's 25 (35 ms, against 0.4)."""
        page = super().page(number)
        listed = page.object_list
        if self.rows is None or not isinstance(listed, QuerySet):
            return page
        ids = list(listed.values_list("pk", flat=True))
        # LIMIT: as many as the ids, which PostgreSQL reads as "join these few by key".
        by_id = self.rows.filter(pk__in=ids).order_by()[: len(ids)]
        found = {row.pk: row for row in by_id}
        page.object_list = [found[pk] for pk in ids if pk in found]
        return page

    @property
    def cap(self) -> int:
        """The most rows the pages show: ``max_pages`` full pages."""
        return self.max_pages * int(self.per_page)

    @cached_property
    def count(self) -> int:
        """The number of rows, or ``cap + 1`` when there are more than ``cap``."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by()[: self.cap + 1].count()  # any cap + 1 rows will do
        return min(len(rows), self.cap + 1)

    @property
    def cap_text(self) -> str:
        return f"{self.cap:,}"

    @property
    def capped(self) -> bool:
        """Whether the list holds more rows than its pages show."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return min(ceil(max(1, self.count - self.orphans) / int(self.per_page)), self.max_pages)


def list_page(
    listed, per_page: int, number: str | int | None, *, rows: QuerySet | None = None
) -> Page:
    """The page ``number`` of ``listed`` (the last one for a number past the end, the first
    for one that is not a number), counted and paged within the caps; with ``rows``, the
    page's rows are read from it by id (CappedPaginator._get_page)."""
    return CappedPaginator(listed, per_page, rows=rows).get_page(number)
