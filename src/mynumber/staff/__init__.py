"""The instance's staff directory: named accounts per organisation and role, page sessions and
API tokens (職員アカウント)."""
