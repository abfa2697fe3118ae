"""The user's own settings: for now the coder name, so `coder` alone opens the right database.

Stored as JSON in `$CODER_CONFIG_DIR/config.json` (tests and shared machines), else
`$XDG_CONFIG_HOME/coder/config.json`, else `~/.config/coder/config.json`. The file is a
convenience: a missing, unreadable or broken file means "nothing remembered", never an error that
stops someone from coding, and writing it replaces it atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


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
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
