"""The rules, one module each; installed as `gofixleak.rewrites` (see gofixleak.registry)."""
