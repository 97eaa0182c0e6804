"""One renderer per document type: ``render(obj) -> (filename, mimetype, bytes)``."""
