#!/usr/bin/env python3
"""Measures news pages read as pictures (docs/benchmarks.md, "Pages as pictures").

Renders N CRUD-RAG dev articles as page images (odd ones in two columns) under WORK (never in the repository), loads them
through the bot (Tesseract, Ocr:* settings as configured), and prints: the seconds per page of the load, the character
accuracy of what OCR read against the source text, and the answer accuracy of the articles' dev questions from the
pages against the same articles as text.

usage: docs/ocr-measure.py [--articles 20] [--work /tmp/ocr-measure] [--crud /work/shared/eval/crud_rag]
needs: a Release build of src/Bot.Console, ImageMagick's convert, fonts-wqy-zenhei, tesseract with chi_sim.
"""
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
import unicodedata

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOT = os.environ.get("B", os.path.join(ROOT, "src/Bot.Console/bin/Release/net10.0/bot"))


def wrap(text, width):
    lines = []
    for i in range(0, len(text), width):
        part = text[i:i + width]
        while lines and part and part[0] in "，。、；：！？）”":
            lines[-1] += part[0]
            part = part[1:]
        if part:
            lines.append(part)
    return lines


def render(path, title, paragraphs, columns):
    """A page: the headline across the top, the body in one or two columns of 26-pixel type."""
    size, gap, width = 26, 38, 1240
    chars = 42 if columns == 1 else 20
    lines = []
    for p in paragraphs:
        lines += wrap("\u3000\u3000" + p, chars)
    args = ["-font", FONT, "-fill", "black"]
    y = 70
    if title:
        for t in wrap(title, 30):
            args += ["-pointsize", "38", "-annotate", f"+60+{y}", t.replace("%", "%%")]
            y += 56
        y += 20
    args += ["-pointsize", str(size)]
    per_column = (len(lines) + columns - 1) // columns
    bottom = y
    for c in range(columns):
        cy = y
        for line in lines[c * per_column:(c + 1) * per_column]:
            # ImageMagick reads "%" in text as an escape.
            args += ["-annotate", f"+{60 + c * 600}+{cy}", line.replace("%", "%%")]
            cy += gap
        bottom = max(bottom, cy)
    subprocess.run(["convert", "-size", f"{width}x{bottom + 40}", "xc:white", *args, "-colorspace", "Gray",
                    "-units", "PixelsPerInch", "-density", "150", "-define", "png:exclude-chunks=date,time", path], check=True)


def normalise(text):
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(eval_output):
    m = re.search(r"accuracy\s+([0-9.]+)", eval_output)
    return m.group(1) if m else "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--work", default="/tmp/ocr-measure")
    parser.add_argument("--crud", default="/work/shared/eval/crud_rag")
    a = parser.parse_args()
    # The OCR cache of an earlier run is kept (pages it holds are not read again; the time is per page read).
    text_dir, page_dir = os.path.join(a.work, "text"), os.path.join(a.work, "pages")
    for d in (text_dir, page_dir, os.path.join(a.work, "index", "articles")):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(text_dir)
    os.makedirs(page_dir)

    corpus = {}
    with open(os.path.join(a.crud, "small_corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            corpus[d["id"]] = d
    questions = [json.loads(l) for l in open(os.path.join(a.crud, "dev_questions.jsonl"), encoding="utf-8")]
    chosen, picked = [], []
    for q in questions:
        doc = corpus.get(q["doc_ids"][0]) if q.get("doc_ids") else None
        if doc is None or not 300 <= len(doc["text"]) <= 1100:
            continue
        if doc["id"] not in chosen:
            if len(chosen) >= a.articles:
                continue
            chosen.append(doc["id"])
        # The question is answerable from its first linked article alone.
        if any(normalise(ans) in normalise(doc["text"]) for ans in q["answers"]):
            picked.append(q)
    with open(os.path.join(a.work, "questions.jsonl"), "w", encoding="utf-8") as f:
        for q in picked:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")

    sources = {}
    for n, doc_id in enumerate(chosen):
        doc = corpus[doc_id]
        name = f"a{n:02d}"
        paragraphs = [p.strip() for p in doc["text"].split("\n") if p.strip()]
        with open(os.path.join(text_dir, name + ".txt"), "w", encoding="utf-8") as f:
            f.write((doc["title"] + "\n\n" if doc["title"] else "") + "\n".join(paragraphs) + "\n")
        page = os.path.join(page_dir, name + ".png")
        render(page, doc["title"], paragraphs, 2 if n % 2 else 1)
        with open(page, "rb") as f:
            sources[hashlib.sha256(f.read()).hexdigest().upper()] = (name, doc["title"] + "".join(paragraphs), n % 2 + 1)

    index = os.path.join(a.work, "index")
    cached = len(glob.glob(os.path.join(index, "ocr", "*.ocr.json")))
    started = time.monotonic()
    subprocess.run([BOT, "sources", "--knowledge", page_dir, "--index", index], check=True, stdout=subprocess.DEVNULL)
    pages_seconds = time.monotonic() - started
    newly_read = len(glob.glob(os.path.join(index, "ocr", "*.ocr.json"))) - cached
    started = time.monotonic()
    subprocess.run([BOT, "sources", "--knowledge", text_dir, "--index", "memory"], check=True, stdout=subprocess.DEVNULL)
    text_seconds = time.monotonic() - started

    total_chars = total_errors = 0
    by_columns = {1: [0, 0], 2: [0, 0]}
    for entry in glob.glob(os.path.join(index, "ocr", "*.ocr.json")):
        digest = os.path.basename(entry).split("-")[0]
        if digest not in sources:
            continue
        name, source, columns = sources[digest]
        read = "".join(line["Text"] for line in json.load(open(entry, encoding="utf-8")))
        errors = distance(normalise(source), normalise(read))
        total_chars += len(normalise(source))
        total_errors += errors
        by_columns[columns][0] += len(normalise(source))
        by_columns[columns][1] += errors
        print(f"{name} ({columns} col): {1 - errors / len(normalise(source)):.3f} of {len(normalise(source))} characters")

    eval_pages = subprocess.run([BOT, "eval", os.path.join(a.work, "questions.jsonl"), "--knowledge", page_dir, "--index", index],
                                check=True, capture_output=True, text=True).stdout
    eval_text = subprocess.run([BOT, "eval", os.path.join(a.work, "questions.jsonl"), "--knowledge", text_dir, "--index", "memory"],
                               check=True, capture_output=True, text=True).stdout
    print(f"articles {len(chosen)}, pages {len(sources)}, questions {len(picked)}")
    print(f"load of the pages ({newly_read} read by OCR, the others from the cache) {pages_seconds:.1f} s, of the same articles as text "
          f"{text_seconds:.1f} s: {(pages_seconds - text_seconds) / max(1, newly_read):.2f} s a page read")
    print(f"character accuracy {1 - total_errors / total_chars:.3f} over {total_chars} characters "
          f"(one column {1 - by_columns[1][1] / max(1, by_columns[1][0]):.3f}, two columns {1 - by_columns[2][1] / max(1, by_columns[2][0]):.3f})")
    print(f"answer accuracy from the pages {accuracy(eval_pages)}, from the text {accuracy(eval_text)}")
    with open(os.path.join(a.work, "eval-pages.txt"), "w", encoding="utf-8") as f:
        f.write(eval_pages)
    with open(os.path.join(a.work, "eval-text.txt"), "w", encoding="utf-8") as f:
        f.write(eval_text)


if __name__ == "__main__":
    main()
