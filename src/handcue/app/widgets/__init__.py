"""The player's panes: each one draws what the player screen gives it and keeps no clock."""
