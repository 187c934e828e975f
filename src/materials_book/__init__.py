"""Helpers for the book on China's key strategic materials supply chain."""
