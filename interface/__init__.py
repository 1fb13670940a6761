"""How the world reaches Groundwork: the HTTP API and the command line."""
