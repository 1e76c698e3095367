"""The reading room: web pages and JSON API over an archive (``create_app(db_path)``)."""

from cablekit.web.app import create_app

__all__ = ["create_app"]
