"""Staff accounts and who may see which page."""
