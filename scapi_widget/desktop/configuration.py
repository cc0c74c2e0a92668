"""Desktop options, in sections, as ``configuration.getOption`` reads them.

The default section is ``interaction-workspace``; ``Section/option`` addresses another one.
A ``*`` wildcard may end a word (``voice.*``, ``voice.auto*``, ``MySection/*``) but may not
start one (``*.mark-done`` is refused).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidParameterError
from ..wire.values import check_wire_value, describe

DEFAULT_SECTION = "interaction-workspace"
OptionValue = str | list[str]

DEFAULT_OPTIONS: dict[str, dict[str, OptionValue]] = {
    DEFAULT_SECTION: {
        "voice.auto-answer": "false",
        "voice.mark-done-on-release": "false",
        "voice.recording.enabled": "true",
        "interaction.case-data.is-read-only-on-idle": "true",
        "sipendpoint.enabled": "true",
        "toast.window-title": "Agent Desktop",
        "service-client-api.rate-limit": "0",
    },
}


def _check_value(name: str, value: Any) -> OptionValue:
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        check_wire_value(value, f"option {name!r}")
        return value if isinstance(value, str) else list(value)
    raise InvalidParameterError(f"option {name!r} must be a string or a list of strings, got {describe(value)}")


def _split(query: str) -> tuple[str, str]:
    section, slash, option = query.rpartition("/")
    return (section, option) if slash else (DEFAULT_SECTION, query)


def _check_query(query: Any) -> tuple[str, str]:
    if not isinstance(query, str) or not query.strip():
        raise InvalidParameterError(f"an option name must be a non-empty string, got {query!r}")
    section, option = _split(query.strip())
    if "*" in section:
        raise InvalidParameterError(f"{query!r}: a section name cannot hold a wildcard")
    if option.startswith("*") and option != "*":
        raise InvalidParameterError(f"{query!r}: a wildcard cannot start the option name")
    if option == "*" and "/" not in query:
        raise InvalidParameterError(f"{query!r}: name a section to list all of its options ('Section/*')")
    if "*" in option[:-1]:
        raise InvalidParameterError(f"{query!r}: '*' is only allowed at the end of a word")
    return section, option


class Configuration:
    """Options by section, settable from Python, read by apps."""

    def __init__(self, sections: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.sections: dict[str, dict[str, OptionValue]] = {s: dict(o) for s, o in DEFAULT_OPTIONS.items()}
        self.contextual: dict[str, dict[tuple[str, str], OptionValue]] = {}
        for section, options in (sections or {}).items():
            for name, value in options.items():
                self.set(f"{section}/{name}", value)

    def set(self, name: str, value: Any) -> None:
        """Set ``option`` (default section) or ``Section/option``."""
        section, option = _check_query(name)
        if "*" in option:
            raise InvalidParameterError("cannot set a wildcard option")
        self.sections.setdefault(section, {})[option] = _check_value(name, value)

    def set_contextual(self, interaction_id: str, name: str, value: Any) -> None:
        """An override the routing strategy made for one interaction."""
        section, option = _check_query(name)
        self.contextual.setdefault(interaction_id, {})[(section, option)] = _check_value(name, value)

    def query(self, options: Any, interaction_id: str | None = None) -> list[dict[str, Any]]:
        """``Array<Section>``: ``{name, value}`` for every option matching the query (or queries)."""
        queries = [options] if isinstance(options, str) else options
        if not isinstance(queries, list) or not queries:
            raise InvalidParameterError("options must be an option name or a non-empty array of them")
        overrides = self.contextual.get(interaction_id or "", {})
        found: dict[str, dict[str, Any]] = {}
        for query in queries:
            section, option = _check_query(query)
            values = dict(self.sections.get(section, {}))
            values.update({o: v for (s, o), v in overrides.items() if s == section})
            prefix = option[:-1] if option.endswith("*") else None
            for name, value in values.items():
                if (prefix is not None and name.startswith(prefix)) or name == option:
                    label = name if section == DEFAULT_SECTION else f"{section}/{name}"
                    found[label] = {"name": label, "value": list(value) if isinstance(value, list) else value}
        return list(found.values())
