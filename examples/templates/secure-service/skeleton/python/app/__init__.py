"""${{ values.name }}: an HTTP service on Python's standard library."""
