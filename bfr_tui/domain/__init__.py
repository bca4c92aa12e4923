"""Pure BFR rules: no Textual, no SQLModel. Every safety number lives here, once."""
