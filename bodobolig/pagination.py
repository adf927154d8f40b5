"""One way to paginate a list page: `?page=N`, rendered by templates/includes/pagination.html."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class IdsFirstPaginator(Paginator):
    """Reads a page's primary keys first, then just those rows in full.

    A database sorts the whole filtered set before it can take one page, and with a wide
    row (joined tables, long texts, a correlated subquery per row) that costs per row of
    the set, not of the page: 7.5 ms for 50 of 2,000 measures on SQLite. The keys alone
    sort cheaply; the second query reads 50 rows by primary key. One query more.
    """

    def page(self, number):
        if self.object_list.query.distinct:
            # Keys alone of a DISTINCT query sorted by other columns are not the same rows
            # (and PostgreSQL refuses the ORDER BY): page it as Django does.
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if top <= bottom:  # an empty list: no rows to read
            return self._get_page([], number, self)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


def paginate(request, items, per_page: int, *, param: str = "page", ids_first=False) -> Page:
    """The page the query string asks for (`?<param>=N`); a missing, bad or too high number
    gives a valid page. `ids_first` for a queryset of wide rows (IdsFirstPaginator)."""
    paginator_class = IdsFirstPaginator if ids_first else Paginator
    return paginator_class(items, per_page).get_page(request.GET.get(param))
