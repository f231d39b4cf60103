"""painpal: a terminal daily companion for people living with back pain."""

__version__ = "0.1.0"
