"""`python -m bench.pages LABEL SEED`: CPU and wall time per request of code pages and
distinct search pages, in process (Flask test client), on the data `python -m bench` built.

For side-by-side comparisons of two commits in one sitting: check the older one out in a
worktree and run both in turn on the same data, the older one as a script with PYTHONPATH
at its tree (``python -m`` from the checkout would put the checkout first and measure it
twice), e.g. `PYTHONPATH=/tmp/old python bench/pages.py old 1`, then
`python -m bench.pages new 1`. Each line names the tree it measured.
"""

from __future__ import annotations

import os
import random
import sys
import time

WORDS = [
    "spine",
    "remote",
    "coder",
    "audit",
    "cardiology",
    "inpatient",
    "denials",
    "surgery",
    "emergency",
    "oncology",
    "lumbar",
    "profee",
    "hybrid",
    "CPC",
    "CCS",
    "pathology",
    "radiology",
    "trauma",
    "ortho",
    "billing",
]


def main() -> None:
    label, seed = sys.argv[1], int(sys.argv[2])
    os.environ.update(
        INSTANCE_PATH=os.environ.get("BENCH_DIR", "/tmp/careercenter-bench"),  # noqa: S108
        SEARCH_BACKEND="embedded",
        RATELIMIT_ENABLED="0",
        MAIL_URL="console",
    )
    os.environ.pop("DATABASE_URL", None)
    import careercenter
    from careercenter import create_app

    tree = os.path.dirname(os.path.dirname(careercenter.__file__))

    app = create_app(
        {
            "SECRET_KEY": "benchmark-secret-key-not-for-production-use-0123456789",
            "CODE_METERING": False,
        }
    )
    client = app.test_client()
    rng = random.Random(seed)
    pages = {
        "code page 63030": ["/codes/cpt/63030"] * 300,
        "code page M51.16": ["/codes/icd10cm/M51.16"] * 300,
        "search pages (distinct)": [
            f"/jobs?q={rng.choice(WORDS)}+{rng.choice(WORDS)}&page={rng.randint(1, 3)}"
            for _ in range(150)
        ],
    }
    for name, urls in pages.items():
        client.get(urls[0])
        cpu, wall = time.process_time(), time.perf_counter()
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        count = len(urls)
        print(
            f"| {label} ({tree}) | {name} | {(time.process_time() - cpu) * 1000 / count:.2f} | "
            f"{(time.perf_counter() - wall) * 1000 / count:.2f} |"
        )


if __name__ == "__main__":
    main()
