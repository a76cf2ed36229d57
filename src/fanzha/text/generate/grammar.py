"""The slot grammar the phrase banks are written in, and its expander.

A template is text with references in braces:

``{name}``
    a fresh choice from the slot ``name`` (the scenario's own slots first, then the
    file's, then the language's common slots); the chosen phrase is itself a template.
``{=name}``
    the same, but bound: the first use in a message chooses, later ``{=name}`` in the
    same message repeat that choice (a brand named in the 【】 tag and in the body).
``{name.field}`` / ``{=name.field}``
    a field of a record slot (a list of tables): ``{=bank.name}`` and
    ``{=bank.hotline}`` come from the same bank.
``{@entity}`` / ``{@entity:arg}``
    a random entity (phone number, card number, amount, link...), see ``entities``;
    ``{=@entity:arg}`` binds it like a slot. An ``arg`` that starts with ``=`` is read
    from a bound record field first (``{@card:=bank.bin}``).
``{a|b|c}``
    an inline choice between alternatives, each a template itself (may be empty:
    ``{|！|!}``; may hold references: ``{您好|{hello}，{@name}}``).
``{ref?}`` / ``{ref?30}``
    any reference made optional: kept with probability 0.5, or 30 %.

Templates are compiled once, when the banks load; expansion is a loop over tokens.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from fanzha.core import ConfigError

_REF = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class Ref:
    """One ``{...}`` in a template."""

    kind: str  # "slot" | "entity" | "alt"
    name: str = ""  # slot or entity name
    field: str = ""  # record field ("" for a plain slot)
    arg: str = ""  # entity argument
    bind: bool = False
    prob: float = 1.0
    alts: tuple[Template, ...] = ()  # compiled alternatives of an inline choice

    @property
    def key(self) -> str:
        return ("@" + self.name + ":" + self.arg) if self.kind == "entity" else self.name


Template = tuple[str | Ref, ...]
Item = Template | dict[str, Template]


def compile_template(text: str, where: str) -> Template:
    """Split a template into literal text and references; a malformed one raises."""
    tokens: list[str | Ref] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "}":
            raise ConfigError(f"{where}: unbalanced brace in template {text!r}")
        if ch != "{":
            literal.append(ch)
            i += 1
            continue
        end = _matching_brace(text, i, where)
        if literal:
            tokens.append("".join(literal))
            literal = []
        tokens.append(_parse_ref(text[i + 1 : end], where))
        i = end + 1
    if literal:
        tokens.append("".join(literal))
    return tuple(tokens)


def _matching_brace(text: str, start: int, where: str) -> int:
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ConfigError(f"{where}: unbalanced brace in template {text!r}")


def _split_top(body: str) -> list[str]:
    """Split on the ``|`` that are not inside nested braces."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in body:
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += (ch == "{") - (ch == "}")
        current.append(ch)
    parts.append("".join(current))
    return parts


def _parse_ref(body: str, where: str) -> Ref:
    alternatives = _split_top(body)
    if len(alternatives) > 1:
        return Ref("alt", alts=tuple(compile_template(a, where) for a in alternatives))
    if "{" in body:
        raise ConfigError(f"{where}: a reference cannot contain braces: {{{body}}}")
    prob = 1.0
    if "?" in body:
        body, _, percent = body.partition("?")
        try:
            prob = 0.5 if percent == "" else int(percent) / 100
        except ValueError:
            raise ConfigError(f"{where}: bad optional marker in {{{body}?{percent}}}") from None
        if not 0 < prob < 1:
            raise ConfigError(f"{where}: optional percentage must be 1-99 in {{{body}?{percent}}}")
    bind = body.startswith("=")
    if bind:
        body = body[1:]
    if body.startswith("@"):
        name, _, arg = body[1:].partition(":")
        if not _NAME.fullmatch(name):
            raise ConfigError(f"{where}: bad entity name {name!r}")
        return Ref("entity", name=name, arg=arg, bind=bind, prob=prob)
    name, _, fld = body.partition(".")
    if not _NAME.fullmatch(name) or (fld and not _NAME.fullmatch(fld)):
        raise ConfigError(f"{where}: bad slot reference {{{body}}}")
    return Ref("slot", name=name, field=fld, bind=bind, prob=prob)


