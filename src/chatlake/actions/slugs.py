"""URL slugs: checked when a client sends one, derived from a name or title when it does not."""

from __future__ import annotations

import re
import unicodedata

from chatlake.errors import InvalidField

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 200


def slugify(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or fallback


def check_slug(value, field: str = "slug") -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidField("Slug can't be blank", [field])
    slug = value.strip().lower()
    if len(slug) > SLUG_MAX or not SLUG_RE.fullmatch(slug):
        raise InvalidField("Slug may hold only lower-case letters, digits and single dashes", [field])
    return slug
