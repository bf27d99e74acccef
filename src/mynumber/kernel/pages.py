"""Page templates for every subsystem's routes: the subsystem's own folders, then the kernel's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

__all__ = ["templates"]


def templates(*folders: Path) -> Jinja2Templates:
    """Return a Jinja2 environment searching the kernel's shared templates and the given folders."""
    loader = ChoiceLoader([FileSystemLoader(str(f)) for f in (*folders, _KERNEL_TEMPLATES)])
    environment: Any = Jinja2Templates(directory=str(_KERNEL_TEMPLATES))
    environment.env.loader = loader
    return environment  # type: ignore[no-any-return]


_KERNEL_TEMPLATES = Path(__file__).parent / "templates"
