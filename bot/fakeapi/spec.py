"""Checks every request against the official Bot API reference (``api.min.json``).

The reference is the machine-readable Telegram documentation (see LICENSE next to it). Checking
against it, rather than against a hand-written list, catches misspelled methods or parameters
and missing required ones the same way the real server would reject them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.fakeapi.http import UploadedFile

SPEC_PATH = Path(__file__).with_name("api.min.json")
SCALARS = {"Integer", "String", "Boolean", "Float"}
MAX_NESTED_ERRORS = 5


@dataclass(frozen=True)
class Field:
    """One parameter of a method or field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool


class Spec:
    """The Bot API reference: methods, their parameters, and object types."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.version: str = raw.get("version", "")
        self.methods: dict[str, dict[str, Field]] = {
            name: _fields(m.get("fields", [])) for name, m in raw["methods"].items()
        }
        self._lower = {name.lower(): name for name in self.methods}
        self.types: dict[str, dict[str, Field]] = {
            name: _fields(t.get("fields", [])) for name, t in raw["types"].items()
        }
        self.subtypes: dict[str, list[str]] = {
            name: t["subtypes"] for name, t in raw["types"].items() if "subtypes" in t
        }

    def canonical(self, method: str) -> str | None:
        """Telegram matches method names case-insensitively."""
        return self._lower.get(method.lower())

    # --- decoding of transport values ------------------------------------------------------

    def decode(self, method: str, raw: dict[str, Any], is_json: bool) -> tuple[dict, list[str]]:
        """Turn transport values (form strings, JSON-in-strings) into typed values.

        Returns the decoded parameters and a list of problems found on the way.
        """
        fields = self.methods[method]
        decoded: dict[str, Any] = {}
        problems: list[str] = []
        for name, value in raw.items():
            spec_field = fields.get(name)
            if spec_field is None:
                decoded[name] = value
                continue
            try:
                decoded[name] = _decode_value(value, spec_field.types, from_form=not is_json)
            except ValueError as exc:
                problems.append(f"{method}: parameter {name!r} {exc}")
                decoded[name] = value
        return decoded, problems

    # --- validation --------------------------------------------------------------------------

    def validate(self, method: str, params: dict[str, Any]) -> list[str]:
        """Every breach of the reference for ``method`` called with decoded ``params``."""
        fields = self.methods[method]
        problems: list[str] = []
        attachable = _attach_names(params)
        for name, value in params.items():
            spec_field = fields.get(name)
            if spec_field is None:
                if isinstance(value, UploadedFile) and name in attachable:
                    continue
                problems.append(f"{method}: unknown parameter {name!r}")
                continue
            for error in self.check(value, spec_field.types):
                problems.append(f"{method}: parameter {name!r}: {error}")
        for name, spec_field in fields.items():
            if spec_field.required and name not in params:
                problems.append(f"{method}: required parameter {name!r} is missing")
        return problems

    def check(self, value: Any, types: tuple[str, ...]) -> list[str]:
        """Errors for ``value`` against a union of Bot API types (empty if any alternative fits)."""
        best: list[str] | None = None
        for type_name in types:
            errors = self._check_one(value, type_name)
            if not errors:
                return []
            if best is None or len(errors) < len(best):
                best = errors
        return best or [f"no type among {types}"]

    def _check_one(self, value: Any, type_name: str) -> list[str]:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return [f"expected {type_name}, got {_kind(value)}"]
            inner = type_name.removeprefix("Array of ")
            errors: list[str] = []
            for index, item in enumerate(value):
                errors += [f"[{index}] {e}" for e in self._check_one(item, inner)]
            return errors[:MAX_NESTED_ERRORS]
        if type_name in SCALARS:
            return [] if _scalar_ok(value, type_name) else [f"expected {type_name}, got {value!r}"]
        if type_name == "InputFile":
            return [] if isinstance(value, UploadedFile) else ["expected an uploaded file"]
        if type_name in self.subtypes:
            return self.check(value, tuple(self.subtypes[type_name]))
        if type_name not in self.types:
            return [f"unknown type {type_name}"]
        return self._check_object(value, type_name)

    def _check_object(self, value: Any, type_name: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"expected {type_name} object, got {_kind(value)}"]
        fields = self.types[type_name]
        if not fields:  # types without documented fields (e.g. CallbackGame) accept anything
            return []
        errors: list[str] = []
        for key, item in value.items():
            spec_field = fields.get(key)
            if spec_field is None:
                errors.append(f"{type_name} has no field {key!r}")
            else:
                errors += [f"{type_name}.{key}: {e}" for e in self.check(item, spec_field.types)]
        for key, spec_field in fields.items():
            if spec_field.required and key not in value:
                errors.append(f"{type_name}.{key} is required")
        return errors[:MAX_NESTED_ERRORS]


@cache
def load_spec() -> Spec:
    """The bundled reference, parsed once per process."""
    return Spec(json.loads(SPEC_PATH.read_text(encoding="utf-8")))


def _fields(raw: list[dict[str, Any]]) -> dict[str, Field]:
    return {f["name"]: Field(f["name"], tuple(f["types"]), bool(f.get("required"))) for f in raw}


def _kind(value: Any) -> str:
    return type(value).__name__


def _scalar_ok(value: Any, type_name: str) -> bool:
    if type_name == "Boolean":
        return isinstance(value, bool)
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _attach_names(params: dict[str, Any]) -> set[str]:
    """File part names referenced as ``attach://name`` anywhere in the parameters."""
    text = json.dumps([v for v in params.values() if not isinstance(v, UploadedFile)])
    names: set[str] = set()
    for piece in text.split("attach://")[1:]:
        names.add(piece.split('"', 1)[0])
    return names


def _decode_value(value: Any, types: tuple[str, ...], from_form: bool) -> Any:
    """Decode one top-level parameter like Telegram does for each transport.

    Form fields are always strings; Telegram (and so the fake) also coerces numeric and boolean
    strings in JSON bodies.
    """
    if isinstance(value, UploadedFile):
        return value
    if not isinstance(value, str):
        return value  # JSON bodies already carry typed values
    structured = [t for t in types if t not in SCALARS and t != "InputFile"]
    if structured and (from_form or "String" not in types):
        stripped = value.lstrip()
        if stripped.startswith(("{", "[")):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"is not valid JSON: {exc}") from exc
        if "String" not in types and "InputFile" not in types:
            raise ValueError(f"must be a JSON-serialized {' or '.join(types)}")
    for type_name in types:
        if type_name == "Integer" and _is_int(value):
            return int(value)
        if type_name == "Float":
            try:
                return float(value)
            except ValueError:
                continue
        if type_name == "Boolean" and value.lower() in {"true", "false", "1", "0"}:
            return value.lower() in {"true", "1"}
    if "String" in types or "InputFile" in types:
        return value
    raise ValueError(f"{value!r} is not a valid {' or '.join(types)}")


def _is_int(value: str) -> bool:
    digits = value[1:] if value[:1] in "+-" else value
    return digits.isdigit()
