"""The shared kernel: only what every subsystem needs, importing no subsystem.

Check-digit codecs, the UTC clock, error types, database plumbing, settings, Japanese text
normalisation and the hash-chained log primitive.
"""
