"""Publishing with Datasette: metadata from the models, canned queries, the record page and
``medscrape serve``."""

from pipeline.publish.metadata import build_metadata
from pipeline.publish.serve import HOST, serve

__all__ = ["HOST", "build_metadata", "serve"]
