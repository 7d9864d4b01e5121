"""Backend package of the agency dashboard."""
