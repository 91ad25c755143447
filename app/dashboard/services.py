"""Use cases: saving and removing the reference distribution of a process (admins, audited)."""
from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from app.core.errors import DomainError, PermissionDenied
from app.core.text import clean_text
from app.dashboard import permissions
from app.dashboard.figures_context import known_categories
from app.dashboard.models import DIMENSIONS, ReferenceShare
from app.extensions import db
from app.audit.services import record
from app.processes.models import Process

SUM_TOLERANCE = 1.0  # percentage points: published shares are rounded


def _check(actor, process: Process, dimension: str) -> None:
    if not permissions.can_edit_reference(actor):
        raise PermissionDenied(_l("Nur die Verwaltung darf Referenzwerte eingeben."))
    if dimension not in DIMENSIONS:
        raise DomainError(_l("Unbekanntes Merkmal."))


def save_reference(actor, process: Process, dimension: str, shares: dict[str, float], source: str) -> None:
    """Replace the reference of one dimension: shares in percent per known category (0–100, summing to
    100 ± 1) and the source of the numbers. Nothing is stored when anything is wrong."""
    _check(actor, process, dimension)
    known = dict(known_categories(process, dimension))
    unknown = [key for key in shares if key not in known]
    if unknown:
        raise DomainError(_l("Unbekannte Kategorie: %(names)s.", names=", ".join(sorted(unknown))))
    for key, share in shares.items():
        if share is None or not math.isfinite(share) or not 0 <= share <= 100:
            raise DomainError(_l("Jeder Anteil muss zwischen 0 und 100 %% liegen (%(name)s).", name=known[key]),
                              field=key)
    total = sum(shares.values())
    if abs(total - 100) > SUM_TOLERANCE:
        raise DomainError(_l("Die Anteile ergeben zusammen %(total)s %%; sie müssen 100 %% ergeben "
                             "(Abweichung höchstens 1 Prozentpunkt).", total=f"{total:g}".replace(".", ",")),
                          field="total")
    source = clean_text(source, single_line=True)[:300]
    if not source:
        raise DomainError(_l("Bitte nennen Sie die Quelle der Zahlen."), field="source")
    db.session.execute(delete(ReferenceShare).where(ReferenceShare.process_id == process.id,
                                                    ReferenceShare.dimension == dimension))
    db.session.add_all(ReferenceShare(process_id=process.id, dimension=dimension, category=key, share=share,
                                      source=source) for key, share in shares.items())
    record(actor, "reference_save", process_id=process.id, details=f"{dimension}: {source}")
    db.session.commit()


def delete_reference(actor, process: Process, dimension: str) -> bool:
    """Remove the reference of one dimension; False if there was none."""
    _check(actor, process, dimension)
    result = db.session.execute(delete(ReferenceShare).where(ReferenceShare.process_id == process.id,
                                                             ReferenceShare.dimension == dimension))
    if not result.rowcount:
        db.session.rollback()
        return False
    record(actor, "reference_delete", process_id=process.id, details=dimension)
    db.session.commit()
    return True
