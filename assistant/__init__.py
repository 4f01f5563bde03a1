"""Eldercare Assistant: bilingual elder-care policy knowledge assistant with cited answers."""

__version__ = "0.1.0"
