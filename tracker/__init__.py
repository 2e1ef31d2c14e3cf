"""sleep-tracker: a keyboard-first terminal app for a daily sleep-hygiene check-in."""

__version__ = "0.1.0"
