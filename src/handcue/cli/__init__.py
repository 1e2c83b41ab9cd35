"""The command line: argument-shaped work and printing, over the services. Never imports
Textual; `handcue.__main__` starts the full-screen app when a command needs it."""
