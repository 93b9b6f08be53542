"""Contacts: the list with search and filters, and one contact's page (details, attributes, labels,
conversations, notes)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from chatlake.errors import ChatlakeError
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS
from chatlake.queries import contact_search
from chatlake.queries import contacts as contact_queries
from chatlake.queries.custom_attributes import list_custom_attribute_definitions
from chatlake.queries.filters import filter_contacts
from chatlake.queries.labels import list_labels
from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.forms import require_csrf
from chatlake.web.pages.params import positive_int
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

# Fields the list can filter on (queries.filters' contact keys), each with the operator a person means.
FILTER_FIELDS = {
    "name": ("Name", "contains"),
    "email": ("Email", "contains"),
    "phone_number": ("Phone number", "contains"),
    "identifier": ("Identifier", "equal_to"),
    "company": ("Company", "contains"),
    "city": ("City", "contains"),
    "country_code": ("Country code", "equal_to"),
}


def _conditions(field: str, value: str, label: str, custom_keys: set[str]) -> list[dict]:
    conditions = []
    if field and value:
        if field in FILTER_FIELDS:
            conditions.append({"attribute_key": field, "filter_operator": FILTER_FIELDS[field][1], "values": [value]})
        elif field in custom_keys:
            conditions.append(
                {
                    "attribute_key": field,
                    "filter_operator": "equal_to",
                    "values": [value],
                    "custom_attribute_type": "contact_attribute",
                }
            )
        else:
            raise DashboardError(400, "Choose a field to filter on from the list.")
    if label:
        conditions.append({"attribute_key": "labels", "filter_operator": "equal_to", "values": [label]})
    for index, condition in enumerate(conditions):
        condition["query_operator"] = "and" if index < len(conditions) - 1 else None
    return conditions


@router.get("/app/contacts")
async def contact_list(
    request: Request,
    session: DbSession,
    actor: AccountActor,
    q: str = "",
    field: str = "",
    value: str = "",
    label: str = "",
    page: str = "1",
) -> Response:
    page_number = positive_int(page, "page") or 1
    q, value, label = q.strip(), value.strip(), label.strip()
    definitions = await list_custom_attribute_definitions(
        session, actor.account_id, ATTRIBUTE_MODELS["contact_attribute"]
    )
    total: int | None = None
    try:
        if q:
            contacts, has_next = await contact_search.search_contacts(session, actor, q=q, page=page_number, sort=None)
        else:
            conditions = _conditions(field, value, label, {d.attribute_key for d in definitions})
            if conditions:
                contacts, total = await filter_contacts(session, actor, {"payload": conditions}, page_number)
            else:
                contacts, total = await contact_queries.list_contacts(session, actor, page=page_number, sort=None)
            has_next = page_number * contact_queries.PAGE_SIZE < total
    except ChatlakeError as exc:
        raise DashboardError(400, exc.message) from None
    return render(
        request,
        "contacts.html",
        user=actor.user,
        account=actor.account,
        current_page="contacts",
        contacts=contacts,
        total=total,
        q=q,
        field=field,
        value=value,
        label=label,
        labels=await list_labels(session, actor.account_id),
        filter_fields=[(key, text) for key, (text, _operator) in FILTER_FIELDS.items()]
        + [(d.attribute_key, d.attribute_display_name) for d in definitions],
        page=page_number,
        has_next_page=has_next,
    )
