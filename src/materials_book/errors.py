"""Errors the command line answers with a message instead of a traceback; kept light so that importing them does not
load pandas."""


class DataError(RuntimeError):
    """A dataset that is missing, unreadable or breaks its schema."""