EntityFn = Callable[[random.Random, str, "Context"], str]


@dataclass(slots=True)
class Context:
    """The state of one message's expansion."""

    rng: random.Random
    lang: str
    bound: dict[str, object] = field(default_factory=dict)
    entities: list[tuple[str, str]] = field(default_factory=list)  # (kind, value) as generated

    def note(self, kind: str, value: str) -> None:
        self.entities.append((kind, value))


class Scope:
    """Slots visible to one scenario, and the entity generators."""

    def __init__(
        self,
        slots: Mapping[str, Sequence[Item]],
        entities: Mapping[str, EntityFn],
        where: str,
    ) -> None:
        self.slots = slots
        self.entities = entities
        self.where = where

    def expand(self, template: Template, ctx: Context, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            raise ConfigError(f"{self.where}: templates nest deeper than {MAX_DEPTH}")
        out: list[str] = []
        rng = ctx.rng
        for token in template:
            if isinstance(token, str):
                out.append(token)
                continue
            if token.prob < 1.0 and rng.random() >= token.prob:
                continue
            if token.kind == "alt":
                out.append(self.expand(rng.choice(token.alts), ctx, depth + 1))
            elif token.kind == "entity":
                out.append(self._entity(token, ctx, depth))
            else:
                out.append(self._slot(token, ctx, depth))
        return "".join(out)

    def _entity(self, token: Ref, ctx: Context, depth: int) -> str:
        if token.bind and token.key in ctx.bound:
            return str(ctx.bound[token.key])
        arg = token.arg
        if arg.startswith("="):
            arg = self._slot(_parse_ref(arg, self.where), ctx, depth)
        value = self.entities[token.name](ctx.rng, arg, ctx)
        if token.bind:
            ctx.bound[token.key] = value
        return value

    def _slot(self, token: Ref, ctx: Context, depth: int) -> str:
        items = self.slots[token.name]
        if not token.bind:
            chosen = ctx.rng.choice(items)
            template = chosen[token.field] if isinstance(chosen, dict) else chosen
            return self.expand(template, ctx, depth + 1)
        bound = ctx.bound
        if not token.field:
            text = bound.get(token.name)
            if not isinstance(text, str):
                chosen = ctx.rng.choice(items)
                assert not isinstance(chosen, dict)  # check() guarantees it
                text = self.expand(chosen, ctx, depth + 1)
                bound[token.name] = text
            return text
        # A bound record's fields are expanded once too, so {=bank.name} repeats.
        key = token.name + "." + token.field
        text = bound.get(key)
        if isinstance(text, str):
            return text
        record = bound.get(token.name)
        if not isinstance(record, dict):
            record = ctx.rng.choice(items)
            bound[token.name] = record
        assert isinstance(record, dict)
        text = self.expand(record[token.field], ctx, depth + 1)
        bound[key] = text
        return text

    def check(self, template: Template, seen: tuple[str, ...] = ()) -> None:
        """Raise ConfigError if the template names a missing slot, field or entity,
        or if slots refer to each other in a cycle."""
        for token in template:
            if isinstance(token, str):
                continue
            if token.kind == "alt":
                for alternative in token.alts:
                    self.check(alternative, seen)
                continue
            if token.kind == "entity":
                if token.name not in self.entities:
                    raise ConfigError(f"{self.where}: unknown entity @{token.name}")
                if token.arg.startswith("="):
                    self.check((_parse_ref(token.arg, self.where),), seen)
                continue
            items = self.slots.get(token.name)
            if not items:
                raise ConfigError(f"{self.where}: unknown or empty slot {{{token.name}}}")
            if token.name in seen:
                raise ConfigError(f"{self.where}: slot cycle {' -> '.join((*seen, token.name))}")
            for item in items:
                if isinstance(item, dict):
                    if not token.field:
                        raise ConfigError(
                            f"{self.where}: record slot {token.name!r} used without a field"
                        )
                    if token.field not in item:
                        raise ConfigError(
                            f"{self.where}: record in slot {token.name!r} lacks {token.field!r}"
                        )
                    self.check(item[token.field], (*seen, token.name))
                else:
                    if token.field:
                        raise ConfigError(f"{self.where}: slot {token.name!r} is not a record")
                    self.check(item, (*seen, token.name))
