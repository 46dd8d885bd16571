"""kmhub: a Thai-first lessons-learned repository for the moral-province programme."""

__version__ = "0.1.0"
