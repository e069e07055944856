#!/usr/bin/env bash
# Checks the deployment files without deploying or building anything:
#   1. every infra/bicep template compiles (bicep build), every parameter file compiles (bicep build-params), and
#      the linter (every rule at warning, infra/bicep/bicepconfig.json) reports nothing: any warning fails;
#      the files are laid out as `bicep format` writes them;
#   2. the Dockerfiles agree with the repository and the templates: COPY/ADD sources exist and are not excluded
#      by .dockerignore, every project the published app references (transitively) is copied,
#      base images carry a version tag, EXPOSE matches the port the app listens on and the
#      container app's targetPort and probe ports, HEALTHCHECK and probe paths are routes the service maps;
#   3. settings agree: environment variables set in the images and templates bind to a setting the app reads
#      (appsettings.json or the options class of that section); every setting of local.settings.sample.json is
#      set on the Function App and every FOLIO_* app setting is a documented one; %NAME% binding expressions of
#      host.json and src/Functions resolve; the README's deploy section names exactly main.bicep's parameters;
#   4. azure.yaml agrees with the repository and the templates (scripts/check-azd.py says how);
#   5. the security defaults hold in every environment: the compiled templates, evaluated with main.bicep's defaults and
#      each parameter file, keep storage, Key Vault and the registry closed to public networks unless a parameter opens
#      them, grant blob roles per container only, keep the deployment package's container to the deployment
#      identity, and pin and key the vLLM server (scripts/check-security.py says how); both images run as a
#      non-root numeric user.
# The bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (version in tools/bicep/bicep.csproj),
# restored once into tools/bicep/obj/packages (git-ignored). Prints one line per check; exits 1 on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TOOL_PROJECT=tools/bicep/bicep.csproj
BICEP_VERSION="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "$TOOL_PROJECT")"
BICEP="tools/bicep/obj/packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"

command -v python3 >/dev/null || { echo "check-infra: python3 is required" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x "$BICEP" ]; then
  echo "check-infra: restoring the bicep CLI $BICEP_VERSION (NuGet Azure.Bicep.CommandLine.linux-x64)"
  if ! dotnet restore "$TOOL_PROJECT" -v q > "$work/restore.log" 2>&1; then
    cat "$work/restore.log" >&2
    echo "check-infra: could not restore $TOOL_PROJECT" >&2
    exit 1
  fi
  chmod +x "$BICEP" 2>/dev/null || true
fi
failed=0
ok() { printf 'ok    %s\n' "$*"; }
bad() { printf 'FAIL  %s\n' "$*"; failed=1; }

echo "== bicep $("$BICEP" --version | sed -n 's/^Bicep CLI version \([^ ]*\).*/\1/p') on infra/bicep"
# Work on a copy: build writes main.json beside each input, and the linter canary must not touch the repository.
cp -r infra/bicep "$work/bicep"
cd "$work/bicep"
mapfile -t templates < <(find . -name '*.bicep' | sed 's:^\./::' | sort)
mapfile -t paramfiles < <(find . -name '*.bicepparam' | sed 's:^\./::' | sort)
# The parameter files read secrets from the environment at deployment; any value compiles.
# main.bicepparam (azd's) also reads the azd environment's name.
export FOLIO_INFERENCE_API_KEY=check-infra-0000000000000000000000000000000 FOLIO_IMAGE_TAG=check FOLIO_SUBSCRIBE_UPLOADS=false AZURE_ENV_NAME=dev

# A clean build or lint prints nothing: any output (a Warning or Error diagnostic, or anything else) fails.
run_bicep() {
  local what="$1"; shift
  local out rc=0
  out="$("$ROOT/$BICEP" "$@" 2>&1)" || rc=$?
  out="$(printf '%s' "$out" | sed "s:$work/bicep/:infra/bicep/:g" | awk '!seen[$0]++')"
  if [ "$rc" -ne 0 ] || [ -n "$out" ]; then
    bad "$what (exit $rc)"
    printf '%s\n' "$out" | sed 's/^/      /'
    return 1
  fi
  ok "$what"
}

run_bicep "bicep build: ${templates[*]}" build --pattern '**/*.bicep' || true
run_bicep "bicep build-params: ${paramfiles[*]}" build-params --pattern '**/*.bicepparam' || true

