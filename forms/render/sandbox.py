"""The one Jinja sandbox every report template runs in (.txt, .html and the Word template's XML).

A template is a file from someone else (a county office hands its folder to the townships), so
it may only *arrange* the render context: plain strings, numbers, lists and mappings.

- Attributes: only items of mappings, a ``loop``'s counters and an imported template's macros.
  No method of any object is reachable (so no ``__class__``, ``str.format`` or ``.save()``).
- Calls: only the template's own macros, ``caller``, ``super()``, ``loop.cycle`` and a bounded
  ``range``.  Jinja's other globals (``cycler``, ``joiner``, ``namespace``, ``lipsum``, ``dict``)
  are gone, and the filters are an allow-list, each bounded so that one call cannot build a
  giant string.
- Size: every value passed to or returned from a call or filter, every ``~``, ``+``, ``*`` and
  the output itself are capped at ``MAX_TEXT`` characters.
- Time: ``time_limit`` watches the rendering thread with a trace function.  Chosen over a
  subprocess with a timeout because the preview re-renders on every edit (a new Python process
  per render costs about a second, more on Windows and in the frozen app), while every step of
  a template is Python code that the trace function sees: a loop or recursion of the template,
  however nested, ends within ``RENDER_SECONDS``.  The only steps it cannot interrupt are single
  C calls, and those are what the size caps above keep small.
"""

from __future__ import annotations

import functools
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import Environment, StrictUndefined
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import BlockReference, Context, LoopContext, Macro, TemplateReference, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from forms.i18n import _

#: a template (or one part of a Word template) may take this long to fill in
RENDER_SECONDS = 5.0
#: no text a template builds, and no output, may be longer (a full report is ~100 000)
MAX_TEXT = 4_000_000
#: no list a template builds may be longer
MAX_ITEMS = 100_000
#: a template file (.j2) may not be larger
MAX_TEMPLATE_BYTES = 1_000_000
_RENDER_DIR = str(Path(__file__).resolve().parent)
#: how often (in trace events) the clock is read
_TICKS = 200


#: what Jinja passes to a filter besides the template's values (pass_context and the like)
_JINJA_ARGS = (Environment, EvalContext, Context)


class TemplateLimitError(Exception):
    """A template went beyond a limit (time, size) or asked for something it may not have."""


class _Expired(BaseException):
    # BaseException: no ``except Exception`` inside a library may swallow the end of the time
    pass


