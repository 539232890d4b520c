"""Residents' voice: survey files and their import, statistics, suggestions, owners' consent."""
