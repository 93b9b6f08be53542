"""Chatlake: customer conversations, Chatwoot-compatible API."""
