"""One module per router; routes parse, call the library, and let the app map our errors to HTTP."""
