"""Assembling DTOs from values already valid, for the generator's hot path.

A synthetic population is drawn from tables whose entries were each validated once (names,
places) and from values built to fit (blocks, rooms, birth dates within the reference date's
111 years). Validating every person's DTOs again cost more than drawing them: pydantic's
`model_construct` takes ~6 µs a model, this ~1 µs, with the same instance state. Households
(`NewHousehold`) are still validated, so the head-first rule is checked for each one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["assembled"]

_Model = TypeVar("_Model", bound=BaseModel)


def assembled(model: type[_Model], fields: dict[str, Any]) -> _Model:
    """Return an instance of model holding these fields (every field, each already valid)."""
    made = model.__new__(model)
    object.__setattr__(made, "__dict__", fields)
    object.__setattr__(made, "__pydantic_fields_set__", set(fields))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made
