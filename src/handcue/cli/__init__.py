"""Command-line commands that answer without starting the terminal interface."""
