"""Sub-commands of a Typer app that are imported only when they run.

`mynumber ids check …` and `mynumber --help` must answer at once, so the root command knows its
sub-apps by name, import path and one line of help, and imports a sub-app's module (and with it
the database, the web framework and the cryptography) only when that sub-app is invoked. The help
listing shows the registered line without importing anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # the click library Typer builds on (Typer ships its own copy of it)
    from typer import _click

__all__ = ["LazyCommand", "LazyGroup", "lazy_group"]


@dataclass(frozen=True)
class LazyCommand:
    """A sub-command by import path (``package.module:attribute``) and its one-line help.

    The attribute is a `typer.Typer` (a sub-app) or a plain function (a single command).
    """

    target: str
    help: str

    def load(self, name: str) -> _click.Command:
        """Import the target and return it as the command Typer builds for it under name."""
        module_name, _, attribute = self.target.partition(":")
        target = getattr(importlib.import_module(module_name), attribute)
        holder = typer.Typer(add_completion=False)
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=name)
        else:
            holder.command(name)(target)
        holder.callback()(lambda: None)  # a group even with one command: take it out by name
        group = typer.main.get_command(holder)
        assert isinstance(group, TyperGroup)
        return group.commands[name]


class _StandIn(TyperCommand):
    """A lazy command in listings (help, completion, suggestions): its name and help only."""


class LazyGroup(TyperGroup):
    """A Typer group that lists its lazy commands by their help and imports one only to run it."""

    lazy_commands: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, lazy in self.lazy_commands.items():
            self.commands.setdefault(name, _StandIn(name=name, help=lazy.help))

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        """Resolve the command to run, importing it first if it is lazy."""
        name, command, rest = super().resolve_command(ctx, args)
        if name is not None and isinstance(command, _StandIn):
            command = self.commands[name] = self.lazy_commands[name].load(name)
        return name, command, rest


def lazy_group(commands: Mapping[str, LazyCommand]) -> type[LazyGroup]:
    """Return a group class for `typer.Typer(cls=…)` that holds these lazy commands."""
    return type("LazyGroup", (LazyGroup,), {"lazy_commands": commands})
