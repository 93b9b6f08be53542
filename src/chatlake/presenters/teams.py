from __future__ import annotations

from chatlake.models import Team


def team_json(team: Team, is_member: bool) -> dict:
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "is_member": is_member,
    }
