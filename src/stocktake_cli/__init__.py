"""The ``stocktake`` command line: the one package that knows both the core and the outside."""