# The linter gate must be able to fail: a canary with an unused parameter has to produce exactly one warning.
mkdir -p zz-canary
printf "param unusedCanary string\n" > zz-canary/canary.bicep
lint_out="$("$ROOT/$BICEP" lint --pattern '**/*.bicep*' 2>&1 || true)"
lint_out="$(printf '%s' "$lint_out" | sed "s:$work/bicep/:infra/bicep/:g" | awk '!seen[$0]++')"
real="$(printf '%s\n' "$lint_out" | grep -v 'zz-canary/canary.bicep(1,7) : Warning no-unused-params' | grep -v '^$' || true)"
canary="$(printf '%s\n' "$lint_out" | grep -c 'zz-canary/canary.bicep(1,7) : Warning no-unused-params' || true)"
if [ "$canary" != 1 ]; then
  bad "bicep lint: the canary's unused parameter was not reported; bicepconfig.json or this check is broken"
elif [ -n "$real" ]; then
  bad "bicep lint: ${templates[*]} ${paramfiles[*]}"
  printf '%s\n' "$real" | sed 's/^/      /'
else
  ok "bicep lint: ${templates[*]} ${paramfiles[*]} (no output; the canary's warning was caught)"
fi
rm -rf zz-canary

# House layout: the files are as `bicep format` writes them (fix: cd infra/bicep && bicep format --pattern '**/*.bicep*').
mkdir -p "$work/formatted" && cp -r "$ROOT/infra/bicep/." "$work/formatted/"
(cd "$work/formatted" && "$ROOT/$BICEP" format --pattern '**/*.bicep*' >/dev/null 2>&1) || true
if unformatted="$(cd "$ROOT/infra/bicep" && diff -rq . "$work/formatted" | sed 's:^Files \./\([^ ]*\) and .*:\1:')" && [ -z "$unformatted" ]; then
  ok "bicep format: every file is formatted"
else
  bad "bicep format: not formatted: $(printf '%s' "$unformatted" | tr '\n' ' ')"
fi
cd "$ROOT"

echo "== Dockerfiles, ports, routes and settings"
python3 - "$work/bicep" <<'PY' || failed=1
import json, os, re, sys

compiled = sys.argv[1]
failures = 0
def ok(msg): print(f"ok    {msg}")
def bad(msg):
    global failures
    failures += 1
    print(f"FAIL  {msg}")

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

# ---------- Dockerfile parsing ----------
def instructions(path):
    text = re.sub(r"\\\n", " ", read(path))          # line continuations
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out

def dockerignore_patterns():
    pats = []
    if os.path.exists(".dockerignore"):
        for line in read(".dockerignore").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                pats.append(line)
    return pats

def pattern_regex(p):
    p = p.rstrip("/")
    rx, i = "", 0
    while i < len(p):
        if p.startswith("**/", i):
            rx += "(?:.*/)?"; i += 3
        elif p.startswith("**", i):
            rx += ".*"; i += 2
        elif p[i] == "*":
            rx += "[^/]*"; i += 1
        elif p[i] == "?":
            rx += "[^/]"; i += 1
        else:
            rx += re.escape(p[i]); i += 1
    return re.compile(rx + "$")

