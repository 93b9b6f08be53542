"""Outgoing webhooks: signing, SSRF-safe sending, and the delivery worker's step."""
