#!/usr/bin/python3
# check-layers.py: the layers the build promises, checked on the sources
#
# src/README.md describes the layers: the core (src/core/{base,vault,store,
# import,output}, each a static library using only the ones before it),
# the command line (src/cli) and the widgets (src/ui) above it. This test
# fails when:
#   - a file in src/cli or src/ui includes <sqlite3.h>, <openssl/…> or a
#     core header named *-private.h, or calls sqlite3_*, EVP_*, X509_*,
#     sk_X509* or PEM_*;
#   - a public core header (not *-private.h) names an SQLite or OpenSSL
#     type or includes their headers;
#   - a core file includes a header of a layer above its own, or GTK;
#   - two files depend on each other, directly or through others
#     (a cycle of #include "…" between units: review-x.c/.h/-private.h);
# and, so that it can be seen to fail, it plants each kind of violation in
# a copy of the tree and checks that it is caught.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import sys
import tempfile

LAYERS = ['base', 'vault', 'store', 'import', 'output']
FORBIDDEN_INCLUDE = re.compile(r'#\s*include\s*<(sqlite3\.h|sqlcipher/|openssl/)')
FORBIDDEN_CALL = re.compile(r'\b(sqlite3_\w+|EVP_\w+|X509_\w+|sk_X509\w*|PEM_\w+)\s*\(')
FORBIDDEN_TYPE = re.compile(r'\b(sqlite3(_stmt|_context|_value)?|EVP_[A-Z_]+|X509(_[A-Z_]+)?|'
                            r'STACK_OF|BIO|PKCS12|CMS_ContentInfo)\b')
LOCAL_INCLUDE = re.compile(r'#\s*include\s*"([^"]+)"')
GTK_INCLUDE = re.compile(r'#\s*include\s*<(gtk/|adwaita\.h|gdk/)')


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text)


def sources(top):
    for d, _, files in os.walk(top):
        for f in sorted(files):
            if f.endswith(('.c', '.h')):
                yield os.path.join(d, f)


def unit(name):
    return re.sub(r'(-private)?\.[ch]$', '', os.path.basename(name))


