"""A generated corpus of script-injection payloads. Each one, if it ever ran, would call
`window.__xss(n)` (or `alert(n)`) with its own number, so a test can tell exactly which one got through.

Built from families — markup tags, attribute and element breakouts, event handlers, javascript: and data:
URLs, SVG and MathML, template syntaxes (JavaScript template literals, client- and server-side template
engines) and encodings (entities, percent, unicode escapes, mixed case, split tags) — crossed with the
contexts an escaping bug would open (element text, quoted and unquoted attributes, textarea, comments).
"""

from __future__ import annotations

CALL = "__xss({n})"

# {js} is where the payload's script goes; every family must have it.
MARKUP = [
    "<script>{js}</script>",
    "<ScRiPt>{js}</sCrIpT>",
    "<script src=data:text/javascript,{js}></script>",
    "<img src=x onerror={js}>",
    "<IMG SRC=x OnErRoR={js}>",
    '<img src="x" onerror="{js}">',
    "<img src=x onerror='{js}'>",
    "<img/src=x/onerror={js}>",
    "<svg onload={js}>",
    "<svg/onload={js}>",
    "<svg><script>{js}</script></svg>",
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    "<svg><a xlink:href=javascript:{js}><text x=20 y=20>svg link</text></a></svg>",
    "<svg><foreignObject><img src=x onerror={js}></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror={js}>",
    "<body onload={js}>",
    "<iframe src=javascript:{js}></iframe>",
    "<iframe srcdoc='<script>parent.{js}</script>'></iframe>",
    "<object data=javascript:{js}></object>",
    "<embed src=javascript:{js}>",
    "<details open ontoggle={js}>",
    "<input autofocus onfocus={js}>",
    "<select autofocus onfocus={js}></select>",
    "<textarea autofocus onfocus={js}></textarea>",
    "<video><source onerror={js}></video>",
    "<audio src=x onerror={js}>",
    "<marquee onstart={js}>m</marquee>",
    "<a href=javascript:{js}>click</a>",
    '<a href="jav&#x09;ascript:{js}">tab</a>',
    "<form action=javascript:{js}><button>go</button></form>",
    "<base href=javascript:{js}//>",
    "<link rel=stylesheet href=javascript:{js}>",
    "<meta http-equiv=refresh content='0;url=javascript:{js}'>",
    "<style>@import 'javascript:{js}';</style>",
    "<div style=background:url(javascript:{js})>style</div>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "<<script>{js}//<</script>",
    "<img src=x onerror=&#95;&#95;xss&#40;{n}&#41;>",
    "<img src=x onerror=\\u005f_xss({n})>",
    '<noscript><p title="</noscript><img src=x onerror={js}>">',
    "<template><script>{js}</script></template><img src=x onerror={js}>",
    "<x onclick={js} onpointerover={js} onmouseover={js}>hover me</x>",
]

# Contexts an escaping bug could leave the payload in: each breaks out before the markup starts.
BREAKOUTS = [
    "",
    '">',
    "'>",
    "</td></tr></table>",
    "</textarea>",
    "</title>",
    "--></code>",
]

# Payloads that need no tag: they run if text lands in a script, URL, attribute or template context.
TAGLESS = [
    "javascript:{js}",
    "JaVaScRiPt:{js}",
    "data:text/html,<script>{js}</script>",
    "data:text/html;base64,PHNjcmlwdD5fX3hzcygxKTwvc2NyaXB0Pg==#{n}",
    '" onmouseover="{js}" x="',
    "' onfocus='{js}' autofocus x='",
    '" autofocus onfocus="{js}',
    "${{{js}}}",
    "`${{{js}}}`",
    "{{{{constructor.constructor('{js}')()}}}}",
    "{{{{ {js} }}}}",
    "{{% print('{n}') %}}",
    "<%= {js} %>",
    "';{js};'",
    '";{js};"',
    "</script><script>{js}</script>",
    "%3Cscript%3E{js}%3C%2Fscript%3E",
    "&lt;script&gt;{js}&lt;/script&gt;",
    "&#60;script&#62;{js}&#60;/script&#62;",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
    "\\x3cscript\\x3e{js}\\x3c/script\\x3e",
    "＜script＞{js}＜/script＞",
]


def payloads(minimum: int = 200) -> list[str]:
    """Numbered payloads: the n-th one calls __xss(n) (a few families call alert(n) instead)."""
    shapes = [breakout + markup for markup in MARKUP for breakout in BREAKOUTS[:4]]
    shapes += [breakout + markup for markup in MARKUP[:12] for breakout in BREAKOUTS[4:]]
    shapes += TAGLESS
    result = []
    for n, shape in enumerate(shapes):
        js = f"alert({n})" if n % 17 == 0 else CALL.format(n=n)
        result.append(shape.replace("{js}", js).replace("{n}", str(n)).format())
    assert len(result) >= minimum, len(result)
    assert len(set(result)) == len(result)
    return result


def packed(items: list[str], limit: int, separator: str = " · ") -> list[str]:
    """The payloads packed into as few texts of at most `limit` characters as they fit in."""
    texts: list[str] = []
    current = ""
    for item in items:
        candidate = f"{current}{separator}{item}" if current else item
        if len(candidate) <= limit:
            current = candidate
        else:
            texts.append(current)
            current = item
    if current:
        texts.append(current)
    return texts
