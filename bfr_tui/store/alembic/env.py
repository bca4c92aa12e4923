"""Alembic's environment: runs the revisions on the connection bfr-tui hands over.

bfr-tui passes its own connection (``config.attributes["connection"]``) with a
transaction already open, so the revisions share it: all of an upgrade commits,
or none of it. From the ``alembic`` command a developer names a database with
``-x url=...`` (``--sql`` prints the SQL for that engine without one): that is for
writing and checking revisions. A lifter's log is upgraded by ``bfr-tui db
upgrade``, which copies it first and knows the logs from before revisions.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

config = context.config


def _models() -> MetaData:
    """The tables as the models declare them, for autogenerate to compare with."""
    from sqlmodel import SQLModel

    from bfr_tui.store import models  # noqa: F401  (puts every table on the metadata)

    return SQLModel.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("name the database: alembic -x url=sqlite:///path/to/bfr.db ...")
    return url


def _run(connection: Connection, target_metadata: MetaData | None) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters most columns only by rebuilding the table: batch mode does it.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Print the SQL of the revisions for the named engine instead of running them."""
    context.configure(
        url=_url(), target_metadata=_models(), literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the revisions on bfr-tui's connection, or on the database named with -x url."""
    handed_over = config.attributes.get("connection")
    if isinstance(handed_over, Connection):
        # bfr-tui upgrading a log compares nothing: the models need not load.
        _run(handed_over, target_metadata=None)
        return
    engine = create_engine(_url(), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            _run(connection, target_metadata=_models())
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
