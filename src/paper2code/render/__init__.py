"""Render: write a Project to its output directory, atomically."""
