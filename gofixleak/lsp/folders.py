"""One API session per workspace folder, each with its own settings (multi-root workspaces).

The editor's settings are the session's explicit settings; each file is then checked with them
over its nearest gofixleak.toml, as the command line does with flags.

A file belongs to the innermost workspace folder that contains it; a file outside every folder
gets a session of its own folder, with the editor's global settings.  Sessions are made on
demand and dropped when settings or folders change (their caches go with them).  Sessions are
only ever used from the analysis thread; this registry is only touched on the event loop.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from gofixleak import api
from gofixleak.lsp.settings import EditorSettings


@dataclass
class Folder:
    root: str
    settings: EditorSettings  # the editor's settings for this folder, global ones included
    _session: api.Session | None = field(default=None, repr=False)

    @property
    def session(self) -> api.Session:
        if self._session is None:
            self._session = api.Session(self.root, self.settings.api_settings())
        return self._session


class Folders:
    def __init__(self) -> None:
        self.global_settings = EditorSettings()
        self._roots: dict[str, EditorSettings] = {}  # workspace folder -> its own settings
        self._folders: dict[str, Folder] = {}
        self.generation = 0  # bumped whenever sessions are dropped: older results are stale

    @property
    def roots(self) -> list[str]:
        return list(self._roots)

    def set_roots(self, roots: list[str]) -> None:
        self._roots = {os.path.normpath(r): self._roots.get(os.path.normpath(r), EditorSettings()) for r in roots}
        self.reset()

    def set_global(self, settings: EditorSettings) -> None:
        self.global_settings = settings
        self.reset()

    def set_folder_settings(self, root: str, settings: EditorSettings) -> None:
        self._roots[os.path.normpath(root)] = settings
        self.reset()

    def reset(self) -> None:
        self._folders.clear()
        self.generation += 1

    def root_for(self, path: str) -> str:
        inside = [r for r in self._roots if path == r or path.startswith(r.rstrip(os.sep) + os.sep)]
        return max(inside, key=len) if inside else os.path.dirname(path)

    def folder_for(self, path: str) -> Folder:
        root = self.root_for(path)
        folder = self._folders.get(root)
        if folder is None:
            own = self._roots.get(root, EditorSettings())
            folder = self._folders[root] = Folder(root, own.over(self.global_settings))
        return folder

    def settings_for(self, path: str | None) -> EditorSettings:
        return self.folder_for(path).settings if path else self.global_settings
