"""Where a project's files are: resolves --project/--codebook/--articles/--data into paths.

Every command (code, check, import, export, compare, review) starts from a `Project`, so the
defaults live in one place: a project folder holds `codebook.yaml`, an `articles/` folder (or
`samples/`) and a `coding/` folder with one database per coder. Paths given explicitly are taken
as the user typed them (relative to the current directory), not relative to the project root.
A missing codebook or articles folder is a `CoderError` that says where we looked and how to fix it;
the data folder is created only when something is first written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coder.errors import CoderError

if TYPE_CHECKING:
    from coder.articles import ArticleSet
    from coder.codebook.model import Codebook
    from coder.store.coder_store import ArticleRecord, CoderStore

HINT = "run coder from a project folder or pass --project DIR"


class ProjectError(CoderError):
    """The project's files cannot be found."""


@dataclass
class Project:
    root: Path
    codebook_path: Path
    articles_dir: Path
    data_dir: Path

    @classmethod
    def locate(
        cls,
        root: Path | str | None = None,
        codebook: Path | str | None = None,
        articles: Path | str | None = None,
        data: Path | str | None = None,
    ) -> Project:
        """Resolve the project's paths and check that the codebook and articles exist."""
        base = Path(root).expanduser() if root is not None else Path.cwd()
        if not base.is_dir():
            raise ProjectError(f"project folder not found: {base} ({HINT})")
        base = base.resolve()

        if codebook is not None:
            codebook_path = Path(codebook).expanduser().resolve()
            if codebook_path.is_dir():
                raise ProjectError(
                    f"--codebook {codebook_path} is a folder: give the codebook file "
                    f"(e.g. {codebook_path / 'codebook.yaml'})"
                )
            if not codebook_path.is_file():
                raise ProjectError(f"codebook not found: {codebook_path}")
        else:
            codebook_path = base / "codebook.yaml"
            if not codebook_path.is_file():
                raise ProjectError(f"no codebook.yaml in {base}: {HINT} (or --codebook FILE)")

        if articles is not None:
            articles_dir = Path(articles).expanduser().resolve()
            if articles_dir.is_file():
                raise ProjectError(
                    f"--articles {articles_dir} is a file: give the folder that holds it "
                    f"({articles_dir.parent})"
                )
            if not articles_dir.is_dir():
                raise ProjectError(f"articles folder not found: {articles_dir}")
        else:
            candidates = (base / "articles", base / "samples")
            found = next((c for c in candidates if c.is_dir()), None)
            if found is None:
                raise ProjectError(
                    f"no articles/ (or samples/) folder in {base}: {HINT} (or --articles DIR)"
                )
            articles_dir = found

        data_dir = Path(data).expanduser().resolve() if data is not None else base / "coding"
        if data_dir.exists() and not data_dir.is_dir():
            raise ProjectError(f"data path is not a folder: {data_dir}")
        return cls(base, codebook_path, articles_dir, data_dir)

    def load_codebook(self) -> Codebook:
        from coder.codebook.loader import load_codebook

        return load_codebook(self.codebook_path)

    def load_articles(self) -> ArticleSet:
        from coder.articles import load_articles

        return load_articles(self.articles_dir)

    def coder_path(self, coder: str) -> Path:
        from coder.store.coder_store import coder_path

        return coder_path(self.data_dir, coder)

    def open_store(self, coder: str, readonly: bool = False) -> CoderStore:
        """Open `coder`'s database; the data folder is created on the first write, not here."""
        from coder.store.coder_store import CoderStore, coder_path

        return CoderStore.open(coder_path(self.data_dir, coder), coder=coder, readonly=readonly)

    def coders(self) -> list[str]:
        """Coders with a database in the data folder (none if the folder does not exist yet)."""
        if not self.data_dir.is_dir():
            return []
        from coder.store.coder_store import list_coders

        return list_coders(self.data_dir)

    def load_records(self, coders: Sequence[str] | None = None) -> dict[str, list[ArticleRecord]]:
        """Each named coder's records (all coders if none are named), read-only because a coder
        may be coding right now. An unknown name is an error that lists the coders there are."""
        known = self.coders()
        names = list(coders) if coders else known
        missing = [n for n in names if n not in known]
        if missing:
            raise ProjectError(
                f"no database for coder(s) {', '.join(missing)} in {self.data_dir} "
                f"(coders: {', '.join(known) or 'none yet'})"
            )
        out: dict[str, list[ArticleRecord]] = {}
        pool: dict[str, str] = {}
        for name in names:
            with self.open_store(name, readonly=True) as store:
                out[name] = store.take_records()  # read once, no copies (see take_records)
            _share_texts(out[name], pool)
        return out


def _share_texts(records: Sequence[ArticleRecord], pool: dict[str, str]) -> None:
    """Make equal text values one object, across records and coders, as each coder is read.

    JSON parsing makes a new string for every value: 5 coders x 10k articles held ~3M strings
    for ~3k distinct texts (80 MB of RSS). Sharing them before the next database is read frees
    the copies, and every later pass over the values (compare hashes each of them several
    times) touches a few thousand objects that stay in cache instead of millions. The texts in
    a list (a multi field's choices: ~400k at 5 x 10k) are shared in place too."""
    share = pool.setdefault
    for r in records:
        _share_values(r.values, share)
        for inc in r.incidents:
            _share_values(inc.values, share)


def _share_values(values: dict[str, Any], share: Callable[[str, str], str]) -> None:
    for k, v in values.items():
        kind = v.__class__
        if kind is str:
            values[k] = share(v, v)
        elif kind is list:
            for n, x in enumerate(v):
                if x.__class__ is str:
                    v[n] = share(x, x)
