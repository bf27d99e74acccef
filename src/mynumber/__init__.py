"""mynumber: an open, runnable implementation of Japan's My Number system (マイナンバー制度)."""

__version__ = "0.1.0"
