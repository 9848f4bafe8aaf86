"""The web app: a REST API and server-rendered pages over the store (``crosscheck serve``)."""

from __future__ import annotations

from crosscheck.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
