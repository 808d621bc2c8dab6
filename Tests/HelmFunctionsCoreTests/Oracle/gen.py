import json, subprocess, sys, re
class L(list):
    def __init__(self, *a): super().__init__(a)
class S(list):
    def __init__(self, *a): super().__init__(a)
class D(dict): pass          # map
class F(float): pass         # float64
NIL = None
def golit(s):
    out = '"'
    for ch in s:
        o = ord(ch)
        if ch == '"': out += '\\"'
        elif ch == '\\': out += '\\\\'
        elif o < 32 or o == 127 or 0x80 <= o < 0xa0 or ch in '\u2028\u2029\ufeff': out += '\\u%04x' % o if o < 0x10000 else '\\U%08x' % o
        else: out += ch
    return out + '"'

def tmpl(v):
    if v is None: return 'nil'
    if isinstance(v, bool): return 'true' if v else 'false'
    if isinstance(v, F) or isinstance(v, float):
        r = repr(float(v))
        return r
    if isinstance(v, int): return str(v)
    if isinstance(v, str): return golit(v)
    if isinstance(v, S): return '(list %s | toStrings)' % ' '.join(tmpl(x) for x in v)
    if isinstance(v, L): return '(list %s)' % ' '.join(tmpl(x) for x in v)
    if isinstance(v, D): return '(dict %s)' % ' '.join('%s %s' % (json.dumps(k), tmpl(x)) for k, x in v.items())
    raise Exception(v)
def swift(v):
    if v is None: return '.null'
    if isinstance(v, bool): return '.bool(%s)' % ('true' if v else 'false')
    if isinstance(v, F) or isinstance(v, float): return '.float(%s)' % repr(float(v))
    if isinstance(v, int): return '.int(%d)' % v
    if isinstance(v, str): return '.string(%s)' % swstr(v)
    if isinstance(v, S): return '.strings([%s])' % ', '.join(swstr(x) for x in v)
    if isinstance(v, L): return '.list([%s])' % ', '.join(swift(x) for x in v)
    if isinstance(v, D): return '.map([%s])' % (', '.join('%s: %s' % (swstr(k), swift(x)) for k, x in v.items()) or ':')
    raise Exception(v)
def swstr(s):
    out = '"'
    for ch in s:
        if ch == '"': out += '\\"'
        elif ch == '\\': out += '\\\\'
        elif ch == '\n': out += '\\n'
        elif ch == '\t': out += '\\t'
        elif ch == '\r': out += '\\r'
        elif ord(ch) < 32 or ord(ch) == 127: out += '\\u{%x}' % ord(ch)
        else: out += ch
    return out + '"'

def goq(q):
    assert q[0] == '"' and q[-1] == '"'
    q = q[1:-1]; out = bytearray(); i = 0
    simple = {'a': 7, 'b': 8, 'f': 12, 'n': 10, 'r': 13, 't': 9, 'v': 11, '\\': 92, '"': 34, "'": 39}
    while i < len(q):
        ch = q[i]
        if ch != '\\':
            out += ch.encode(); i += 1; continue
        e = q[i+1]
        if e in simple: out.append(simple[e]); i += 2
        elif e == 'x': out.append(int(q[i+2:i+4], 16)); i += 4
        elif e == 'u': out += chr(int(q[i+2:i+6], 16)).encode(); i += 6
        elif e == 'U': out += chr(int(q[i+2:i+10], 16)).encode(); i += 10
        else: out.append(int(q[i+1:i+4], 8)); i += 4
    return out.decode('utf-8', 'replace')

def run_oracle(exprs):
    import os, tempfile
    results = {}
    pending = list(range(len(exprs)))
    d = tempfile.mkdtemp()
    os.makedirs(d + '/templates')
    open(d + '/Chart.yaml', 'w').write('apiVersion: v2\nname: t\nversion: 0.1.0\n')
    while pending:
        lines = ['# R%d: {{ $v := (%s) }}{{ printf "%%T" $v | printf "%%q" }} {{ toString $v | printf "%%q" }}' % (i, exprs[i]) for i in pending]
        open(d + '/templates/t.yaml', 'w').write('\n'.join(lines) + '\n')
        p = subprocess.run(['/opt/helm-oracle/bin/python', '/work/shared/tools/helm-template.py', d], capture_output=True, text=True)
        if p.returncode == 0:
            for line in p.stdout.splitlines():
                m = re.match(r'# R(\d+): (".*?(?<!\\)") (".*")$', line)
                if m:
                    results[int(m.group(1))] = {'type': goq(m.group(2)), 'value': goq(m.group(3))}
            for i in pending:
                if i not in results: results[i] = {'error': 'UNPARSED'}
            break
        err = p.stderr + p.stdout
        m = re.search(r't\.yaml:(\d+):', err)
        if not m:
            for i in pending: results[i] = {'error': err.strip()}
            break
        i = pending[int(m.group(1)) - 1]
        results[i] = {'error': err.strip()}
        pending.remove(i)
    return [results[i] for i in range(len(exprs))]

def generate(cases, out_path, struct_name):
    exprs = []
    for c in cases:
        name, args = c[0], c[1]
        exprs.append(name + ''.join(' ' + tmpl(a) for a in args))
    res = run_oracle(exprs)
    lines = []
    for c, e, r in zip(cases, exprs, res):
        name, args = c[0], c[1]
        sargs = '[' + ', '.join(swift(a) for a in args) + ']'
        if 'error' in r:
            m = re.search(r'error calling %s: (.*)' % re.escape(name), r['error'], re.S)
            if not m:
                m = re.search(r'execution error at \([^)]*\): (.*)', r['error'], re.S)
            if not m:
                print('SKIP (non-call error):', e, '=>', r['error'].replace('\n', ' ')[:200], file=sys.stderr)
                continue
            msg = m.group(1).strip()
            lines.append('        OracleCase(%s, %s, error: %s),  // %s' % (swstr(name), sargs, swstr(msg), e.replace('\n', ' ')))
        else:
            lines.append('        OracleCase(%s, %s, type: %s, printed: %s),' % (swstr(name), sargs, swstr(r['type']), swstr(r['value'])))
    src = '''// Generated from Helm v4 (`helm template`) output for each call; see OracleCase.
@testable import HelmFunctions
import GoTemplate

extension OracleCase {
    static let %s: [OracleCase] = [
%s
    ]
}
''' % (struct_name, '\n'.join(lines))
    open(out_path, 'w').write(src)
    print('wrote', len(lines), 'cases to', out_path)
