"""Scenes of every screen, keyed through Pilot: for the snapshot tests and screenshots/."""
