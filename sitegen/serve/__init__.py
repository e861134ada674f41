"""``sitegen serve``: a live-preview server with incremental rebuilds and live reload."""

from sitegen.serve.server import DevServer

__all__ = ["DevServer"]
