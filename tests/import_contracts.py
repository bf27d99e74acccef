"""The project's own import-linter contract: a subsystem's internals are private by default.

`lint-imports` loads it (``contract_types`` in pyproject.toml). For each package directly under
the root (a subsystem: registry, jpki, eligibility, …), every module inside it is reachable from
outside only if it is the package itself or lies under one of its public names (``api`` and
``data``, modules or packages). A new file is protected the moment it exists; a new subsystem is
covered the moment its package exists, without anyone keeping a list.
"""

from __future__ import annotations

from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class IllegalImport:
    """One import of a subsystem's internal module from outside it."""

    importer: str
    imported: str
    lines: tuple[int, ...]


class SubsystemInternalsContract(Contract):
    """Only a subsystem's public modules may be imported from outside the subsystem.

    Options:
        - root: the package whose sub-packages are subsystems (``mynumber``).
        - public: names of the public modules of every subsystem (``api``, ``data``).
        - shared: sub-packages that are libraries for all, not subsystems (``kernel``).
        - allowed_importers: modules that may import any internal module (the composition root).
    """

    type_name = "subsystem_internals"

    root = fields.StringField()
    public = fields.ListField(subfield=fields.StringField())
    shared = fields.ListField(subfield=fields.StringField(), required=False)
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        """Return the contract kept, or broken with every illegal import."""
        illegal = [
            link
            for subsystem in self._subsystems(graph)
            for link in self._illegal_imports(graph, subsystem)
        ]
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        """Print each illegal import with its line numbers."""
        for link in check.metadata["illegal"]:
            lines = ", ".join(map(str, link.lines))
            output.print_error(f"- {link.importer} -> {link.imported} (l.{lines})", bold=False)
            output.new_line()
        output.print_error(
            "Import the subsystem's api or data instead, or move what is needed there.", bold=False
        )

    def _subsystems(self, graph: grimp.ImportGraph) -> list[str]:
        root = str(self.root)
        shared = {f"{root}.{name}" for name in self._names(self.shared)}
        return sorted(
            child
            for child in graph.find_children(root)
            if graph.find_children(child) and child not in shared
        )

    def _illegal_imports(self, graph: grimp.ImportGraph, subsystem: str) -> list[IllegalImport]:
        public = tuple(f"{subsystem}.{name}" for name in self._names(self.public))
        allowed = set(self._names(self.allowed_importers))
        internals = {
            module
            for module in graph.find_descendants(subsystem)
            if not any(module == p or module.startswith(f"{p}.") for p in public)
        }
        links = []
        for imported in sorted(internals):
            for importer in sorted(graph.find_modules_that_directly_import(imported)):
                if importer == subsystem or importer.startswith(f"{subsystem}."):
                    continue
                if importer in allowed:
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = tuple(d["line_number"] for d in details)
                links.append(IllegalImport(importer, imported, lines))
        return links

    @staticmethod
    def _names(value: object) -> list[str]:
        return [str(name) for name in value or []]  # type: ignore[attr-defined]
