"""Persistence: SQLModel tables, the SQLite engine, migrations, queries and CSV export."""
