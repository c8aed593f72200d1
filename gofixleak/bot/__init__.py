"""The pull-request bot: `gofixleak pr` opens, updates and closes pull requests with verified fixes.

Modules: `command` (the subcommand: options, token, output, exit codes),
`run` (one run over the units of a repository), `units` (grouping fixes into
modules or packages, branch names, fingerprints), `body` (titles, bodies,
markers and comments), `git` (a temporary worktree, commits and pushes that
never touch the user's checkout), `github` (a small REST client), `redact`
(keeping the token out of every line printed).
"""
