"""Handbook: one-on-one notes in, a private searchable MkDocs site out."""

__version__ = "0.1.0"
