#!/usr/bin/env python3
"""Makes a question set scoped in time from CRUD-RAG dev questions (docs/benchmarks.md, "Questions scoped in time").

Each question whose first linked article has a date is asked twice, the day after that date:
  - scoped by the right day ("8月16日的报道中，<question>"): the gold answers stand;
  - scoped by a day 30 days earlier: no answers, the right reply is to decline (nothing in range).
Usage: python3 docs/dated-questions.py dev_questions.jsonl small_corpus.jsonl N > /tmp/dated.jsonl
"""
import datetime
import json
import sys

questions, corpus, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
dates = {}
with open(corpus, encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        # Full dates only: "07-21 10:20" names no year.
        try:
            dates[d["id"]] = datetime.date.fromisoformat(d.get("date", "")[:10].replace("/", "-"))
        except ValueError:
            pass

made = 0
with open(questions, encoding="utf-8") as f:
    for line in f:
        q = json.loads(line)
        if made >= limit or not q.get("question") or not q.get("doc_ids") or q["doc_ids"][0] not in dates:
            continue
        day = dates[q["doc_ids"][0]]
        wrong = day - datetime.timedelta(days=30)
        now = (day + datetime.timedelta(days=1)).isoformat() + "T09:00"
        base = q["question"]
        print(json.dumps({"id": q["id"] + "-in", "question": f"{day.month}月{day.day}日的报道中，{base}",
                          "answers": q["answers"], "doc_ids": q["doc_ids"], "now": now}, ensure_ascii=False))
        print(json.dumps({"id": q["id"] + "-out", "question": f"{wrong.month}月{wrong.day}日的报道中，{base}",
                          "answers": [], "now": now}, ensure_ascii=False))
        made += 1
