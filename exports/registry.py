"""What can be exported. Each list that offers a file registers its kind here, from its
own app (a lower app cannot import a higher one):

- `area`: the console area whose members may export it (and the page it is offered on);
- `columns`: every column it can write, `{key: label}` in their default order;
- `filterset`: the list page's own filters (django-filter), so that the file holds exactly
  what the page showed;
- `queryset(shop)`: the shop's rows before filtering;
- `rows(queryset, columns)`: the cells of each row, in the order of `columns`, streamed.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportKind:
    kind: str
    area: str
    label: str
    columns: dict
    filterset: type
    queryset: Callable
    rows: Callable[..., Iterator[list]]
    filename: str  # the file's name before its date and extension, e.g. "orders"
    page: str  # the URL name of the list page that offers it


_kinds: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    _kinds[kind.kind] = kind
    return kind


def get_kind(kind: str) -> ExportKind | None:
    return _kinds.get(kind)


def project(records, columns, cells) -> Iterator[list]:
    """Each of `records` as the cells of `columns`, in their order; `cells` maps a column to
    a function of the record (looked up once per file, not per row)."""
    getters = [cells[column] for column in columns]
    for record in records:
        yield [getter(record) for getter in getters]
