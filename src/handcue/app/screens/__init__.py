"""One module per screen: picker, precautions, player, finish and help."""
