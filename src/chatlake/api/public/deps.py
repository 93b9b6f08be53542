"""Who calls the Client API: the inbox named in the path and, below `/contacts/{contact_identifier}`, the
contact of that session."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from chatlake.actions.public_contacts import HMAC_REQUIRED
from chatlake.api.deps import Session
from chatlake.auth.contact_actor import ContactActor, PublicInbox
from chatlake.errors import Unauthorized
from chatlake.queries.public_access import access_session, find_public_inbox

PREFIX = "/public/api/v1/inboxes/{inbox_identifier}"
CONTACT = PREFIX + "/contacts/{contact_identifier}"


async def _public_inbox(session: Session, inbox_identifier: Annotated[str, Path()]) -> PublicInbox:
    return await find_public_inbox(session, inbox_identifier)


CurrentInbox = Annotated[PublicInbox, Depends(_public_inbox)]


async def _contact(session: Session, public: CurrentInbox, contact_identifier: Annotated[str, Path()]) -> ContactActor:
    actor = await access_session(session, public, contact_identifier)
    # An inbox that requires identity validation serves only sessions that proved theirs.
    if public.hmac_mandatory and not actor.contact_inbox.hmac_verified:
        raise Unauthorized(HMAC_REQUIRED)
    return actor


CurrentContact = Annotated[ContactActor, Depends(_contact)]


async def _contact_for_identify(
    session: Session, public: CurrentInbox, contact_identifier: Annotated[str, Path()]
) -> ContactActor:
    """The PATCH that identifies a session may come before it is verified: the action checks its hash."""
    return await access_session(session, public, contact_identifier)


ContactToIdentify = Annotated[ContactActor, Depends(_contact_for_identify)]
