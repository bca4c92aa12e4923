"""Settings every test shares."""

from __future__ import annotations

import os
import time

# Every test runs in a zone far from UTC, with summer time, so a time shown in UTC
# where local time is meant (or a day cut at UTC midnight) shows up as a failure
# whatever the machine's own zone is. 18:30 in Chicago on a March evening is already
# the next day in UTC. Child processes (the real-process tests) inherit it.
# A POSIX rule (US Central: UTC-6, UTC-5 from March to November), so no time zone
# database is needed on the machine.
TEST_ZONE = "CST6CDT,M3.2.0,M11.1.0"
os.environ["TZ"] = TEST_ZONE
time.tzset()