def check(src):
    problems = []
    core = os.path.join(src, 'core')
    layer_of = {}        # header basename → layer
    private_headers = set()
    for path in sources(core):
        rel = os.path.relpath(path, core).split(os.sep)
        if len(rel) != 2 or rel[0] not in LAYERS:
            problems.append('%s: not in one of the core layers %s' % (path, LAYERS))
            continue
        layer_of[rel[1]] = rel[0]
        if rel[1].endswith('-private.h'):
            private_headers.add(rel[1])

    # Above the core: no SQLite, no OpenSSL, no private core header.
    for top in ('cli', 'ui'):
        for path in sources(os.path.join(src, top)):
            raw = open(path, encoding='utf-8').read()
            text = strip_comments(raw)
            for m in FORBIDDEN_INCLUDE.finditer(raw):
                problems.append('%s includes <%s>' % (path, m.group(1)))
            for m in LOCAL_INCLUDE.finditer(raw):
                if m.group(1) in private_headers:
                    problems.append('%s includes the core\'s private %s' % (path, m.group(1)))
            for m in FORBIDDEN_CALL.finditer(text):
                problems.append('%s calls %s' % (path, m.group(1)))

    # The core: public headers without SQLite or OpenSSL types; no GTK;
    # includes only of its own layer or those below.
    for path in sources(core):
        rel = os.path.relpath(path, core).split(os.sep)
        if len(rel) != 2 or rel[0] not in LAYERS:
            continue
        layer = LAYERS.index(rel[0])
        raw = open(path, encoding='utf-8').read()
        if GTK_INCLUDE.search(raw):
            problems.append('%s includes GTK' % path)
        if path.endswith('.h') and not path.endswith('-private.h'):
            for m in FORBIDDEN_INCLUDE.finditer(raw):
                problems.append('public %s includes <%s>' % (path, m.group(1)))
            for m in FORBIDDEN_TYPE.finditer(strip_comments(raw)):
                problems.append('public %s names %s' % (path, m.group(1)))
        for m in LOCAL_INCLUDE.finditer(raw):
            other = layer_of.get(m.group(1))
            if other is not None and LAYERS.index(other) > layer:
                problems.append('%s (%s) includes %s of the layer above, %s'
                                % (path, rel[0], m.group(1), other))

    # No cycles between units, anywhere in src.
    units = {}
    for path in sources(src):
        units.setdefault(unit(path), set())
    for path in sources(src):
        for m in LOCAL_INCLUDE.finditer(open(path, encoding='utf-8').read()):
            v = unit(m.group(1))
            if v in units and v != unit(path):
                units[unit(path)].add(v)
    index, low, stack, on, counter = {}, {}, [], set(), [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(units[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                problems.append('files depend on each other: ' + ' ↔ '.join(sorted(comp)))

    sys.setrecursionlimit(10000)
    for v in sorted(units):
        if v not in index:
            strong(v)
    return problems


def plant(src, rel, text, mode='a'):
    """A copy of the tree with @text added to (or written as) @rel."""
    tmp = tempfile.mkdtemp(prefix='check-layers-')
    copy = os.path.join(tmp, 'src')
    shutil.copytree(src, copy)
    path = os.path.join(copy, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, encoding='utf-8') as f:
        f.write(text)
    return tmp, copy


def main():
    src = os.path.join(os.environ.get('REVIEW_SRCDIR', os.path.join(os.path.dirname(__file__), '..')),
                       'src')
    attacks = [
        ('a widget that includes sqlite3.h', 'ui/review-window.c', '\n#include <sqlite3.h>\n',
         'includes <sqlite3.h>'),
        ('the command line including OpenSSL', 'cli/review-cli.c', '\n#include <openssl/evp.h>\n',
         'includes <openssl/'),
        ('a widget calling SQLite', 'ui/review-window.c',
         '\nstatic void f (void) { sqlite3_exec (0, 0, 0, 0, 0); }\n', 'calls sqlite3_exec'),
        ('the command line calling EVP', 'cli/review-cli.c',
         '\nstatic void f (void) { EVP_MD_CTX_new (); }\n', 'calls EVP_MD_CTX_new'),
        ('a widget including a private core header', 'ui/review-window.c',
         '\n#include "review-vault-private.h"\n', 'private review-vault-private.h'),
        ('a public header naming sqlite3', 'core/store/review-store.h',
         '\nsqlite3 *review_store_leak (void);\n', 'names sqlite3'),
        ('a public header naming an OpenSSL type', 'core/output/review-signer.h',
         '\nEVP_PKEY *review_signer_leak (void);\n', 'names EVP_PKEY'),
        ('the vault layer including the store', 'core/vault/review-vault.c',
         '\n#include "review-store.h"\n', 'of the layer above, store'),
        ('the core including GTK', 'core/base/review-text.c', '\n#include <gtk/gtk.h>\n',
         'includes GTK'),
        ('two files including each other', 'core/base/review-text.h',
         '\n#include "review-db-private.h"\n', 'depend on each other'),
    ]
    print('1..%d' % (1 + len(attacks)))
    problems = check(src)
    for p in problems:
        print('# ' + p)
    print('%s 1 - the sources keep their layers' % ('not ok' if problems else 'ok'))
    n = 1
    for name, rel, text, expect in attacks:
        n += 1
        tmp, copy = plant(src, rel, text)
        try:
            found = [p for p in check(copy) if expect in p]
        finally:
            shutil.rmtree(tmp)
        print('%s %d - caught: %s' % ('ok' if found else 'not ok', n, name))
        if not found:
            print('# expected a problem containing: ' + expect)
    return 0


if __name__ == '__main__':
    sys.exit(main())
