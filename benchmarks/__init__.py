"""Speed and memory of bfr-tui, as ratios to floors measured in the same run.

Run ``uv run python -m benchmarks`` (see ``--help``); :mod:`benchmarks.run` has
the command, :mod:`benchmarks.driver` and :mod:`benchmarks.scenarios` drive the
real app, :mod:`benchmarks.report` turns the numbers into the table.
"""
