"""claimtrace: trace every reported figure to who said it, where, and in exactly what words.

The package behind the notebooks: reading and validating the claims data package
(`claimtrace.validate`), reading figures back out of their printed words and finding every
numeric mention in a source (`claimtrace.numbers`), and strict CSV reading with errors that
name the file, the row and the column (`claimtrace.tables`).
"""

__version__ = "0.1.0"
