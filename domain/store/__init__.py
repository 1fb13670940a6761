"""How the records are kept, apart from what they say (the aggregates, in `domain`).

The event store on SQLite (`sqlite`) or PostgreSQL (`postgres`), its tamper-evident chain
(`chain`), backups (`backup`), the per-person keys (`keys`, `postgres_keys`) that typed text
(`text`), the events' encoding (`encoding`) and erasure (`erasure`) build on, and
idempotency keys (`idempotency`). Whatever reaches inside the `eventsourcing` library is in
one module, `library`.
"""
