"""Durable background work: the webhook delivery worker."""
