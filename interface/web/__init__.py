"""The web app organisers and leaders use: server-rendered pages on the same FastAPI app."""
