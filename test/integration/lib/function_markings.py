#!/usr/bin/env python3
"""Every CREATE FUNCTION statement of the extension's SQL parts says whether
the function is parallel safe (PARALLEL SAFE, RESTRICTED or UNSAFE: the
catalog cannot tell an explicit UNSAFE from a forgotten marking) and has a
COMMENT ON FUNCTION of the same name in the same file.

    function_markings.py FILE...    prints each statement at fault, exits 1
"""
import re
import sys


def statements(text):
    """The statements of an SQL file, outside comments, quotes and dollar quotes."""
    out, start, i, tag = [], 0, 0, None
    while i < len(text):
        if tag is None and text.startswith('--', i):
            j = text.find('\n', i)
            i = len(text) if j < 0 else j
            continue
        if tag is None and text[i] == "'":
            j = i + 1
            while True:
                j = text.find("'", j)
                if j < 0 or not text.startswith("''", j):
                    break
                j += 2
            i = len(text) if j < 0 else j + 1
            continue
        if text[i] == '$':
            m = re.match(r'\$(\w*)\$', text[i:])
            if m:
                if tag is None:
                    tag = m.group(0)
                elif tag == m.group(0):
                    tag = None
                i += len(m.group(0))
                continue
        if tag is None and text[i] == ';':
            out.append(text[start:i])
            start = i + 1
        i += 1
    return out


def check(path):
    text = open(path, encoding='utf-8').read()
    faults, n = [], 0
    for st in statements(text):
        st = re.sub(r'--[^\n]*', '', st).strip()
        m = re.match(r'CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:@extschema@\.)?(\w+)', st, re.I)
        if not m:
            continue
        n += 1
        name = m.group(1)
        head = re.sub(r'\$(\w*)\$.*?\$\1\$', '', st, flags=re.S)   # without the body
        if not re.search(r'\bPARALLEL\s+(SAFE|RESTRICTED|UNSAFE)\b', head, re.I):
            faults.append(f'{path}: function {name} does not say whether it is parallel safe')
        if not re.search(r'COMMENT\s+ON\s+FUNCTION\s+(?:@extschema@\.)?' + name + r'\s*\(', text, re.I):
            faults.append(f'{path}: function {name} has no COMMENT ON FUNCTION')
    return n, faults


def main(paths):
    total, faults = 0, []
    for p in paths:
        n, f = check(p)
        total += n
        faults += f
    for f in faults:
        print(f)
    print(f'{total} CREATE FUNCTION statements in {len(paths)} files, {len(faults)} faults')
    return 1 if faults or total == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
