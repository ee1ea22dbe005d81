"""Acquire: turn what the user typed (arXiv ID, URL, local path) into local files to parse."""
