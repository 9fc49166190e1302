"""`python -m tabayyun.cli`: the command line."""

from tabayyun.cli import main

if __name__ == "__main__":
    main()
