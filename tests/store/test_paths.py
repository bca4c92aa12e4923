"""The log's URL is written without SQLAlchemy, and SQLAlchemy reads it back as the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from sqlalchemy.engine import URL, make_url

from bfr_tui.store.paths import path_from_url, sqlite_url

# Names a lifter might give a log, with the characters a URL gives meaning to.
NAME = st.text(
    alphabet=st.sampled_from("abcÜß 0123456789_-.+?#%&=@:;,!~'()[]"), min_size=1, max_size=20
)


@given(folder=NAME, name=NAME)
def test_the_url_is_the_one_sqlalchemy_writes_and_leads_back_to_the_file(
    folder: str, name: str
) -> None:
    path = Path("/logs") / folder / f"{name}.db"

    url = sqlite_url(path)

    assert url == URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)
    assert path_from_url(url) == path == Path(make_url(url).database or "")


def test_a_url_that_is_not_a_sqlite_file_is_refused() -> None:
    for url in ("postgresql://host/db", "sqlite://", "sqlite:///"):
        with pytest.raises(ValueError, match="not a SQLite file URL"):
            path_from_url(url)
