"""Checks of the data against its documents and of the built pages against the data."""
