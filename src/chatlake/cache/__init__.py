"""Per-process caches of rarely changing configuration (who a token is, an account's automation rules and
webhook targets), dropped in every process as soon as a change to it commits."""
