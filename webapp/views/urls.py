"""url_for for templates, cheap for the URLs pages build by the hundred.

A memo page builds about 100 URLs (a form's action and hx-post for every note, line and follow-up) and Flask's
url_for took a tenth of the page: each call resolves the endpoint, runs the URL defaults and asks werkzeug to
build the route. The routes' shapes do not change while the app runs, so for an endpoint called with whole
numbers only (`memo_id=`, `item_id=`), the URL is built once with marker numbers, checked against a real build,
and from then on filled in with the numbers given. Static files keep their content-hash version (`?v=`), looked
up on every call as before, and their URL is built once per version. Anything else goes to url_for as it is.
"""

from __future__ import annotations

from flask import has_request_context, request, url_for

from webapp.views.pwa import static_version

_MARKER = 7_350_291_846_100  # far above any id, so it cannot appear in a route's own text
_UNCACHEABLE = object()
_MOST = 2000  # entries a cache holds before it starts again (script roots come from a proxy's header)

# (endpoint, argument names, script root) -> the URL's text around the numbers, or _UNCACHEABLE
_shapes: dict[tuple, list[str] | object] = {}
# (filename, version, script root) -> the static file's URL
_static: dict[tuple, str] = {}


def template_url_for(endpoint: str, **values) -> str:
    """The URL url_for(endpoint, **values) gives, from the route's shape when it only takes whole numbers."""
    if not has_request_context():
        return url_for(endpoint, **values)
    if endpoint == "static" and list(values) == ["filename"]:
        return _static_url(values["filename"])
    if not all(type(value) is int for value in values.values()):  # bool is not a number here
        return url_for(endpoint, **values)
    key = (endpoint, tuple(values), request.script_root)
    shape = _shapes.get(key)
    if shape is None:
        shape = _remember(_shapes, key, _learn_shape(endpoint, values))
    if shape is _UNCACHEABLE:
        return url_for(endpoint, **values)
    parts = [shape[0]]
    for value, text in zip(values.values(), shape[1:], strict=True):
        parts.append(str(value))
        parts.append(text)
    return "".join(parts)


def _learn_shape(endpoint: str, values: dict) -> list[str] | object:
    """The URL's text between its numbers, if marker numbers come out of url_for in order, once each."""
    markers = [str(_MARKER + i) for i in range(len(values))]
    url = url_for(endpoint, **{name: _MARKER + i for i, name in enumerate(values)})
    shape, rest = [], url
    for marker in markers:
        before, found, rest = rest.partition(marker)
        if not found or marker in rest:
            return _UNCACHEABLE
        shape.append(before)
    shape.append(rest)
    filled = shape[0] + "".join(str(value) + text for value, text in zip(values.values(), shape[1:], strict=True))
    return shape if filled == url_for(endpoint, **values) else _UNCACHEABLE


def _static_url(filename: str) -> str:
    key = (filename, static_version(filename), request.script_root)
    url = _static.get(key)
    if url is None:
        url = _remember(_static, key, url_for("static", filename=filename))
    return url


def _remember(cache: dict, key: tuple, value):
    if len(cache) >= _MOST:
        cache.clear()
    cache[key] = value
    return value
