"""Where a user's own files live, and how they are written without ever being lost."""