def ignored(path, patterns):
    """Whether the build context leaves out path (or a folder above it); later patterns win, '!' re-includes."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    result = False
    for p in patterns:
        neg = p.startswith("!")
        rx = pattern_regex(p[1:] if neg else p)
        if any(rx.match(x) for x in prefixes):
            result = not neg
    return result

def env_pairs(rest):
    pairs = {}
    if "=" not in rest.split(" ")[0]:
        k, _, v = rest.partition(" ")
        pairs[k] = v.strip()
        return pairs
    for m in re.finditer(r'(\S+?)=("[^"]*"|\S*)', rest):
        pairs[m.group(1)] = m.group(2).strip('"')
    return pairs

def check_dockerfile(path):
    ins = instructions(path)
    args = {}
    stages = set()
    final_env, final_expose, healthcheck = {}, [], None
    patterns = dockerignore_patterns()
    for word, rest in ins:
        if word == "ARG" and "=" in rest:
            k, _, v = rest.partition("=")
            args[k.strip()] = v.strip()
        elif word == "FROM":
            m = re.match(r"(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", rest, re.I)
            image = re.sub(r"\$\{?(\w+)\}?", lambda a: args.get(a.group(1), a.group(0)), m.group(1))
            if m.group(2):
                stages.add(m.group(2))
            final_env, final_expose, healthcheck = {}, [], None
            if image in stages or image == "scratch":
                continue
            name, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
            if "@sha256:" in image:
                ok(f"{path}: base {image} (digest)")
            elif not tag or tag == "latest":
                bad(f"{path}: base image {image} has no version tag")
            elif re.search(r"\d+\.\d+\.\d+", tag):
                ok(f"{path}: base {image} (patch-pinned tag)")
            else:
                ok(f"{path}: base {image} (version tag, not patch-pinned: pin a digest for byte-for-byte rebuilds)")
        elif word in ("COPY", "ADD"):
            tokens = rest.split()
            if any(t.startswith("--from=") for t in tokens):
                src_stage = next(t for t in tokens if t.startswith("--from="))[7:]
                if src_stage not in stages:
                    bad(f"{path}: COPY --from={src_stage} names no earlier stage")
                continue
            tokens = [t for t in tokens if not t.startswith("--")]
            for src in tokens[:-1]:
                if not os.path.exists(src):
                    bad(f"{path}: {word} {src}: no such path in the repository")
                elif ignored(src, patterns):
                    bad(f"{path}: {word} {src}: excluded from the build context by .dockerignore")
                else:
                    ok(f"{path}: {word} {src} exists and is in the build context")
        elif word == "ENV":
            final_env.update(env_pairs(rest))
        elif word == "EXPOSE":
            final_expose += [int(p.split("/")[0]) for p in rest.split()]
        elif word == "HEALTHCHECK":
            healthcheck = rest
    copied = {t.rstrip("/") for word, rest in ins if word in ("COPY", "ADD") for t in rest.split()[:-1] if not t.startswith("--")}
    apps = {app for word, rest in ins if word == "RUN" for app in re.findall(r"dotnet (?:publish|restore) (\S+\.csproj)", rest)}
    for app in sorted(apps):
        for project in project_closure(app):
            folder = os.path.dirname(project)
            good = project in copied and folder in copied
            (ok if good else bad)(f"{path}: {app} needs {folder}: {'copied' if good else 'its project file and folder are NOT both copied'}")
    return final_env, final_expose, healthcheck

def project_closure(csproj):
    """The project and every project it references, directly or not, as repository paths."""
    seen, todo = set(), [os.path.normpath(csproj)]
    while todo:
        project = todo.pop()
        if project in seen or not os.path.exists(project):
            continue
        seen.add(project)
        for ref in re.findall(r'<ProjectReference\s+Include="([^"]+)"', read(project)):
            todo.append(os.path.normpath(os.path.join(os.path.dirname(project), ref.replace("\\", "/"))))
    return sorted(seen)

def listen_ports(env):
    ports = set()
    for p in env.get("ASPNETCORE_HTTP_PORTS", "").replace(",", ";").split(";"):
        if p.strip().isdigit():
            ports.add(int(p))
    for url in env.get("ASPNETCORE_URLS", "").split(";"):
        m = re.search(r":(\d+)/?$", url.strip())
        if m:
            ports.add(int(m.group(1)))
    return ports

# ---------- compiled templates ----------
def template(name):
    return json.load(open(os.path.join(compiled, "modules", name + ".json"), encoding="utf-8"))

def resolve(value, tpl):
    if isinstance(value, str):
        m = re.fullmatch(r"\[variables\('(\w+)'\)\]", value)
        if m:
            return tpl["variables"][m.group(1)]
    return value

def resources(tpl):
    r = tpl["resources"]
    return list(r.values()) if isinstance(r, dict) else r

# ---------- settings the service binds ----------
def bound_setting(name, appsettings, sources):
    """Section__Key (or Section__Sub__Key) binds when appsettings.json has it or the section's options class has the property."""
    parts = name.split("__")
    node = appsettings
    for p in parts:
        node = node.get(p) if isinstance(node, dict) else None
    if node is not None:
        return "appsettings.json"
    section, key = parts[0], parts[-1]
    for path, text in sources.items():
        if re.search(rf'SectionName\s*=\s*"{re.escape(section)}"', text) and re.search(rf"\bpublic\s+[\w<>?,\s\[\]]+\s{re.escape(key)}\s*\{{\s*get;", text):
            return os.path.basename(path)
    return None

def cs_sources(*roots):
    out = {}
    for root in roots:
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
            for f in files:
                if f.endswith(".cs"):
                    out[os.path.join(dirpath, f)] = read(os.path.join(dirpath, f))
    return out

# ========== Inference image ==========
inf_df = "src/Inference/Dockerfile"
env, expose, health = check_dockerfile(inf_df)
ports = listen_ports(env)
if expose and ports and set(expose) == ports:
    ok(f"{inf_df}: EXPOSE {expose[0]} = ASPNETCORE_HTTP_PORTS/URLS {sorted(ports)}")
