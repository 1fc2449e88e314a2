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

    def __init__(self, object_list, per_page: int, *, max_pages: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages or MAX_PAGES

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


def list_page(rows, per_page: int, number: str | int | None) -> Page:
    """The page ``number`` of ``rows`` (the last one for a number past the end, the first for
    one that is not a number), counted and paged within the caps."""
    return CappedPaginator(rows, per_page).get_page(number)
