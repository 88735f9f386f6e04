"""Seeing a full ID number: screens and reports show it masked; a supervisor may reveal one.

Every reveal is written to the audit chain (who, which visit; never the number), so a
supervisor who looks up NIKs without reason can be asked why.
"""

from __future__ import annotations

import logging

from kiosk.db.database import Database
from kiosk.domain.types import Role
from kiosk.errors import DomainError
from kiosk.services import audit
from kiosk.services.actors import Actor
from kiosk.services.visits import get_visit_row

log = logging.getLogger(__name__)


def reveal_id_number(db: Database, actor: Actor, visit_id: int) -> str:
    """The visitor's full ID number for ``visit_id``; supervisors only, audited."""
    actor.require(Role.SUPERVISOR)
    with db.session() as session:
        visit = get_visit_row(session, visit_id)
        if visit.purged_at is not None:
            raise DomainError("The personal data of this visit were erased after the "
                              "retention period.")
        number = visit.id_number
        audit.append(session, actor, "id_revealed", visit.id,
                     id_type=visit.id_type.value)
    log.info("ID number of visit %d revealed to %s", visit_id, actor.username)
    return number
