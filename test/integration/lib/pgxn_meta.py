#!/usr/bin/env python3
"""Validate a META.json against the PGXN Meta Spec v1.0.0
(https://pgxn.org/meta/spec.txt), offline, with the standard library only.

Checks what the spec says of each field: the required fields (name,
abstract, maintainer, version, license, provides, meta-spec) and their
types; the optional ones (description, generated_by, tags, no_index,
prereqs, release_status, resources) when present; semantic versions where
the spec wants one; the license strings the spec lists; provides entries
with file and version; prereq phases, relations and version ranges; no
field outside the spec unless it starts with "x_" or "X_" (the spec's
custom keys).  Extra project checks (META.json against the control file and
the tree) come from the caller through --control and --root.

Prints every violation as "META.json: PATH: what is wrong" and exits 1 if
there are any, 0 otherwise.
"""
import json
import os
import re
import sys

SEMVER = re.compile(r'^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)'
                    r'(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$')
RANGE_PART = re.compile(r'^\s*(==|!=|>=|<=|>|<)?\s*(\S+)\s*$')
LICENSES = {
    'agpl_3', 'apache_1_1', 'apache_2_0', 'artistic_1', 'artistic_2', 'bsd',
    'freebsd', 'gfdl_1_2', 'gfdl_1_3', 'gpl_1', 'gpl_2', 'gpl_3', 'lgpl_2_1',
    'lgpl_3_0', 'mit', 'mozilla_1_0', 'mozilla_1_1', 'openssl', 'perl_5',
    'postgresql', 'qpl_1_0', 'ssleay', 'sun', 'zlib', 'open_source',
    'restricted', 'unrestricted', 'unknown',
}
PHASES = {'configure', 'build', 'test', 'runtime', 'develop'}
RELATIONS = {'requires', 'recommends', 'suggests', 'conflicts'}
TOP_FIELDS = {
    'name', 'abstract', 'maintainer', 'version', 'license', 'provides',
    'meta-spec', 'description', 'generated_by', 'tags', 'no_index',
    'prereqs', 'release_status', 'resources',
}
REQUIRED = ['name', 'abstract', 'maintainer', 'version', 'license',
            'provides', 'meta-spec']

errors = []


def err(path, what):
    errors.append('META.json: %s: %s' % (path, what))


def custom(key):
    return key.startswith('x_') or key.startswith('X_')


def is_str(v):
    return isinstance(v, str) and v.strip() != ''


def check_keys(obj, path, allowed):
    for k in obj:
        if k not in allowed and not custom(k):
            err('%s.%s' % (path, k), 'not a field of the spec (custom keys start with x_)')


def check_semver(v, path):
    if not isinstance(v, str) or not SEMVER.match(v):
        err(path, 'must be a semantic version string X.Y.Z, found %r' % (v,))


def check_range(v, path):
    # a version range: 0 (any), a version, or comma-separated op-version parts
    if v == 0 or v == '0':
        return
    if not isinstance(v, str):
        err(path, 'a version range must be a string or 0, found %r' % (v,))
        return
    for part in v.split(','):
        m = RANGE_PART.match(part)
        if not m or not SEMVER.match(m.group(2)):
            err(path, 'not a version range: %r' % (v,))
            return


def check_uri(v, path):
    if not isinstance(v, str) or not re.match(r'^[A-Za-z][A-Za-z0-9+.-]*:\S+$', v):
        err(path, 'must be a URI, found %r' % (v,))


