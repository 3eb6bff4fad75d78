"""Every byte automlspec prints: one module per command's output, each with its formats in one place.

Commands (``automlspec.commands``) return values; a view turns one into text on a stream. Nothing else
in the package writes to standard output or standard error.
"""
