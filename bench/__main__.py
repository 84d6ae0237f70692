"""``python -m bench``: run every benchmark and print its numbers."""

from __future__ import annotations

import asyncio

from bench import updates


def main() -> None:
    """Run the benchmarks one after another."""
    asyncio.run(updates.main())


if __name__ == "__main__":
    main()
