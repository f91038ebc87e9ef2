"""Shared types, protocols, settings and errors. Imports nothing heavy and no other package."""
