"""The comparison tables' cells, as their tags write them: escaped, and without links on paper."""

from reports.comparison import Cell, Column
from reports.templatetags.reports_tags import comparison_cells, number_cells


def test_comparison_cells_escape_their_text_and_links_and_print_without_links():
    cells = [
        Cell(Column("received", "Received"), 12, "1,234", "/services/requests/?a=1&b=<2>"),
        Cell(Column('x"y', "Odd"), None, "<b>–</b>", ""),
    ]

    assert comparison_cells(cells) == (
        '<td class="text-end" data-key="received">'
        '<a href="/services/requests/?a=1&amp;b=&lt;2&gt;">1,234</a></td>'
        '<td class="text-end" data-key="x&quot;y">&lt;b&gt;–&lt;/b&gt;</td>'
    )
    assert comparison_cells(cells, printable=True).startswith(
        '<td class="text-end" data-key="received">1,234</td>'
    )
    assert number_cells([3, "<4>"]) == (
        '<td class="text-end">3</td><td class="text-end">&lt;4&gt;</td>'
    )
