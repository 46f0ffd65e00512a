"""Batch actions, one shape and one runner: a result per row, in order, with what the row
said and {"ok", "code", "detail", "params"}, so that a refusal reads the same on the page,
in the API and in an import's report (and can be worded again for another reader)."""

from django.db import DataError, transaction
from django.http import Http404

from common.exceptions import ApplicationError, RowHasControlCharacters, RowNotStorable


def run_rows(rows: list[dict], action, *, not_found: type[ApplicationError]) -> list[dict]:
    """Run `action(order_sn, row)` for each row of a file or a form, each in its own
    savepoint: one row's failure undoes nothing of another's, and nothing of its own is
    left half done. A row the file reader refused comes with `error`; an Http404 from the
    action is answered as `not_found`; a value the database cannot store, as that row's."""
    results = []
    for row in rows:
        order_sn = str(row.get("order_sn") or "").strip()
        said = {key: value for key, value in row.items() if key != "error"}
        result = {**said, "order_sn": order_sn, "ok": False, "code": "", "detail": ""}
        result["params"] = None
        try:
            try:
                if row.get("error") == RowHasControlCharacters.code:
                    raise RowHasControlCharacters()
                with transaction.atomic():
                    action(order_sn, row)
            except Http404:
                raise not_found() from None
            except DataError:
                raise RowNotStorable() from None
        except ApplicationError as error:
            result.update(
                code=error.code,
                detail=str(error.message),
                params=error.params if error.rewordable else None,
            )
        else:
            result["ok"] = True
        results.append(result)
    return results
