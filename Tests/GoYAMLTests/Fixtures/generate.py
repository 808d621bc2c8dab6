#!/opt/helm-oracle/bin/python
"""Regenerates yaml-cases.json from the Helm v4 oracle.

Each case is a YAML text; the oracle renders `fromYaml` of it through toJson, toYaml,
toYamlPretty, toPrettyJson and toRawJson. Run:
  /opt/helm-oracle/bin/python Tests/GoYAMLTests/Fixtures/generate.py
"""
import base64, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = "/work/shared/tools/helm-template.py"

def s(*strings):
    """Cases that each hold one string under key `s`, written as JSON (valid YAML)."""
    return [json.dumps({"s": x}, ensure_ascii=False) + "\n" for x in strings]

def load_cases():
    cases = []
    src = json.load(open(os.path.join(HERE, "case-inputs.json")))
    for name, text in src["documents"].items():
        cases.append((name, text))
    for i, text in enumerate(s(*src["strings"])):
        cases.append(("string-%03d" % i, text))
    return cases

def render(cases):
    d = tempfile.mkdtemp()
    try:
        os.makedirs(d + "/templates")
        open(d + "/Chart.yaml", "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        lines = []
        for i, (name, text) in enumerate(cases):
            os.makedirs(d + "/cases", exist_ok=True)
            open(d + "/cases/%d.yaml" % i, "w").write(text)
            src = '(.Files.Get "cases/%d.yaml" | fromYaml)' % i
            for tag, fn in (("J", "toJson"), ("Y", "toYaml"), ("P", "toYamlPretty"), ("PJ", "toPrettyJson"), ("RJ", "toRawJson")):
                lines.append("# %d_%s {{ %s %s | b64enc }}" % (i, tag, fn, src))
        open(d + "/templates/t.yaml", "w").write("\n".join(lines) + "\n")
        r = subprocess.run([sys.executable, ORACLE, d], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(r.stdout + r.stderr)
        out = {}
        for line in r.stdout.splitlines():
            if line.startswith("# ") and not line.startswith("# Source"):
                parts = line.split(" ", 2)
                out[parts[1]] = base64.b64decode(parts[2] if len(parts) > 2 else "").decode("utf-8")
        return out
    finally:
        shutil.rmtree(d)

def main():
    cases = load_cases()
    out = render(cases)
    fixtures = []
    for i, (name, text) in enumerate(cases):
        fixtures.append({
            "name": name, "input": text,
            "toJson": out["%d_J" % i], "toYaml": out["%d_Y" % i], "toYamlPretty": out["%d_P" % i],
            "toPrettyJson": out["%d_PJ" % i], "toRawJson": out["%d_RJ" % i],
        })
    json.dump(fixtures, open(os.path.join(HERE, "yaml-cases.json"), "w"), indent=1, ensure_ascii=False)
    print("%d cases" % len(fixtures))

main()
