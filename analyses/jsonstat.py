"""Decoding SSB's JSON-stat 2.0 datasets (PxWeb API v0 and v2, `json-stat2`).

Pure: a parsed JSON document in, cells out, or every problem found listed. The
rules (DOMAIN.md §2.2, json-stat.org/format):

1. `id` gives the dimension order, `size[i]` the number of categories of `id[i]`.
2. `value` is a flat row-major array (the last dimension varies fastest), or an
   object keyed by flat index (the sparse form). Flat index = Σ pos[i] × stride[i].
3. `category.index` is an object (code → position) or an array of codes; with one
   category it may be missing and `category.label` names the code.
4. `status` (an array, an object keyed by flat index, or one string for every
   cell) carries SSB's symbols; the value is null there, and is kept null.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# SSB's table symbols the importer keeps (DOMAIN.md §2.2); "*" (preliminary) and
# "0" (less than half the unit) come with a figure and are not symbols of absence.
KNOWN_STATUS = {".", "..", "...", ":", "-"}
MARKS_WITH_VALUE = {"*", "0", "0,0"}


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of the cube: its category code per dimension, the figure or a symbol."""

    flat: int
    codes: dict[str, str]
    value: Decimal | None
    symbol: str

    @property
    def where(self) -> str:
        """For messages: "celle 17 (Region=1804, Tid=2014)" (built only when needed)."""
        return _where(self.flat, self.codes)


def _where(flat: int, codes: dict[str, str]) -> str:
    return _("celle %(n)s (%(codes)s)") % {
        "n": flat,
        "codes": ", ".join(f"{k}={v}" for k, v in codes.items()),
    }


class JsonStatError(ValueError):
    """The dataset cannot be read; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _category_codes(name: str, dimension: dict, size: int, errors: list[str]) -> list[str]:
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        errors.append(_("Dimensjonen %(d)s mangler «category».") % {"d": name})
        return []
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        codes = list(labels) if isinstance(labels, dict) else []
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = [None] * len(index)
        for code, position in index.items():
            if not isinstance(position, int) or not 0 <= position < len(index):
                errors.append(
                    _("Dimensjonen %(d)s: ugyldig posisjon %(p)s for kategorien %(c)s.")
                    % {"d": name, "p": position, "c": code}
                )
                return []
            codes[position] = str(code)
        if None in codes:
            errors.append(_("Dimensjonen %(d)s: to kategorier har samme posisjon.") % {"d": name})
            return []
    else:
        errors.append(
            _("Dimensjonen %(d)s: «index» må være et objekt eller en liste.") % {"d": name}
        )
        return []
    if len(codes) != size:
        errors.append(
            _("Dimensjonen %(d)s har %(n)s kategorier, men «size» sier %(s)s.")
            % {"d": name, "n": len(codes), "s": size}
        )
        return []
    return codes


def _as_sparse(raw, total: int, field: str, errors: list[str]) -> dict[int, object]:
    """`value`/`status` as flat index → entry, from the array or the object form."""
    if raw is None:
        return {}
    if isinstance(raw, list):
        if len(raw) != total:
            errors.append(
                _("«%(f)s» har %(n)s elementer, men dimensjonene gir %(t)s celler.")
                % {"f": field, "n": len(raw), "t": total}
            )
            return {}
        return dict(enumerate(raw))
    if isinstance(raw, dict):
        entries = {}
        for key, entry in raw.items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                position = -1
            if not 0 <= position < total:
                errors.append(
                    _("«%(f)s»: nøkkelen %(k)s er ikke en celle (0–%(m)s).")
                    % {"f": field, "k": key, "m": total - 1}
                )
                continue
            entries[position] = entry
        return entries
    if isinstance(raw, str) and field == "status":
        return dict.fromkeys(range(total), raw)  # one status for every cell
    errors.append(_("«%(f)s» må være en liste eller et objekt.") % {"f": field})
    return {}


def _number(raw) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        value = Decimal(raw) if isinstance(raw, int | str) else Decimal(repr(raw))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def decode(document) -> tuple[dict, list[Cell]]:
    """(metadata, cells) of a JSON-stat 2.0 dataset; raises JsonStatError listing every
    problem. Metadata: label, source, updated, table id, the dimension ids and the
    role of each (time, metric)."""
    errors: list[str] = []
    if not isinstance(document, dict) or document.get("class") != "dataset":
        raise JsonStatError([_("Filen er ikke et JSON-stat 2.0-datasett («class»: «dataset»).")])
    ids, sizes = document.get("id"), document.get("size")
    dimensions = document.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not ids:
        raise JsonStatError([_("Datasettet mangler «id» eller «size».")])
    if len(ids) != len(sizes) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise JsonStatError([_("«id» og «size» har ikke like mange dimensjoner.")])
    if not isinstance(dimensions, dict):
        raise JsonStatError([_("Datasettet mangler «dimension».")])

    codes_per_dimension = []
    for name, size in zip(ids, sizes, strict=True):
        if name not in dimensions:
            errors.append(
                _("Dimensjonen %(d)s står i «id», men mangler i «dimension».") % {"d": name}
            )
            continue
        codes_per_dimension.append(_category_codes(name, dimensions[name], size, errors))
    if errors:
        raise JsonStatError(errors)

    total = 1
    for size in sizes:
        total *= size
    values = _as_sparse(document.get("value"), total, "value", errors)
    statuses = _as_sparse(document.get("status"), total, "status", errors)
    if document.get("value") is None:
        errors.append(_("Datasettet mangler «value»."))
    if errors:
        raise JsonStatError(errors)

    strides = [1] * len(sizes)
    for i in range(len(sizes) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]

    cells = []
    dimensions_at = list(zip(ids, codes_per_dimension, strides, sizes, strict=True))
    for flat in sorted(values.keys() | statuses.keys()):
        codes = {
            name: codes[(flat // stride) % size] for name, codes, stride, size in dimensions_at
        }
        raw_value, status = values.get(flat), statuses.get(flat)
        symbol = ""
        if status is not None:
            status = str(status).strip()
            if status in KNOWN_STATUS:
                symbol = status
            elif status not in MARKS_WITH_VALUE:
                errors.append(
                    _("%(w)s: ukjent statussymbol «%(s)s».")
                    % {"w": _where(flat, codes), "s": status}
                )
                continue
        value = None
        if raw_value is not None:
            value = _number(raw_value)
            if value is None:
                errors.append(_("%(w)s: verdien er ikke et tall.") % {"w": _where(flat, codes)})
                continue
        if value is None and not symbol:
            symbol = ".."  # a null without a status: SSB's "data missing", never 0
        if symbol and symbol != "-":
            value = None
        cells.append(Cell(flat, codes, value, symbol))
    if errors:
        raise JsonStatError(errors)

    role = document.get("role") if isinstance(document.get("role"), dict) else {}
    extension = document.get("extension") if isinstance(document.get("extension"), dict) else {}
    px = extension.get("px") if isinstance(extension.get("px"), dict) else {}
    meta = {
        "label": str(document.get("label", "")),
        "source": str(document.get("source", "")),
        "updated": str(document.get("updated", "")),
        "table": str(px.get("tableid", "")),
        "ids": list(ids),
        "time": list(role.get("time") or []),
        "metric": list(role.get("metric") or []),
        "geo": list(role.get("geo") or []),
    }
    return meta, cells
