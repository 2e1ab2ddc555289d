"""Chanye (产业): runs a city's modern industrial system as software."""

__version__ = "0.1.0"
