#!/usr/bin/env python
"""Developer entry point; operators use the ``kompas`` command, which is the same."""

from kompas.cli import main

if __name__ == "__main__":
    main()
