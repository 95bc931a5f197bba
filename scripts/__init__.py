"""Build logic of the Decoding Alignment survey: load, validate, export, render, compile."""
