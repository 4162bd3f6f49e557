"""Devices by a name people recognise: "Chrome on Android · Pixel 8", from the user-agent a phone logged in with.

A small parser of the browsers and systems Debrief meets; anything else keeps its first product name ("curl").
"""

from __future__ import annotations

import re

from webapp.models import ApiToken

DEVICE_PREFIX = "Device: "  # how a phone's upload token is named (views/auth.py), followed by its user-agent

# The first match wins: browsers built on Chrome say "Chrome" and "Safari" too, so they come first.
_BROWSERS = (
    ("Edge", r"\bEdg(?:e|A|iOS)?/"),
    ("Opera", r"\b(?:OPR|OPT)/"),
    ("Samsung Internet", r"\bSamsungBrowser/"),
    ("Firefox", r"\b(?:Firefox|FxiOS)/"),
    ("Chrome", r"\b(?:HeadlessChrome|Chrome|CriOS)/"),
    ("Safari", r"\bVersion/[\d.]+.*\bSafari/"),
)
_SYSTEMS = (
    ("iPadOS", r"\biPad\b"),
    ("iOS", r"\biPhone\b|\biPod\b"),
    ("Android", r"\bAndroid\b"),
    ("ChromeOS", r"\bCrOS\b"),
    ("Windows", r"\bWindows\b"),
    ("macOS", r"\bMac OS X\b|\bMacintosh\b"),
    ("Linux", r"\bLinux\b|\bX11\b"),
)
# "(Linux; Android 14; Pixel 8 Build/UD1A…)": the model follows the version; "K" is Chrome's reduced, model-less UA.
_ANDROID_MODEL = re.compile(r"Android[ \d.]*;\s*([^;)]+?)(?:\s+Build/[^;)]*)?\s*[;)]")


def device_name(user_agent: str | None) -> str:
    """A user-agent as "Browser on System · Model", as much of it as can be told."""
    agent = (user_agent or "").strip()
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, agent)), None)
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, agent)), None)
    if not browser and not system:
        if "/" not in agent:  # a name the phone gave itself, or nothing
            return agent or "Unknown device"
        product = re.match(r"[A-Za-z][\w.-]*", agent)
        return product.group(0) if product else "Unknown device"
    name = f"{browser} on {system}" if browser and system else browser or f"A browser on {system}"
    model = _android_model(agent) if system == "Android" else None
    return f"{name} · {model}" if model else name


def _android_model(agent: str) -> str | None:
    match = _ANDROID_MODEL.search(agent)
    model = match.group(1).strip() if match else ""
    return None if model in ("", "K", "wv", "Mobile") or model.startswith("Linux") else model


def token_label(token: ApiToken) -> str:
    """What Settings calls a token: a phone's readable device name, or the name it was given."""
    if token.name.startswith(DEVICE_PREFIX):
        return device_name(token.name[len(DEVICE_PREFIX) :])
    return token.name
