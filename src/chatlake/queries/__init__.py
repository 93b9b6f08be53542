"""Account-scoped reads. Every function takes the account (or actor) and filters by it."""
