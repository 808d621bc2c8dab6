#!/opt/helm-oracle/bin/python
"""Regenerates toml-cases.json: Helm v4's `fromToml` of each input, shown via toJson.
Run: /opt/helm-oracle/bin/python Tests/GoYAMLTests/Fixtures/generate_toml.py"""
import base64, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = [
    'a = 1\nb = 1.5\nc = "x"\nd = [1, 2]\n[e]\nf = true\n',
    'title = "TOML"\n\n[owner]\nname = "Tom"\ndob = 1979-05-27T07:32:00-08:00\n\n[database]\nports = [ 8000, 8001, 8002 ]\nenabled = true\n',
    '[[products]]\nname = "Hammer"\nsku = 738594937\n\n[[products]]\n\n[[products]]\nname = "Nail"\ncolor = "gray"\n',
    'a.b.c = 1\na.d = 2\n"quoted key" = 3\n\'lit\' = 4\n',
    'int1 = +99\nint2 = 0\nint3 = -17\nint4 = 1_000\nhex = 0xDEADBEEF\noct = 0o755\nbin = 0b1101\n',
    'f1 = +1.0\nf2 = 3.1415\nf3 = -0.01\nf4 = 5e+22\nf5 = 1e06\nf6 = -2E-2\nf7 = 6.626e-34\nf8 = 224_617.445_991\n',
    's1 = "tab\\there \\u00e9 \\U0001F600 \\"q\\""\ns2 = \'C:\\path\'\ns3 = """\nline1\nline2"""\ns4 = \'\'\'\nraw\\n\'\'\'\ns5 = """a \\\n    b"""\n',
    'inline = { x = 1, y = { z = "w" } }\narr = [ { a = 1 }, { b = 2 } ]\nnested = [[1, 2], ["a"]]\nempty = []\nmixed = [\n  1, # comment\n  2,\n]\n',
    'ld = 1979-05-27\nlt = 07:32:00\nldt = 1979-05-27T07:32:00.999\nodt = 1979-05-27 07:32:00Z\n',
    '# only a comment\n',
    '',
    '[a.b]\nc = 1\n[a]\nd = 2\n',
]
ERRORS = ['a = \n', 'a = 1\na = 2\n', '[a]\n[a]\n', 'a = "x\n', 'a = 1 b = 2\n', '= 1\n', 'a = tru\n', 'a = [1, 2\n']

def main():
    d = tempfile.mkdtemp()
    try:
        os.makedirs(d + "/templates")
        os.makedirs(d + "/cases")
        open(d + "/Chart.yaml", "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        lines = []
        for i, text in enumerate(INPUTS + ERRORS):
            open(d + "/cases/%d.toml" % i, "w").write(text)
            lines.append('# %d_M {{ fromToml (.Files.Get "cases/%d.toml") | toJson | b64enc }}' % (i, i))
        open(d + "/templates/t.yaml", "w").write("\n".join(lines) + "\n")
        r = subprocess.run([sys.executable, "/work/shared/tools/helm-template.py", d], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(r.stdout + r.stderr)
        out = {}
        for line in r.stdout.splitlines():
            if line.startswith("# ") and not line.startswith("# Source"):
                parts = line.split(" ", 2)
                out[parts[1]] = base64.b64decode(parts[2] if len(parts) > 2 else "").decode("utf-8")
        cases = [{"input": t, "fromToml": out["%d_M" % i], "isError": i >= len(INPUTS)} for i, t in enumerate(INPUTS + ERRORS)]
        json.dump(cases, open(os.path.join(HERE, "toml-cases.json"), "w"), indent=1, ensure_ascii=False)
        print("%d cases" % len(cases))
    finally:
        shutil.rmtree(d)

main()
