"""The project's development tools (run as scripts; see each module)."""
