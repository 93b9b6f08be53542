"""Domain events: recorded by actions in their transaction, dispatched after commit."""
