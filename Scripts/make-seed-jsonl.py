#!/usr/bin/env python3
"""Write Corpora/dprk-ukraine-2024.jsonl: the bundled corpus's five text files as JSON Lines,
with each article's outlet, date, title and URL where known (see Corpora/README.md for where
each value comes from).

`text` is the file's exact content (decoded as UTF-8, nothing stripped), so byte offsets into a
JSON Lines document are offsets into its .txt file; `id` is the file name, as the directory
reader gives it. A field that is not known is left out. Re-run after editing the table below:

  python3 Scripts/make-seed-jsonl.py            # writes the file
  python3 Scripts/make-seed-jsonl.py --check    # exit 1 if the file differs from what it would write
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Corpora" / "dprk-ukraine-2024"
OUT = ROOT / "Corpora" / "dprk-ukraine-2024.jsonl"

# file prefix -> metadata (None: unknown, left out).
METADATA = {
    "000": {"source": "The Moscow Times", "date": "2024-10-10",
            "url": "https://www.themoscowtimes.com/2024/10/10/kremlin-rejects-fake-report-north-koreans-fighting-in-ukraine-a86645",
            "title": "Kremlin Rejects ‘Fake’ Report North Koreans Fighting in Ukraine"},
    "001": {"source": "The Kyiv Independent", "date": "2024-10-10",
            "url": "https://kyivindependent.com/russia-denies-north-korean-soldiers-are-fighting-in-ukraine-as-evidence-mounts/",
            "title": "Despite mounting evidence, Russia denies North Korean soldiers are fighting in Ukraine"},
    # No outlet name in the text: the outlet is the URL's host.
    "002": {"source": None, "date": "2024-10-15",
            "url": "https://manilapr.com/hot-news/us-expresses-concern-over-reports-of-north-korean-soldiers-fighting-in-ukraine/",
            "title": "US Expresses Concern Over Reports of North Korean Soldiers Fighting in Ukraine"},
    "003": {"source": "Washington Examiner", "date": "2024-10-16", "url": None,
            "title": "Ukraine claims North Korean soldiers being sent en masse to fight for Russia"},
    "004": {"source": "The Kyiv Independent", "date": "2024-10-08",
            "url": "https://kyivindependent.com/north-korea-likely-sending-soldiers-to-ukraine-to-aid-russia-seoul-says/",
            "title": "North Korea likely sending soldiers to Ukraine to aid Russia, Seoul says"},
}


def render():
    lines = []
    for path in sorted(CORPUS.glob("*.txt")):
        meta = METADATA.get(path.name[:3], {})
        record = {"id": path.name, "text": path.read_bytes().decode("utf-8")}
        for key in ("source", "date", "url", "title"):
            if meta.get(key) is not None:
                record[key] = meta[key]
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def main():
    data = render()
    if "--check" in sys.argv[1:]:
        same = OUT.exists() and OUT.read_bytes() == data
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'differs from the table and the .txt files'}")
        sys.exit(0 if same else 1)
    tmp = OUT.with_suffix(".jsonl.tmp")
    tmp.write_bytes(data)
    tmp.replace(OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
