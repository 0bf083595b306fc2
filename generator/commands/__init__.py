"""The ``lapak`` commands, one module each; ``cli.py`` puts them on the ``lapak`` group."""
