"""Values that apps (or scenario files) hand to the desktop UI's CSS: colours and sizes only.

The front end assigns them to style properties (``background``, ``color``, ``width``…); a
property such as ``background`` also takes ``url(...)``, which would make the notebook page fetch
any URL. So only a fixed grammar is accepted: no function but the colour ones with numeric
arguments, no ``url(``, no ``;``, no ``var()``/``calc()``/``expression()``.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InvalidParameterError
from ..wire.values import describe

MAX_CSS_VALUE = 64
"""Characters of one colour or size."""

# CSS Color Module Level 4 named colours, plus transparent and currentcolor.
NAMED_COLOURS = frozenset(
    """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
    burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
    darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid
    darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet
    deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
    ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow
    lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
    lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine
    mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise
    mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab
    orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru
    pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan
    teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen transparent currentcolor
    """.split()
)
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_ARGUMENT = rf"{_NUMBER}(?:%|deg|grad|rad|turn)?"
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_FUNCTION_COLOUR = re.compile(rf"(?:rgba?|hsla?)\(\s*{_ARGUMENT}(?:\s*[,/]?\s*{_ARGUMENT}){{2,3}}\s*\)", re.IGNORECASE)
_LENGTH = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:px|%|em|rem|vw|vh|vmin|vmax|ch|ex|pt|cm|mm|in)", re.IGNORECASE)
"""A size: a non-negative number and its unit."""


def is_colour(value: Any) -> bool:
    """``#rgb``, ``#rgba``, ``#rrggbb``, ``#rrggbbaa``, ``rgb()``/``rgba()``/``hsl()``/``hsla()`` with
    numeric arguments, or a named CSS colour."""
    if not isinstance(value, str) or len(value) > MAX_CSS_VALUE:
        return False
    text = value.strip()
    return (
        text.lower() in NAMED_COLOURS
        or _HEX_COLOUR.fullmatch(text) is not None
        or _FUNCTION_COLOUR.fullmatch(text) is not None
    )


def check_colour(value: Any, what: str) -> str:
    """``value`` if it is a colour (see :func:`is_colour`), else :class:`InvalidParameterError`."""
    if not is_colour(value):
        raise InvalidParameterError(
            f"{what} must be a CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb()/rgba()/hsl()/hsla() with numbers, "
            f"or a colour name such as 'teal'), got {describe(value)}"
        )
    return str(value).strip()


def check_length(value: Any, what: str) -> str:
    """``value`` if it is a CSS size such as ``"430px"``, ``"40%"`` or ``"30em"``, else an error."""
    if not isinstance(value, str) or len(value) > MAX_CSS_VALUE or _LENGTH.fullmatch(value.strip()) is None:
        raise InvalidParameterError(f"{what} must be a CSS size such as '430px' or '40%', got {describe(value)}")
    return value.strip()
