"""THE ONLY WRITE PATH. Each do_* validates, writes (flush, never commit) and records its events."""
