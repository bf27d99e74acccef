"""The API's documentation page (Swagger UI), served from the instance's own files.

FastAPI's default `/docs` loads Swagger UI from a CDN and is blank without internet. Here npm
installs swagger-ui-dist at the version of package-lock.json and scripts/setup copies its bundle,
stylesheet and icon into ``static/swagger-ui`` (git-ignored), which the instance serves itself.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS", "install_api_docs"]

ASSETS = Path(__file__).parent / "static" / "swagger-ui"
_BUNDLE = "swagger-ui-bundle.js"


def install_api_docs(app: FastAPI, *, path: str = "/docs") -> None:
    """Serve Swagger UI for the app's OpenAPI at path, its files under path/assets."""
    assets_url = f"{path}/assets"
    app.mount(assets_url, StaticFiles(directory=ASSETS, check_dir=False), name="api-docs-assets")

    @app.get(path, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        if not (ASSETS / _BUNDLE).is_file():
            return PlainTextResponse(
                "Swagger UI's files are missing: run scripts/setup", status_code=503
            )
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — API",
            swagger_js_url=f"{root}{assets_url}/{_BUNDLE}",
            swagger_css_url=f"{root}{assets_url}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets_url}/favicon-32x32.png",
            # No badge that sends the schema to the public validator service.
            swagger_ui_parameters={"validatorUrl": None},
        )
