"""tabayyun: verify the news before you accept it."""

__version__ = "0.1.0"
