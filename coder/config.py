"""The user's own settings: for now the coder name, so `coder` alone opens the right database.

Stored as JSON in `$CODER_CONFIG_DIR/config.json` (tests and shared machines), else
`$XDG_CONFIG_HOME/coder/config.json`, else `~/.config/coder/config.json`. The file is a
convenience: a missing, unreadable or broken file means "nothing remembered", never an error that
stops someone from coding, and writing it replaces it atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from coder.fsutil import atomic_write_bytes


def config_dir() -> Path:
    explicit = os.environ.get("CODER_CONFIG_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".config"
    return base / "coder"


def config_path() -> Path:
    return config_dir() / "config.json"


def load_config() -> dict[str, Any]:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_config(data: dict[str, Any]) -> None:
    """Write atomically (coder.fsutil) so a crash never leaves half a file; raises OSError."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


def remembered_coder() -> str | None:
    name = load_config().get("coder")
    return name if isinstance(name, str) and name.strip() else None


def remember_coder(name: str) -> bool:
    """Remember `name` for next time; False (and nothing else) if the config cannot be written."""
    data = load_config()
    data["coder"] = name
    try:
        save_config(data)
    except OSError:
        return False
    return True


def auto_advance() -> bool:
    """Whether a choice picked by its number moves to the next field at once (`"auto_advance":
    false` in config.json keeps the focus in the list until enter or tab, for coders whose
    hands press tab after every answer)."""
    return load_config().get("auto_advance", True) is not False
