"""Verify: check that every citation, quote and value in an implementation holds in the paper."""