else:
    bad(f"{inf_df}: EXPOSE {expose} does not match the listening ports {sorted(ports)} (ASPNETCORE_HTTP_PORTS/URLS)")

inference_src = cs_sources("src/Inference", "src/Folio.Ocr")
routes = set(re.findall(r'Map(?:Get|Post|Put|Delete|Methods|HealthChecks)\(\s*"([^"]+)"', "".join(t for p, t in inference_src.items() if p.startswith("src/Inference"))))
if health:
    m = re.search(r"https?://[^/\s:]+(?::(\d+))?(/[^\s\"'|]*)", health)
    if not m:
        bad(f"{inf_df}: HEALTHCHECK names no http URL")
    else:
        hport, hpath = int(m.group(1) or 80), m.group(2)
        (ok if hpath in routes else bad)(f"{inf_df}: HEALTHCHECK path {hpath} {'is' if hpath in routes else 'is NOT'} a route of src/Inference (Map*)")
        (ok if hport in expose else bad)(f"{inf_df}: HEALTHCHECK port {hport} {'=' if hport in expose else '!='} EXPOSE {expose}")
else:
    bad(f"{inf_df}: no HEALTHCHECK")
def final_user(path):
    """The user of the final stage: a number other than 0 (a name can map to root; Kubernetes-style runAsNonRoot
    checks need a number), created by that stage's RUN with useradd --uid."""
    ins = instructions(path)
    last_from = max(i for i, (word, _) in enumerate(ins) if word == "FROM")
    stage = ins[last_from:]
    users = [rest for word, rest in stage if word == "USER"]
    user = users[-1] if users else "root"
    created = any(word == "RUN" and re.search(rf"useradd\b[^&|;]*--uid {re.escape(user)}\b", rest) for word, rest in stage)
    good = user.isdigit() and user != "0" and created
    (ok if good else bad)(f"{path}: runs as user {user}{' (created by useradd)' if created else ''}"
                          + ("" if good else ": must be a numeric non-root user the stage creates"))
    return user, stage

final_user(inf_df)

appsettings = json.load(open("src/Inference/appsettings.json", encoding="utf-8"))
for name in sorted(k for k in env if "__" in k):
    where = bound_setting(name, appsettings, inference_src)
    (ok if where else bad)(f"{inf_df}: ENV {name} {'binds (' + where + ')' if where else 'binds to no setting of the service'}")

apps = template("containerapps")
inference_app = next(r for r in resources(apps) if r.get("type") == "Microsoft.App/containerApps" and r["name"] == "ca-folio-inference")
ingress_port = resolve(inference_app["properties"]["configuration"]["ingress"]["targetPort"], apps)
(ok if ingress_port in expose else bad)(f"containerapps.bicep: inference targetPort {ingress_port} {'=' if ingress_port in expose else '!='} EXPOSE {expose}")
container = inference_app["properties"]["template"]["containers"][0]
for probe in container.get("probes", []):
    ppath, pport = probe["httpGet"]["path"], resolve(probe["httpGet"]["port"], apps)
    good = ppath in routes and pport in expose
    (ok if good else bad)(f"containerapps.bicep: {probe['type']} probe {ppath}:{pport} {'is a mapped route on the exposed port' if good else 'does not match a mapped route / the exposed port'}")
probe_types = {p["type"] for p in container.get("probes", [])}
(ok if {"Liveness", "Readiness"} <= probe_types else bad)(f"containerapps.bicep: inference has liveness and readiness probes ({', '.join(sorted(probe_types))})")
def env_names(entries):
    """Names of a container's env entries; an entry chosen by a condition is an expression naming it in createObject."""
    for e in entries:
        if isinstance(e, dict):
            yield e["name"]
        else:
            yield from sorted(set(re.findall(r"createObject\('name', '([^']+)'", e)))

for name in env_names(container.get("env", [])):
    where = bound_setting(name, appsettings, inference_src)
    (ok if where else bad)(f"containerapps.bicep: env {name} {'binds (' + where + ')' if where else 'binds to no setting of the service'}")
image = resolve(container["image"], apps)
(ok if "folio-inference" in image else bad)(f"containerapps.bicep: inference image {image}")

