"""The audit log as people read it: each entry a sentence in the reader's language, filters
by date, person, compound and kind, text search, and reverting one change (a new change)."""
