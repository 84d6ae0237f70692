"""``python -m bench``: run every benchmark and print its numbers."""

from __future__ import annotations

import asyncio

from bench import answers, broadcast, checks, updates


def main() -> None:
    """Run the benchmarks one after another."""
    asyncio.run(updates.main())
    asyncio.run(checks.main())
    answers.main()
    asyncio.run(broadcast.main())


if __name__ == "__main__":
    main()