# --- time ---------------------------------------------------------------------------------------


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Run the block with a deadline; past it, the block ends in ``TemplateLimitError``."""
    limit = RENDER_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + limit
    count = 0

    def check() -> None:
        nonlocal count
        count += 1
        if count % _TICKS == 0 and time.monotonic() > deadline:
            raise _Expired

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        check()
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        check()
        # compiled templates have file names like "<template>": their lines are the loops; so are
        # the lines of the renderer's own filters, which a template may hand data of its making
        name = frame.f_code.co_filename
        return local if name.startswith(("<", _RENDER_DIR)) else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    except _Expired:
        raise TemplateLimitError(
            _("模板填充超过了 {n} 秒，可能有无尽的循环或递归").format(n=format_number(limit))
        ) from None
    except RecursionError:
        raise TemplateLimitError(_("模板的宏或循环嵌套太深（无尽的递归）")) from None
    except MemoryError:
        raise TemplateLimitError(_("模板生成的内容太多，内存不够")) from None
    finally:
        sys.settrace(previous)


def format_number(seconds: float) -> str:
    return str(int(seconds)) if seconds == int(seconds) else f"{seconds:.1f}"


# --- size ---------------------------------------------------------------------------------------


def _too_long(what: str) -> TemplateLimitError:
    return TemplateLimitError(
        _("模板生成的{what}超过了 {n} 个字符的上限").format(what=what, n=f"{MAX_TEXT:,}".replace(",", " "))
    )


def size_of(value: Any, budget: int = MAX_TEXT) -> int:
    """Characters (and items) a value holds, counted until ``budget`` is passed."""
    kind = type(value)
    if kind is str or kind is Markup:
        return len(value)
    if kind is dict:
        items: Iterable[Any] = value.values()
    elif kind is list or kind is tuple:
        items = value
    elif isinstance(value, str):
        return len(value)
    elif isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, Mapping) and not isinstance(value, _JINJA_ARGS):
        items = value.values()
    else:
        return 1
    total = len(value)
    if total > MAX_ITEMS:
        raise TemplateLimitError(_("模板生成的列表超过了 {n} 项的上限").format(n=MAX_ITEMS))
    for item in items:
        kind = type(item)
        if kind is str:
            total += len(item)
        elif kind is int or kind is bool or item is None:
            total += 1
        else:
            total += size_of(item, budget - total)
        if total > budget:
            return total
    return total


def bounded(value: Any, what: str = "") -> Any:
    if size_of(value) > MAX_TEXT:
        raise _too_long(what or _("文字"))
    return value


def _check_args(args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    total = 0
    for value in (*args, *kwargs.values()):
        if _is_jinja_arg(value):
            continue
        total += size_of(value, MAX_TEXT - total)
        if total > MAX_TEXT:
            raise _too_long(_("文字"))


def counted_concat(parts: Iterable[str]) -> str:
    """``"".join`` that stops at ``MAX_TEXT`` characters (the output of a template or a block)."""
    out: list[str] = []
    total = 0
    for part in parts:
        total += len(part)
        if total > MAX_TEXT:
            raise _too_long(_("内容"))
        out.append(part)
    return "".join(out)


def checked_join(join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
    """The ``~`` operator: its operands are measured before they are joined."""
    _check_args(parts, {})
    joined: str = bounded(join(parts))
    return joined


class _Generator(CodeGenerator):
    """Compiles ``a ~ b ~ …`` through ``checked_join``: a join of many large operands is one C call."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked_join(")
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join)")
        elif frame.eval_ctx.autoescape:
            self.write("markup_join")
        else:
            self.write("str_join")
        self.write(", (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


# --- filters and globals ------------------------------------------------------------------------


def bounded_range(*args: int) -> range:
    for a in args:
        if not isinstance(a, int) or isinstance(a, bool):
            raise SecurityError(_("range() 只接受整数"))
    rng = range(*args)
    if len(rng) > MAX_ITEMS:
        raise TemplateLimitError(_("range() 最多 {n} 项").format(n=MAX_ITEMS))
    return rng


def _wrap_filter(func: Callable[..., Any], precheck: Callable[..., int] | None = None) -> Callable[..., Any]:
    @functools.wraps(func)  # keeps jinja_pass_arg (pass_eval_context, pass_environment …)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        args = _materialized(args)
        _check_args(args, kwargs)
        if precheck is not None:
            plain = [a for a in args if not _is_jinja_arg(a)]
            if precheck(*plain, **kwargs) > MAX_TEXT:
                raise _too_long(_("文字"))
        return bounded(func(*args, **kwargs))

    return filtered


def _materialized(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The filtered value as a list when it is a lazy sequence (map, select): so it can be measured first."""
    for i, value in enumerate(args):
        if _is_jinja_arg(value):
            continue
        if isinstance(value, Iterator):
            items = list(itertools.islice(value, MAX_ITEMS + 1))
            if len(items) > MAX_ITEMS:
                raise TemplateLimitError(_("模板生成的列表超过了 {n} 项的上限").format(n=MAX_ITEMS))
            return (*args[:i], items, *args[i + 1 :])
        break
    return args


def _is_jinja_arg(value: Any) -> bool:
    return isinstance(value, _JINJA_ARGS)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _pre_center(value: Any, width: Any = 80) -> int:
    return max(size_of(value), _int(width))


def _pre_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> int:
    if not isinstance(width, int) or isinstance(width, bool):
        # a string "indent" would be printed unescaped into the Word XML
        raise SecurityError(_("indent 只接受整数宽度"))
    text = str(value)
    return len(text) + width * (text.count("\n") + 1)


def _pre_replace(value: Any, old: Any = "", new: Any = "", count: Any = None) -> int:
    text, old, new = str(value), str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    return len(text) + hits * len(new)


def _pre_join(value: Any, d: Any = "", attribute: Any = None) -> int:
    items = list(value) if isinstance(value, (list, tuple, str, range)) else []
    return size_of(items) + len(str(d)) * len(items)


def _pre_wordwrap(value: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None, **kw: Any) -> int:
    text = str(value)
    step = max(_int(width), 1)
    return len(text) + (len(text) // step + 1) * len(str(wrapstring or "\n"))


def _pre_escape(value: Any, *args: Any, **kwargs: Any) -> int:
    return 6 * len(str(value))  # "&" → "&amp;"


def _pre_urlencode(value: Any, *args: Any, **kwargs: Any) -> int:
    return 9 * size_of(value)  # a Chinese character → three %XX


def _pre_list(value: Any, *args: Any, **kwargs: Any) -> int:
    if isinstance(value, str) and len(value) > MAX_ITEMS:
        raise TemplateLimitError(_("模板生成的列表超过了 {n} 项的上限").format(n=MAX_ITEMS))
    return size_of(value)


def _pre_truncate(value: Any, length: Any = 255, killwords: Any = False, end: Any = "...", *args: Any) -> int:
    return len(str(value)) + len(str(end))


#: the filters a template may use: Jinja's text and list helpers that only rearrange data.
#: Left out: attr (reaches attributes), format, xmlattr, safe, tojson, urlize, indent by a string
#: (unescaped output), pprint, random, filesizeformat, float.
ALLOWED_FILTERS: dict[str, Callable[..., int] | None] = {
    "abs": None,
    "batch": None,
    "capitalize": None,
    "center": _pre_center,
    "count": None,
    "d": None,
    "default": None,
    "dictsort": None,
    "e": _pre_escape,
    "escape": _pre_escape,
    "first": None,
    "forceescape": _pre_escape,
    "groupby": None,
    "indent": _pre_indent,
    "int": None,
    "items": None,
    "join": _pre_join,
    "last": None,
    "length": None,
    "list": _pre_list,
    "lower": None,
    "map": None,
    "max": None,
    "min": None,
    "reject": None,
    "rejectattr": None,
    "replace": _pre_replace,
    "reverse": None,
    "round": None,
    "select": None,
    "selectattr": None,
    "slice": None,
    "sort": None,
    "string": None,
    "striptags": None,
    "sum": None,
    "title": None,
    "trim": None,
    "truncate": _pre_truncate,
    "unique": None,
    "upper": None,
    "urlencode": _pre_urlencode,
    "wordcount": None,
    "wordwrap": _pre_wordwrap,
}

_LOOP_ATTRIBUTES = frozenset(
    "index index0 revindex revindex0 first last length depth depth0 previtem nextitem cycle changed".split()
)


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Plain data in, text out: see the module's docstring for what a template can reach."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(("*", "**", "%", "+", "//"))
    concat = staticmethod(counted_concat)  # type: ignore[assignment]

    def __init__(self, filters: Mapping[str, Callable[..., Any]] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("undefined", StrictUndefined)
        super().__init__(**kwargs)
        self.globals.clear()
        self.globals["range"] = bounded_range
        self.filters = {name: _wrap_filter(FILTERS[name], pre) for name, pre in ALLOWED_FILTERS.items()}
        # the renderer's own filters (br, txt_rows …) return at most a few times their input: not
        # wrapped, they keep the preview as fast as it was; their results are measured where used
        self.filters.update(filters or {})
        self.checked_join = checked_join

    # attributes and items: data only
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, LoopContext):
            return attr in _LOOP_ATTRIBUTES
        return isinstance(obj, TemplateModule)  # an imported template's macros

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            return obj[attribute] if attribute in obj else self.undefined(obj=obj, name=attribute)
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()  # the first refusal is the one to report
        if isinstance(obj, Mapping):
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        if isinstance(obj, TemplateReference) and not attribute.startswith("_"):
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        if self.is_safe_attribute(obj, attribute, None):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                return self.undefined(obj=obj, name=attribute)
        return self.unsafe_undefined(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        if isinstance(obj, Mapping) and not isinstance(obj, TemplateModule):
            try:
                return obj[argument]
            except (KeyError, TypeError):
                return self.undefined(obj=obj, name=argument)
        if isinstance(obj, (str, list, tuple, range)) and isinstance(argument, (int, slice)):
            try:
                return obj[argument]
            except (IndexError, TypeError, ValueError):
                return self.undefined(obj=obj, name=str(argument))
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        return self.undefined(
            _("模板不能访问 {type} 的“{attr}”").format(type=type(obj).__name__, attr=attribute),
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    # calls: the template's own macros and a few helpers
    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, (Macro, BlockReference, LoopContext)):
            return True
        if obj is bounded_range:
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, LoopContext) and getattr(obj, "__name__", "") in ("cycle", "changed")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, Undefined):
            __obj._fail_with_undefined_error()
        if not __self.is_safe_callable(__obj):
            raise SecurityError(_("模板不能调用 {name}").format(name=type(__obj).__name__))
        _check_args(args, kwargs)
        return bounded(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError(_("模板不能使用 ** 运算"))
        if operator == "%" and isinstance(left, str):
            raise SecurityError(_("模板不能用 % 格式化文字"))
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                    if size_of(seq) * max(n, 0) > MAX_TEXT:
                        raise _too_long(_("文字"))
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 256:
                raise SecurityError(_("模板中的数字太大"))
        if operator == "+":
            _check_args((left, right), {})
        return bounded(self.binop_table[operator](left, right))


def plain(value: Any) -> Any:
    """The value as plain data: the render context must hold nothing else."""
    if isinstance(value, str):
        return str(value)  # not Markup: only the renderer decides what is markup
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)
