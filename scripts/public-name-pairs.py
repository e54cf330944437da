#!/usr/bin/env python3
"""Labelled name pairs from public sanctions lists, for bench/names_quality.sql.

Nobody at trade_screen wrote these pairs: the lists' publishers did.
  positives: a listed organisation's name and one of its own aliases
             ("a.k.a." on the list: translations, transliterations,
             abbreviations, trading names);
  negatives: two different listed organisations whose names share a word
             of four letters or more (the hard case for a screener: a
             shared place, generic or brand word), and, one in eight, a
             listed organisation against a listed person sharing a word
             (a person against a firm).
Inputs (public domain / UN data, see test/data/SOURCES.md):
  OFAC SDN legacy CSV files sdn.csv and alt.csv (US government works), and
  the UN Security Council consolidated list XML.
Choices are made by hashes of the names, never by looking at a score, so
the file is the same on every run.  Each pair goes to the development part
or the test part by the first 8 hex digits of md5(a + TAB + b): below 0.3
of 2^32 is "test" (never used to tune anything), the rest "dev".

usage: public-name-pairs.py SDN_CSV ALT_CSV UN_XML > test/data/public_name_pairs.csv
"""
import csv
import hashlib
import re
import sys
import xml.etree.ElementTree as ET

MAX_ALIASES = 3         # positives per organisation
PERSON_SHARE = 8        # one negative in this many is a person


def h(*parts):
    return int(hashlib.md5("\t".join(parts).encode()).hexdigest()[:8], 16)


def part(a, b):
    return "test" if h(a, b) < 0.3 * 2 ** 32 else "dev"


def words(name):
    return {w for w in re.findall(r"\w+", name.lower()) if len(w) >= 4 and not w.isdigit()}


def clean(s):
    return re.sub(r"\s+", " ", (s or "").strip())


def read_ofac(sdn_path, alt_path):
    orgs, persons = {}, {}
    with open(sdn_path, encoding="utf-8", errors="replace") as f:
        for r in csv.reader(f):
            if len(r) < 3:
                continue
            kind = r[2].strip()
            name = clean(r[1])
            if kind == "-0-":
                orgs[r[0]] = [name]
            elif kind == "individual":
                persons[r[0]] = name
    with open(alt_path, encoding="utf-8", errors="replace") as f:
        for r in csv.reader(f):
            if len(r) >= 4 and r[0] in orgs and r[2].strip() == "aka":
                orgs[r[0]].append(clean(r[3]))
    return orgs, persons


def read_un(path):
    root = ET.parse(path).getroot()
    orgs, persons = {}, {}
    for e in root.iter("ENTITY"):
        names = [clean(e.findtext("FIRST_NAME"))]
        for a in e.findall("ENTITY_ALIAS"):
            n = clean(a.findtext("ALIAS_NAME"))
            if n and (a.findtext("QUALITY") or "").strip().lower() in ("a.k.a.", "good", ""):
                names.append(n)
        orgs["un" + e.findtext("DATAID")] = names
    for p in root.iter("INDIVIDUAL"):
        n = " ".join(clean(p.findtext(t)) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")
                     if clean(p.findtext(t)))
        persons["un" + p.findtext("DATAID")] = n
    return orgs, persons


def pairs(source, orgs, persons, out, seen):
    by_word = {}
    for k, names in orgs.items():
        for w in words(names[0]):
            by_word.setdefault(w, []).append(k)
    person_by_word = {}
    for k, n in persons.items():
        for w in words(n):
            person_by_word.setdefault(w, []).append(k)

    def emit(a, b, same, kind):
        key = (a.casefold(), b.casefold())
        if a.casefold() == b.casefold() or key in seen or (key[1], key[0]) in seen:
            return
        seen.add(key)
        out.writerow([a, b, same, kind, source, part(a, b)])

    for k in sorted(orgs):
        names = orgs[k]
        primary = names[0]
        aliases = sorted(set(names[1:]), key=lambda n: h(primary, n))[:MAX_ALIASES]
        for a in aliases:
            emit(primary, a, 1, "alias")
        # as many negatives as positives (at least one)
        for i in range(max(1, len(aliases))):
            ws = sorted(words(primary), key=lambda w: h(primary, w, str(i)))
            if not ws:
                break
            w = ws[0]
            if h(primary, "person", str(i)) % PERSON_SHARE == 0 and person_by_word.get(w):
                cands = person_by_word[w]
                other = persons[min(cands, key=lambda c: h(primary, c))]
                emit(primary, other, 0, "person")
                continue
            cands = [c for c in by_word.get(w, []) if c != k]
            if not cands:
                continue
            c = min(cands, key=lambda c: h(primary, c, str(i)))
            onames = orgs[c]
            other = onames[h(primary, c) % len(onames)]
            emit(primary, other, 0, "shares_word")


def main():
    sdn, alt, un = sys.argv[1:4]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["a", "b", "same", "kind", "source", "part"])
    seen = set()
    pairs("ofac_sdn", *read_ofac(sdn, alt), out, seen)
    pairs("un_sc", *read_un(un), out, seen)


if __name__ == "__main__":
    main()
