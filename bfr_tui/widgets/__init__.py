"""Reusable widgets: rep counter, rest countdown, occlusion clock, charts."""
