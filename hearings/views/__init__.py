"""Hearing pages: `public` (no login), `manage` (the coordinator), `process` (the plan's process)."""
