"""Copies an Aether Review snapshot and repeats its providers (with their endpoints, keys and
models) until it holds N providers: a list as long as a large gateway's, without its traffic.

usage: thousand.py SOURCE.db OUT.db N
"""
import sqlite3
import sys

source, out, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
dst = sqlite3.connect(out)
src.backup(dst)
src.close()

originals = [r[0] for r in dst.execute("SELECT id FROM providers ORDER BY id")]
tables = [t for t in ("providers", "provider_endpoints", "provider_api_keys", "models")
          if dst.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (t,)).fetchone()]
count = len(originals)
copy = 0
while count < wanted:
    copy += 1
    chosen = originals[: wanted - count]
    marks = ",".join("?" * len(chosen))
    suffix = f"-copy{copy}"
    for table in tables:
        cols = [r[1] for r in dst.execute(f"PRAGMA table_info({table})")]
        renamed = {c for c in cols if c in ("id", "provider_id", "endpoint_id") or (table == "providers" and c == "name")}
        exprs = [f"{c} || ?" if c in renamed else c for c in cols]
        if table == "providers":
            where = f"id IN ({marks})"
        elif "provider_id" in cols:
            where = f"provider_id IN ({marks})"
        else:
            where = f"endpoint_id IN (SELECT id FROM provider_endpoints WHERE provider_id IN ({marks}))"
        sql = f"INSERT INTO {table} ({','.join(cols)}) SELECT {','.join(exprs)} FROM {table} WHERE {where}"
        dst.execute(sql, [suffix] * len(renamed) + chosen)
    count += len(chosen)
dst.commit()
dst.close()
print(count)
