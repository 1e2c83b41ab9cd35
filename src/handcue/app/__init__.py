"""The Textual interface. Only this package imports Textual, so the core stays testable alone."""
