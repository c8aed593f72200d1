"""gofixleak: finds the Go memory and resource leaks a garbage collector cannot save you from, and fixes them."""

__version__ = "0.1.0"
