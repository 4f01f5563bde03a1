"""The HTTP edge: FastAPI app, routes, and the mapping of our errors to HTTP codes."""