# ========== Functions image and app settings ==========
fn_df = "src/Functions/Dockerfile"
env, expose, _ = check_dockerfile(fn_df)
ports = listen_ports(env)
(ok if expose and set(expose) == ports else bad)(f"{fn_df}: EXPOSE {expose} = ASPNETCORE_URLS ports {sorted(ports)}")
(ok if ports and min(ports) > 1023 else bad)(f"{fn_df}: listens on {sorted(ports)}, above 1023 (a non-root user cannot bind below)")
fn_user, fn_stage = final_user(fn_df)
# The host writes under its HOME (/home in the Functions base images): the user must own it.
owns_home = any(word == "RUN" and re.search(rf"chown\s+(?:-\S+\s+)?{re.escape(fn_user)}(?::\S+)?\s+/home\b", rest) for word, rest in fn_stage)
(ok if owns_home else bad)(f"{fn_df}: user {fn_user} {'owns' if owns_home else 'does NOT own'} /home, where the host writes")

sample = json.load(open("local.settings.sample.json", encoding="utf-8"))["Values"]
fn = template("functionapp")
site = next(r for r in resources(fn) if r.get("type") == "Microsoft.Web/sites")
settings = {s["name"] for s in site["properties"]["siteConfig"]["appSettings"]}
runtime = site["properties"]["functionAppConfig"]["runtime"]["name"]
# Connections set by identity: NAME__accountName / NAME__blobServiceUri (+ __credential, __clientId) stand for NAME.
identity_suffixes = ("accountName", "blobServiceUri", "queueServiceUri", "tableServiceUri", "serviceUri", "credential", "clientId")
for key in sorted(sample):
    if key == "FUNCTIONS_WORKER_RUNTIME":
        good = runtime == sample[key]
        (ok if good else bad)(f"functionapp.bicep: {key}={sample[key]} is functionAppConfig.runtime.name={runtime} (Flex Consumption refuses the app setting)")
    elif key in settings:
        ok(f"functionapp.bicep: sets {key}")
    elif any(f"{key}__{s}" in settings for s in ("accountName", "blobServiceUri", "serviceUri")):
        forms = sorted(s for s in settings if s.startswith(key + "__"))
        ok(f"functionapp.bicep: sets {key} by identity ({', '.join(forms)})")
    else:
        bad(f"functionapp.bicep: local.settings.sample.json names {key}, the Function App does not set it")
platform = {"AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"}
for name in sorted(settings):
    base, _, suffix = name.partition("__")
    if name in sample or name in platform or (suffix in identity_suffixes and base in sample):
        continue
    bad(f"functionapp.bicep: app setting {name} is not documented in local.settings.sample.json")
referenced = set(re.findall(r"%(\w+)%", read("host.json")))
for path, text in cs_sources("src/Functions").items():
    referenced |= set(re.findall(r'"[^"\n]*%(\w+)%[^"\n]*"', text))
    referenced |= set(re.findall(r'Connection\s*=\s*"(\w+)"', text))
for name in sorted(referenced):
    in_sample = name in sample
    in_bicep = name in settings or any(s.startswith(name + "__") for s in settings)
    (ok if in_sample and in_bicep else bad)(f"binding setting {name}: local.settings.sample.json {'yes' if in_sample else 'NO'}, functionapp.bicep {'yes' if in_bicep else 'NO'}")

# ========== README deploy section vs main.bicep parameters ==========
main_params = set(re.findall(r"^param\s+(\w+)", read("infra/bicep/main.bicep"), re.M))
readme = read("README.md")
m = re.search(r"^## Deploy to Azure\n(.*?)(?=^## )", readme + "\n## ", re.S | re.M)
if not m:
    bad("README.md: no '## Deploy to Azure' section")
else:
    named = set(re.findall(r"^\|\s*`(\w+)`\s*\|", m.group(1), re.M))
    missing, unknown = sorted(main_params - named), sorted(named - main_params)
    if missing or unknown:
        bad(f"README.md deploy section parameters: missing {missing}, not in main.bicep {unknown}")
    else:
        ok(f"README.md deploy section lists the {len(main_params)} parameters of main.bicep")
    for f in sorted(set(re.findall(r"infra/bicep/[\w./-]+", m.group(1)))):
        (ok if os.path.exists(f) else bad)(f"README.md deploy section names {f}{'' if os.path.exists(f) else ': no such file'}")

sys.exit(1 if failures else 0)
PY

echo "== azure.yaml (azd)"
python3 scripts/check-azd.py "$BICEP" || failed=1

echo "== security defaults per environment (compiled templates, evaluated)"
python3 scripts/check-security.py "$BICEP" || failed=1

if [ "$failed" -ne 0 ]; then
  echo "check-infra: FAILED"
  exit 1
fi
echo "check-infra: all checks passed"
