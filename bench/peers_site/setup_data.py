"""Migrate the peer's database and seed it like W1's: one queue, N tickets, a staff user with an API token.
Prints {"token": ..., "tickets": [first_id, last_id]} as JSON. Run with the peers virtualenv's python."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.peers_site.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from helpdesk.models import Queue, Ticket  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402


def main() -> None:
    tickets = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user("bench-admin", "bench-admin@example.com", "bench-password-1")
    user.is_staff = user.is_superuser = True
    user.save()
    token = Token.objects.create(user=user)
    queue = Queue.objects.create(title="Bench API", slug="bench")
    created = Ticket.objects.bulk_create(
        Ticket(title=f"Order {i} has not arrived", queue=queue, description=f"Where is my order {i}?", status=1)
        for i in range(1, tickets + 1)
    )
    ids = sorted(t.id for t in created) if created[0].id else list(Ticket.objects.values_list("id", flat=True))
    print(json.dumps({"token": token.key, "tickets": [min(ids), max(ids)]}))


main()
