"""The web app: server-rendered Swedish pages, each with a JSON twin, and an HTTP API."""

from kommunanalys.web.app import create_app

__all__ = ["create_app"]
