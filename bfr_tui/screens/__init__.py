"""Textual screens and modals, one per file, each with its .tcss beside it."""
