"""The bot's defaults, in a module light enough for the command line to import at start-up."""

from __future__ import annotations

DEFAULT_API_URL = "https://api.github.com"
# the identity GitHub shows as the Actions bot; the bot recognises its commits by it
DEFAULT_AUTHOR_NAME = "github-actions[bot]"
DEFAULT_AUTHOR_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
