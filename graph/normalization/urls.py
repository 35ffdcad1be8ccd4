"""URLs: scheme and host lowercased (host as IDNA), default port, fragment and user info dropped,
percent-escapes in one spelling; path and query kept, since servers may treat their case as meaningful."""

from __future__ import annotations

import ipaddress
import re
import string
from typing import Final
from urllib.parse import SplitResult, urlsplit

from graph.kinds import IdentifierKind
from graph.normalization.domains import DomainError, normalize_domain
from graph.normalization.forms import NormalForm, NormalizationError
from graph.normalization.text import has_control_or_space

_DEFAULT_PORTS: Final = {"http": 80, "https": 443, "ftp": 21}
_PERCENT_ESCAPE: Final = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED: Final = frozenset(string.ascii_letters + string.digits + "-._~")


def _unescape_unreserved(match: re.Match[str]) -> str:
    # RFC 3986 6.2.2: escapes of unreserved characters are the characters; other escapes use uppercase hex.
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _escapes_in_one_spelling(text: str) -> str:
    # Most paths hold no escape: no substitution (and no call back per match) for them.
    return _PERCENT_ESCAPE.sub(_unescape_unreserved, text) if "%" in text else text


def _host(parts: SplitResult, raw: str) -> str:
    hostname = parts.hostname
    if not hostname:
        raise NormalizationError(f"{raw!r} has no host")
    if "[" in parts.netloc:
        if "%" in hostname:
            raise NormalizationError(f"{raw!r}: a host with a zone id is not an identifier")
        try:
            return f"[{ipaddress.IPv6Address(hostname)}]"
        except ValueError:
            raise NormalizationError(f"{raw!r} has an invalid IPv6 host") from None
    if hostname.replace(".", "").isdigit():
        try:
            return str(ipaddress.IPv4Address(hostname))
        except ValueError:
            raise NormalizationError(f"{raw!r} has an invalid IPv4 host") from None
    try:
        return normalize_domain(hostname)
    except DomainError as exc:
        raise NormalizationError(f"{raw!r} has an invalid host: {exc}") from exc


def normalize_url(raw: str) -> NormalForm:
    text = raw.strip()
    if has_control_or_space(text):
        raise NormalizationError(f"{raw!r} is not a URL: it contains whitespace or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise NormalizationError(f"{raw!r} is not a URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = scheme or "none"
        raise NormalizationError(f"{raw!r}: only http, https and ftp URLs are identifiers (scheme: {shown})")
    host = _host(parts, raw)
    port_text = "" if port is None or port == _DEFAULT_PORTS[scheme] else f":{port}"
    path = _escapes_in_one_spelling(parts.path) or "/"
    query = "?" + _escapes_in_one_spelling(parts.query) if parts.query else ""
    return NormalForm(IdentifierKind.URL, f"{scheme}://{host}{port_text}{path}{query}", "url.canonical")
