#!/opt/helm-oracle/bin/python
"""Regenerates json-cases.json: Helm v4's fromJson / fromJsonArray of each input, shown via toJson.
Run: /opt/helm-oracle/bin/python Tests/GoYAMLTests/Fixtures/generate_json.py"""
import base64, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = [
    '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', '{}', '[]', '[1, "a", {"b": 2}]', 'null', '"str"', '12', 'true',
    '', ' ', '{', '[', '{"a"', '{"a":', '{"a": 1', '{"a": 1,', '{"a": 1,}', '[1,]', '[1 2]', '{"a" 1}', '{a: 1}', "{'a': 1}",
    'tru', 'trux', 'nul', 'nulL', 'fals', '-', '-a', '01', '1.', '1.e3', '1e', '1e+', '.5', '+1', '1e400', '-1e400', '1.5e-400',
    '"a\\x"', '"a\\u12"', '"a\\u12g4"', '"\\ud83d\\ude00"', '"\\ud83d"', '"\\ude00x"', '"tab\there"', '"new\nline"', '"\\/"',
    '{"a": 1} x', '{"a": 1}}', '[1] [2]', '{"a": 1, "a": 2}', '{"x": 1e21, "y": 1e-7, "z": 123456789.5, "w": 1000000, "v": -0}',
    '{"h": "<&>\\u2028"}', '{"\\u00e9": "\\u00e9"}', '  {"a" : [ 1 , 2 ] }  ', '{"a": 1}\n', 'x', '#', '{"a": [}', '{"a": ]}',
]

def main():
    d = tempfile.mkdtemp()
    try:
        os.makedirs(d + "/templates")
        os.makedirs(d + "/cases")
        open(d + "/Chart.yaml", "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        lines = []
        for i, text in enumerate(INPUTS):
            open(d + "/cases/%d.json" % i, "w").write(text)
            src = '(.Files.Get "cases/%d.json")' % i
            lines.append("# %d_M {{ fromJson %s | toJson | b64enc }}" % (i, src))
            lines.append("# %d_A {{ fromJsonArray %s | toJson | b64enc }}" % (i, src))
        open(d + "/templates/t.yaml", "w").write("\n".join(lines) + "\n")
        r = subprocess.run([sys.executable, "/work/shared/tools/helm-template.py", d], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(r.stdout + r.stderr)
        out = {}
        for line in r.stdout.splitlines():
            if line.startswith("# ") and not line.startswith("# Source"):
                parts = line.split(" ", 2)
                out[parts[1]] = base64.b64decode(parts[2] if len(parts) > 2 else "").decode("utf-8")
        cases = [{"input": t, "fromJson": out["%d_M" % i], "fromJsonArray": out["%d_A" % i]} for i, t in enumerate(INPUTS)]
        json.dump(cases, open(os.path.join(HERE, "json-cases.json"), "w"), indent=1, ensure_ascii=False)
        print("%d cases" % len(cases))
    finally:
        shutil.rmtree(d)

main()
