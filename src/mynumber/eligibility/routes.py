"""The eligibility system's HTTP surface, for the composition root to mount: every router of its
transports (the JSON API, the 一括照会 and the terminal interface's XML)."""

from __future__ import annotations

from fastapi import APIRouter

from mynumber.eligibility.transports.batch_routes import batch_api
from mynumber.eligibility.transports.json_routes import api
from mynumber.eligibility.transports.xml_routes import xml_api

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (api, xml_api, batch_api)