def validate(meta):
    if not isinstance(meta, dict):
        err('(top)', 'must be a JSON object')
        return
    for f in REQUIRED:
        if f not in meta:
            err(f, 'required field missing')
    check_keys(meta, '(top)', TOP_FIELDS)

    if 'name' in meta:
        n = meta['name']
        if not isinstance(n, str) or len(n) < 2 or re.search(r'[/\\\s\x00-\x1f]', n):
            err('name', 'must be a string of 2 or more characters without /, \\, spaces or control characters')
    for f in ('abstract', 'description', 'generated_by'):
        if f in meta and not is_str(meta[f]):
            err(f, 'must be a non-empty string')
    if 'version' in meta:
        check_semver(meta['version'], 'version')

    if 'maintainer' in meta:
        m = meta['maintainer']
        if isinstance(m, list):
            if not m or not all(is_str(x) for x in m):
                err('maintainer', 'must be a string or a non-empty array of strings')
        elif not is_str(m):
            err('maintainer', 'must be a string or a non-empty array of strings')

    if 'license' in meta:
        lic = meta['license']
        if isinstance(lic, str):
            if lic not in LICENSES:
                err('license', 'unknown license string %r (see the spec\'s list)' % lic)
        elif isinstance(lic, list):
            if not lic:
                err('license', 'an array of licenses must not be empty')
            for i, x in enumerate(lic):
                if not isinstance(x, str) or x not in LICENSES:
                    err('license[%d]' % i, 'unknown license string %r' % (x,))
        elif isinstance(lic, dict):
            if not lic:
                err('license', 'an object of licenses must not be empty')
            for k, v in lic.items():
                if not is_str(k):
                    err('license', 'a license name must be a non-empty string')
                check_uri(v, 'license.%s' % k)
        else:
            err('license', 'must be a string, an array of strings or an object of name: URI')

    if 'provides' in meta:
        p = meta['provides']
        if not isinstance(p, dict) or not p:
            err('provides', 'must be a non-empty object of extension: {file, version}')
        else:
            for ext, d in p.items():
                path = 'provides.%s' % ext
                if not isinstance(d, dict):
                    err(path, 'must be an object')
                    continue
                check_keys(d, path, {'file', 'version', 'abstract', 'docfile'})
                for f in ('file', 'version'):
                    if f not in d:
                        err('%s.%s' % (path, f), 'required field missing')
                if 'file' in d and not is_str(d['file']):
                    err(path + '.file', 'must be a non-empty string (a path)')
                if 'version' in d:
                    check_semver(d['version'], path + '.version')
                for f in ('abstract', 'docfile'):
                    if f in d and not is_str(d[f]):
                        err('%s.%s' % (path, f), 'must be a non-empty string')

    if 'meta-spec' in meta:
        ms = meta['meta-spec']
        if not isinstance(ms, dict) or 'version' not in ms:
            err('meta-spec', 'must be an object with a version')
        else:
            check_keys(ms, 'meta-spec', {'version', 'url'})
            if ms['version'] != '1.0.0':
                err('meta-spec.version', 'this validator knows spec 1.0.0, found %r' % (ms['version'],))
            if 'url' in ms:
                check_uri(ms['url'], 'meta-spec.url')

    if 'tags' in meta:
        t = meta['tags']
        if not isinstance(t, list) or not all(isinstance(x, str) and 0 < len(x) <= 255 for x in t):
            err('tags', 'must be an array of strings of 1 to 255 characters')

    if 'no_index' in meta:
        ni = meta['no_index']
        if not isinstance(ni, dict):
            err('no_index', 'must be an object with file and/or directory arrays')
        else:
            check_keys(ni, 'no_index', {'file', 'directory'})
            for k in ('file', 'directory'):
                v = ni.get(k, [])
                if isinstance(v, str):
                    v = [v]
                if not isinstance(v, list) or not all(is_str(x) for x in v):
                    err('no_index.' + k, 'must be a string or an array of strings')

    if 'prereqs' in meta:
        pr = meta['prereqs']
        if not isinstance(pr, dict):
            err('prereqs', 'must be an object of phases')
        else:
            for phase, rels in pr.items():
                if phase not in PHASES and not custom(phase):
                    err('prereqs.' + phase, 'not a phase (configure, build, test, runtime, develop)')
                    continue
                if not isinstance(rels, dict):
                    err('prereqs.' + phase, 'must be an object of relations')
                    continue
                for rel, deps in rels.items():
                    path = 'prereqs.%s.%s' % (phase, rel)
                    if rel not in RELATIONS and not custom(rel):
                        err(path, 'not a relation (requires, recommends, suggests, conflicts)')
                        continue
                    if not isinstance(deps, dict):
                        err(path, 'must be an object of name: version range')
                        continue
                    for name, rng in deps.items():
                        check_range(rng, '%s.%s' % (path, name))

    if 'release_status' in meta and meta['release_status'] not in ('stable', 'testing', 'unstable'):
        err('release_status', 'must be stable, testing or unstable')

    if 'resources' in meta:
        r = meta['resources']
        if not isinstance(r, dict):
            err('resources', 'must be an object')
        else:
            check_keys(r, 'resources', {'homepage', 'bugtracker', 'repository'})
            if 'homepage' in r:
                check_uri(r['homepage'], 'resources.homepage')
            for k, allowed in (('bugtracker', {'web', 'mailto'}),
                               ('repository', {'url', 'web', 'type'})):
                if k not in r:
                    continue
                if not isinstance(r[k], dict) or not r[k]:
                    err('resources.' + k, 'must be a non-empty object')
                    continue
                check_keys(r[k], 'resources.' + k, allowed)
                for f, v in r[k].items():
                    if f == 'mailto':
                        if not isinstance(v, str) or not re.match(r'^[^@\s]+@[^@\s]+$', v):
                            err('resources.%s.mailto' % k, 'must be an e-mail address')
                    elif f in ('web', 'url'):
                        check_uri(v, 'resources.%s.%s' % (k, f))
                    elif f == 'type' and not is_str(v):
                        err('resources.repository.type', 'must be a non-empty string')


def project_checks(meta, control, root):
    # The distribution's version is the control file's default_version, and
    # each provided extension's file is the install script of that version.
    with open(control) as fh:
        m = re.search(r"^default_version\s*=\s*'([^']*)'", fh.read(), re.M)
    current = m.group(1) if m else None
    if meta.get('version') != current:
        err('version', '%r differs from the control file\'s default_version %r' % (meta.get('version'), current))
    for ext, d in (meta.get('provides') or {}).items():
        if not isinstance(d, dict):
            continue
        if d.get('version') != current:
            err('provides.%s.version' % ext, '%r differs from default_version %r' % (d.get('version'), current))
        if d.get('file') != '%s--%s.sql' % (ext, current):
            err('provides.%s.file' % ext, 'must be the install script %s--%s.sql' % (ext, current))
        doc = d.get('docfile')
        if doc and not os.path.exists(os.path.join(root, doc)):
            err('provides.%s.docfile' % ext, '%s is not in the tree' % doc)


def main(argv):
    args = list(argv[1:])
    control = root = None
    if '--control' in args:
        i = args.index('--control')
        control = args[i + 1]
        del args[i:i + 2]
    if '--root' in args:
        i = args.index('--root')
        root = args[i + 1]
        del args[i:i + 2]
    path = args[0] if args else 'META.json'
    try:
        with open(path) as fh:
            meta = json.load(fh)
    except (OSError, ValueError) as e:
        print('META.json: not readable JSON: %s' % e)
        return 1
    validate(meta)
    if control and isinstance(meta, dict):
        project_checks(meta, control, root or os.path.dirname(os.path.abspath(path)))
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
