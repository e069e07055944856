#!/usr/bin/env python3
"""Checks the security defaults of infra/bicep on the compiled templates, per environment, without Azure:
  main.bicep is compiled (bicep build) and each parameter set is compiled (bicep build-params): main.bicep's own
  defaults, dev.bicepparam, prod.bicepparam, main.bicepparam for the azd environments dev and prod, and variants that
  open what a parameter opens (an address list, vLLM on). For each, the ARM expressions of main.json and of every
  module are evaluated with those parameter values (a small evaluator of the functions the templates use; what only
  Azure knows, such as another deployment's outputs, stays symbolic), and the effective properties are asserted:
  - storage account, Key Vault and registry: public network access Disabled and firewall default action Deny unless
    allowPublicNetworkAccess opens them (dev only) or publicNetworkAllowedIps lets a few addresses through; a closed
    registry is Premium (Azure refuses to close another SKU); each has a private endpoint in the VNet;
  - storage: shared keys and anonymous blob access off;
  - role assignments: no blob data role on a whole storage account, only on containers; the Function App's identity
    has none on the deployment package's container, which only the deployment identity writes (and the Function App
    deploys with that identity);
  - vLLM: serves a pinned 40-hex-digit revision of the model, code and tokenizer, --trust-remote-code only with that
    pin, requires an API key from Key Vault (VLLM_API_KEY, never a literal argument), and the inference service sends
    the same key (Inference__Vlm__ApiKey); its ingress is internal to the environment.
The check proves it can fail: the open dev environment must come out open.
Usage: check-security.py BICEP_CLI (scripts/check-infra.sh runs it from the repository root). Exits 1 on any failure.
"""
import hashlib
import json
import os
import re
import sys

from checkreport import bad, check, finish, ok, run_bicep

bicep = sys.argv[1]
INFRA = "infra/bicep"


# ---------------- ARM expressions ----------------
class Unknown:
    """A value only Azure knows at deployment (another deployment's output, a key)."""

    def __init__(self, what):
        self.what = what

    def __repr__(self):
        return f"<{self.what}>"

    def __eq__(self, other):
        return isinstance(other, Unknown) and other.what == self.what

    def __hash__(self):
        return hash(self.what)

    def get(self, name):
        return Unknown(f"{self.what}.{name}")


def tokenize(text):
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "'":
            j, out = i + 1, ""
            while True:
                if text[j] == "'" and j + 1 < len(text) and text[j + 1] == "'":
                    out, j = out + "'", j + 2
                elif text[j] == "'":
                    break
                else:
                    out, j = out + text[j], j + 1
            tokens.append(("str", out))
            i = j + 1
        elif c.isdigit() or (c == "-" and text[i + 1].isdigit()):
            j = i + 1
            while j < len(text) and (text[j].isdigit() or text[j] == "."):
                j += 1
            tokens.append(("num", float(text[i:j]) if "." in text[i:j] else int(text[i:j])))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] in "_."):
                j += 1
            tokens.append(("id", text[i:j]))
            i = j
        else:
            tokens.append(("op", c))
            i += 1
    return tokens


def parse(text):
    """Parses an expression into nested tuples: ('lit', v) | ('call', name, args) | ('prop', e, name) | ('index', e, e)."""
    tokens, pos = tokenize(text), [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else ("end", None)

    def take(kind=None, value=None):
        tok = peek()
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise ValueError(f"unexpected {tok} in {text}")
        pos[0] += 1
        return tok

    def expr():
        kind, value = take()
        if kind in ("str", "num"):
            node = ("lit", value)
        elif kind == "id":
            if peek() == ("op", "("):
                take("op", "(")
                args = []
                while peek() != ("op", ")"):
                    args.append(expr())
                    if peek() == ("op", ","):
                        take()
                take("op", ")")
                node = ("call", value, args)
            else:
                name, _, rest = value.partition(".")
                node = ("lit", {"true": True, "false": False, "null": None}[name])
                for part in filter(None, rest.split(".")):
                    node = ("prop", node, part)
        else:
            raise ValueError(f"unexpected {value} in {text}")
        while True:
            if peek() == ("op", "["):
                take()
                node = ("index", node, expr())
                take("op", "]")
            elif peek() == ("op", "."):
                take()
                for part in take("id")[1].split("."):  # the tokenizer keeps a.b.c together
                    node = ("prop", node, part)
            elif peek()[0] == "id" and peek()[1].startswith("."):  # '.a.b' glued by the tokenizer
                for part in filter(None, take()[1].split(".")):
                    node = ("prop", node, part)
            else:
                return node

    node = expr()
    take("end")
    return node


def is_expr(value):
    return isinstance(value, str) and value.startswith("[") and not value.startswith("[[") and value.endswith("]")


class Scope:
    """Evaluation scope of one template: its parameter values, its variables (evaluated on first use), its functions."""

    def __init__(self, template, params, where):
        self.template, self.params, self.where = template, params, where
        self.vars, self.copy = {}, {}
        self.functions = {}
        for ns in template.get("functions", []):
            for name, member in ns.get("members", {}).items():
                self.functions[f"{ns['namespace']}.{name}"] = member

    def variable(self, name):
        if name not in self.vars:
            raw = self.template.get("variables", {})
            if name in raw:
                self.vars[name] = self.value(raw[name])
            else:  # a variable loop: {"copy": [{"name": X, "count", "input"}]}
                self.vars[name] = self.value({"copy": raw["copy"]})[name]
        return self.vars[name]

    def value(self, v, lambdas=None):
        """A JSON value of the template with its expressions evaluated."""
        if is_expr(v):
            try:
                return self.eval(parse(v[1:-1]), lambdas or {})
            except Exception as e:
                raise ValueError(f"{self.where}: {v[:160]}: {e}") from None
        if isinstance(v, str) and v.startswith("[["):
            return v[1:]
        if isinstance(v, list):
            return [self.value(x, lambdas) for x in v]
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                if k == "copy" and isinstance(x, list):  # property loops
                    for loop in x:
                        count = self.value(loop["count"], lambdas)
                        items = []
                        for i in range(count if isinstance(count, int) else 0):
                            self.copy[loop["name"]] = i
                            items.append(self.value(loop["input"], lambdas))
                        out[loop["name"]] = items
                else:
                    out[k] = self.value(x, lambdas)
            return out
        return v

    def eval(self, node, lam):
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "prop":
            base = self.eval(node[1], lam)
            if isinstance(base, Unknown):
                return base.get(node[2])
            if isinstance(base, dict):
                return base.get(node[2])
            return Unknown(f"{base}.{node[2]}")
        if kind == "index":
            base, key = self.eval(node[1], lam), self.eval(node[2], lam)
            if isinstance(base, Unknown) or isinstance(key, Unknown):
                return Unknown(f"{base}[{key}]")
            return base[key]
        name, args = node[1], node[2]
        if name == "if":
            cond = self.eval(args[0], lam)
            if isinstance(cond, Unknown):
                return Unknown(f"if({cond})")
            return self.eval(args[1] if cond else args[2], lam)
        if name == "lambda":
            return ("lambda", [self.eval(a, lam) for a in args[:-1]], args[-1], dict(lam))
        if name in self.functions:
            fn = self.functions[name]
            values = [self.eval(a, lam) for a in args]
            inner = Scope({"variables": {}}, {p["name"]: v for p, v in zip(fn["parameters"], values)}, self.where)
            inner.functions = self.functions
            return inner.value(fn["output"]["value"])
        values = [self.eval(a, lam) for a in args]
        return self.call(name, values, lam)

    def apply(self, fn, *values):
        _, names, body, captured = fn
        return self.eval(body, {**captured, **dict(zip(names, values))})

    def call(self, name, a, lam):
        if name == "parameters":
            return self.params[a[0]]
        if name == "variables":
            return self.variable(a[0])
        if name == "lambdaVariables":
            return lam[a[0]]
        if name == "copyIndex":
            loop = a[0] if a and isinstance(a[0], str) else None
            offset = a[-1] if a and isinstance(a[-1], int) else 0
            return self.copy[loop] + offset
        if name == "reference":
            return Unknown(f"reference({a[0]})")
        if name in ("listKeys", "listSecrets"):
            return Unknown(name)
        if any(isinstance(x, Unknown) for x in a) and name not in ("createObject", "createArray", "concat", "union", "format", "coalesce", "or", "and"):
            return Unknown(f"{name}(...)")
        if name == "createArray":
            return list(a)
        if name == "createObject":
            return {a[i]: a[i + 1] for i in range(0, len(a), 2)}
        if name == "concat":
            if all(isinstance(x, list) for x in a):
                return [y for x in a for y in x]
            return "".join(str(x) for x in a)
        if name == "union":
            if all(isinstance(x, dict) for x in a):
                out = {}
                for x in a:
                    out.update(x)
                return out
            out = []
            for x in a:
                for y in x:
                    if y not in out:
                        out.append(y)
            return out
        if name == "format":
            return re.sub(r"\{(\d+)\}", lambda m: str(a[int(m.group(1)) + 1]), a[0])
        if name == "or":
            return any(x is True for x in a) or (Unknown("or") if any(isinstance(x, Unknown) for x in a) else False)
        if name == "and":
            return all(x is True for x in a) if not any(isinstance(x, Unknown) for x in a) else Unknown("and")
        simple = {
            "not": lambda x: not x,
            "equals": lambda x, y: x == y,
            "empty": lambda x: x is None or len(x) == 0,
            "length": len,
            "greater": lambda x, y: x > y,
            "less": lambda x, y: x < y,
            "add": lambda x, y: x + y,
            "toLower": str.lower,
            "toUpper": str.upper,
            "trim": str.strip,
            "split": lambda s, sep: s.split(sep),
            "substring": lambda s, start, length=None: s[start:] if length is None else s[start:start + length],
            "startsWith": lambda s, p: s.lower().startswith(p.lower()),
            "endsWith": lambda s, p: s.lower().endswith(p.lower()),
            "replace": lambda s, old, new: s.replace(old, new),
            "contains": lambda c, x: x in c,
            "indexOf": lambda s, x: s.find(x),
            "range": lambda start, count: list(range(start, start + count)),
            "take": lambda x, n: x[:n],
            "last": lambda x: x[-1],
            "first": lambda x: x[0],
            "string": lambda x: json.dumps(x) if isinstance(x, (bool, dict, list)) else str(x),
            "bool": lambda x: x if isinstance(x, bool) else str(x).lower() == "true",
            "int": int,
            "json": json.loads,
            "null": lambda: None,
            "true": lambda: True,
            "false": lambda: False,
            "coalesce": lambda *x: next((y for y in x if y is not None), None),
            "guid": lambda *x: "guid-" + hashlib.sha1("|".join(map(str, x)).encode()).hexdigest()[:12],
            "uniqueString": lambda *x: hashlib.sha1("|".join(map(str, x)).encode()).hexdigest()[:13],
            "resourceId": lambda *x: f"{x[0]}:{'/'.join(map(str, x[1:]))}",
            "subscriptionResourceId": lambda *x: f"{x[0]}:{'/'.join(map(str, x[1:]))}",
            "subscription": lambda: {"id": "/subscriptions/check", "subscriptionId": "check"},
            "tenant": lambda: {"tenantId": "check-tenant"},
            "deployment": lambda: {"location": "swedencentral", "name": "check"},
            "resourceGroup": lambda: {"id": "/subscriptions/check/resourceGroups/check", "location": "swedencentral"},
            "environment": lambda: {"suffixes": {"storage": "core.windows.net", "keyvaultDns": ".vault.azure.net", "acrLoginServer": ".azurecr.io"}},
        }
        if name == "map":
            return [self.apply(a[1], x) for x in a[0]]
        if name == "filter":
            return [x for x in a[0] if self.apply(a[1], x) is True]
        if name in simple:
            return simple[name](*a)
        return Unknown(f"{name}(...)")


def template_scope(template, params, where):
    """The scope of a template deployed with these parameter values, its defaults filling in the others."""
    values = {}
    for name, spec in template.get("parameters", {}).items():
        if name in params:
            values[name] = params[name]
        elif "defaultValue" in spec:
            values[name] = None  # placeholder; defaults may refer to other parameters
    scope = Scope(template, values, where)
    for name, spec in template.get("parameters", {}).items():
        if name not in params and "defaultValue" in spec:
            values[name] = scope.value(spec["defaultValue"])
    return scope


def deploy(template, params, where, out):
    """Every resource the template (and its modules, recursively) deploys with these parameter values."""
    scope = template_scope(template, params, where)
    resources = template["resources"]
    for symbol, res in (resources.items() if isinstance(resources, dict) else enumerate(resources)):
        if res.get("existing"):
            continue
        count = scope.value(res["copy"]["count"]) if "copy" in res else None
        for i in range(count) if isinstance(count, int) else [None]:
            if i is not None:
                scope.copy[res["copy"]["name"]] = i
                scope.copy[None] = i
            if "condition" in res:
                cond = scope.value(res["condition"])
                if cond is False:
                    continue
            if res.get("type") == "Microsoft.Resources/deployments":
                module_params = {}
                for pname, p in res["properties"].get("parameters", {}).items():
                    # {"value": V}, a loop {"copy": [...]}, or an expression giving {"value": V}
                    module_params[pname] = scope.value(p)["value"]
                deploy(res["properties"]["template"], module_params, f"{where}/{symbol}", out)
                continue
            out.append({
                "where": f"{where}/{symbol}" + (f"[{i}]" if i is not None else ""),
                "type": res.get("type"),
                "name": scope.value(res.get("name")),
                "scope": scope.value(res.get("scope")),
                "sku": scope.value(res.get("sku")),
                "identity": scope.value(res.get("identity")),
                "properties": scope.value(res.get("properties", {})),
            })
    return out


# ---------------- compile ----------------

# No secrets in the environment: every parameter file's readEnvironmentVariable falls back to its default.
base_env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLIO_", "AZURE_", "SERVICE_"))}
base_env["FOLIO_INFERENCE_API_KEY"] = "check-security-00000000000000000000000000"


def param_values(path, **env):
    compiled = run_bicep(bicep, "build-params", path, env={**base_env, **env})
    if compiled is None:
        return None
    return {k: v.get("value") for k, v in json.loads(compiled["parametersJson"])["parameters"].items()}


main = run_bicep(bicep, "build", f"{INFRA}/main.bicep")
if main is None:
    sys.exit(1)
defaults = {"environmentName": "prod", "inferenceApiKey": base_env["FOLIO_INFERENCE_API_KEY"]}
vllm_key = "check-security-vllm-0000000000000000000000"
scenarios = [
    # (name, parameter values, expected public access: 'closed' | 'ips' | 'open')
    ("main.bicep defaults", defaults, "closed"),
    ("prod.bicepparam", param_values(f"{INFRA}/prod.bicepparam"), "closed"),
    ("main.bicepparam (azd prod)", param_values(f"{INFRA}/main.bicepparam", AZURE_ENV_NAME="prod"), "closed"),
    ("prod.bicepparam, FOLIO_ALLOWED_IPS=203.0.113.7", param_values(f"{INFRA}/prod.bicepparam", FOLIO_ALLOWED_IPS="203.0.113.7"), "ips"),
    ("main.bicep defaults + enableVllm", {**defaults, "enableVllm": True, "vllmApiKey": vllm_key}, "closed"),
    # Allow-lists that name containers of the account, the deployment package's among them: grants per container,
    # and still none on app-package for the Function App.
    ("main.bicep defaults + blob:// allow-lists", {**defaults, "documentAccess": {
        "allowedSources": "blob://scans, s3://bucket/scans/, blob://app-package",
        "allowedDestinations": "blob://exports/copies/", "s3Endpoint": "", "s3ForcePathStyle": False}}, "closed"),
    ("dev.bicepparam", param_values(f"{INFRA}/dev.bicepparam"), "open"),
    ("main.bicepparam (azd dev)", param_values(f"{INFRA}/main.bicepparam", AZURE_ENV_NAME="dev"), "open"),
]

ROLE = {
    "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": "Storage Blob Data Owner",
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
    "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1": "Storage Blob Data Reader",
}
WRITE_ROLES = {"Storage Blob Data Owner", "Storage Blob Data Contributor"}


def one(resources, rtype, name=None):
    found = [r for r in resources if r["type"] == rtype and (name is None or r["name"] == name)]
    return found[0] if len(found) == 1 else None


for label, params, expected in scenarios:
    if params is None:
        continue
    print(f"-- {label}")
    try:
        resources = deploy(main, params, "main", [])
    except Exception as e:  # an expression the evaluator does not know: the check must be extended, not skipped
        bad(f"{label}: evaluating the templates failed: {e!r}")
        continue
    ips = params.get("publicNetworkAllowedIps") or []

    # ---- public network access ----
    account = one(resources, "Microsoft.Storage/storageAccounts")
    vault = one(resources, "Microsoft.KeyVault/vaults")
    registry = one(resources, "Microsoft.ContainerRegistry/registries")
    for what, res, acl_key, ip_key in (
        ("storage account", account, "networkAcls", "value"),
        ("Key Vault", vault, "networkAcls", "value"),
        ("registry", registry, "networkRuleSet", "value"),
    ):
        if res is None:
            bad(f"{label}: no single {what}")
            continue
        props = res["properties"]
        access = props.get("publicNetworkAccess")
        acl = props.get(acl_key) or {}
        action = acl.get("defaultAction")
        rules = [r.get(ip_key) for r in acl.get("ipRules", [])]
        if expected == "closed":
            check(access == "Disabled" and action == "Deny" and not rules,
                  f"{label}: {what} closed to public networks (publicNetworkAccess Disabled, {acl_key}.defaultAction Deny)",
                  f"{label}: {what} is not closed: publicNetworkAccess {access}, {acl_key}.defaultAction {action}, ipRules {rules}")
        elif expected == "ips":
            check(access == "Enabled" and action == "Deny" and sorted(rules) == sorted(ips),
                  f"{label}: {what} takes public traffic from {rules} only (defaultAction Deny)",
                  f"{label}: {what}: publicNetworkAccess {access}, defaultAction {action}, ipRules {rules}, expected Enabled/Deny/{ips}")
        else:  # open: proves the parameter reaches the resource, so that the closed results above mean something
            check(access == "Enabled" and (action == "Allow" or (what == "registry" and not acl)),
                  f"{label}: {what} open to public networks, as this environment's parameters ask (allowPublicNetworkAccess)",
                  f"{label}: {what} should be open here (allowPublicNetworkAccess true): publicNetworkAccess {access}, defaultAction {action}")
    if registry and expected != "open":
        sku = (registry.get("sku") or {}).get("name")
        check(sku == "Premium", f"{label}: closed registry is Premium", f"{label}: registry SKU {sku}: Azure refuses to close a registry that is not Premium")
    endpoints = sorted(r["properties"]["privateLinkServiceConnections"][0]["properties"]["groupIds"][0]
                       for r in resources if r["type"] == "Microsoft.Network/privateEndpoints")
    wanted = ["blob", "queue", "table", "vault"] + (["registry"] if (registry.get("sku") or {}).get("name") == "Premium" else [])
    check(endpoints == sorted(wanted), f"{label}: private endpoints {', '.join(endpoints)}",
          f"{label}: private endpoints {endpoints}, expected {sorted(wanted)}")
    if account:
        props = account["properties"]
        check(props.get("allowSharedKeyAccess") is False and props.get("allowBlobPublicAccess") is False,
              f"{label}: storage shared keys and anonymous blob access off",
              f"{label}: storage allowSharedKeyAccess {props.get('allowSharedKeyAccess')}, allowBlobPublicAccess {props.get('allowBlobPublicAccess')}")

    # ---- role assignments ----
    grants = [r for r in resources if r["type"] == "Microsoft.Authorization/roleAssignments"]
    blob = []
    for g in grants:
        role = ROLE.get(re.split(r"[:/]", str(g["properties"]["roleDefinitionId"]))[-1])
        if role:
            blob.append((role, str(g["scope"]), str(g["properties"]["principalId"])))
    wide = [b for b in blob if not b[1].startswith("Microsoft.Storage/storageAccounts/blobServices/containers:")]
    check(blob and not wide, f"{label}: {len(blob)} blob role assignments, each on one container",
          f"{label}: blob roles on more than a container: {wide or 'none at all'}")
    package = "app-package"
    on_package = [b for b in blob if b[1].endswith(f"/{package}")]
    function_writes = [b for b in blob if "functionPrincipalId" in b[2] and b[0] in WRITE_ROLES and not b[1].endswith(f"/{package}")]
    check(on_package and all("deploymentPrincipalId" in b[2] for b in on_package),
          f"{label}: on {package} only the deployment identity has a role ({', '.join(b[0] for b in on_package)})",
          f"{label}: roles on {package}: {on_package}, expected the deployment identity's only")
    check(bool(function_writes), f"{label}: the Function App's identity writes its {len(function_writes)} containers",
          f"{label}: the Function App's identity has no blob role")
    site = one(resources, "Microsoft.Web/sites")
    if site:
        auth = site["properties"]["functionAppConfig"]["deployment"]["storage"]["authentication"]
        check("deploymentIdentityId" in str(auth.get("userAssignedIdentityResourceId")),
              f"{label}: the Function App deploys its package with the deployment identity",
              f"{label}: the Function App's deployment storage authentication is {auth}")

    # ---- vLLM ----
    apps = {r["name"]: r for r in resources if r["type"] == "Microsoft.App/containerApps"}
    vllm = apps.get("ca-folio-vllm")
    if params.get("enableVllm"):
        if vllm is None:
            bad(f"{label}: enableVllm but no ca-folio-vllm")
            continue
        container = vllm["properties"]["template"]["containers"][0]
        args = container.get("args", [])
        rev = params.get("vllmModelRevision") or main["parameters"]["vllmModelRevision"]["defaultValue"]
        pins = {flag: args[args.index(flag) + 1] if flag in args else None for flag in ("--revision", "--code-revision", "--tokenizer-revision")}
        pinned = all(v == rev for v in pins.values()) and re.fullmatch(r"[0-9a-f]{40}", rev or "") is not None
        check(pinned, f"{label}: vLLM serves the model, its code and tokenizer at commit {rev}",
              f"{label}: vLLM is not pinned to a 40-hex-digit commit: {pins}")
        check("--trust-remote-code" not in args or pinned, f"{label}: --trust-remote-code only with the pinned commit",
              f"{label}: --trust-remote-code without a pinned commit")
        check(not any(str(a).startswith("--api-key") for a in args), f"{label}: no API key among vLLM's arguments",
              f"{label}: an --api-key argument puts the key in the template")
        secrets = {s["name"]: s for s in vllm["properties"]["configuration"].get("secrets", [])}
        env = {e["name"]: e for e in container.get("env", [])}
        key_ref = env.get("VLLM_API_KEY", {}).get("secretRef")
        key_uri = secrets.get(key_ref, {}).get("keyVaultUrl")
        check(key_uri is not None, f"{label}: vLLM requires the API key from Key Vault (VLLM_API_KEY <- {key_uri})",
              f"{label}: vLLM's VLLM_API_KEY is not a Key Vault secret reference ({env.get('VLLM_API_KEY')})")
        check(vllm["properties"]["configuration"]["ingress"].get("external") is False,
              f"{label}: vLLM ingress internal to the environment", f"{label}: vLLM ingress is external")
        inference = apps.get("ca-folio-inference")
        if inference is None:
            ok(f"{label}: no inference app (imageTag empty): its vLLM key is checked with an image tag below")
        else:
            ienv = {e["name"]: e for e in inference["properties"]["template"]["containers"][0].get("env", [])}
            isecrets = {s["name"]: s for s in inference["properties"]["configuration"].get("secrets", [])}
            iuri = isecrets.get(ienv.get("Inference__Vlm__ApiKey", {}).get("secretRef"), {}).get("keyVaultUrl")
            check(iuri is not None and iuri == key_uri, f"{label}: the inference service sends vLLM the same key (Inference__Vlm__ApiKey)",
                  f"{label}: Inference__Vlm__ApiKey reads {iuri}, vLLM {key_uri}")
    else:
        check(vllm is None, f"{label}: no vLLM app (enableVllm false)", f"{label}: a vLLM app without enableVllm")

# An empty vLLM key would leave the server open (vLLM takes no key as "none required"): the Key Vault secret's module
# must refuse short keys, and be deployed exactly with vLLM, with the key given.
module = main["resources"].get("vllmKey", {})
limit = module.get("properties", {}).get("template", {}).get("parameters", {}).get("value", {}).get("minLength", 0)
passed = template_scope(main, {**defaults, "enableVllm": True, "vllmApiKey": vllm_key}, "main").value(
    module.get("properties", {}).get("parameters", {}).get("value", {})).get("value")
check(module.get("condition") == "[parameters('enableVllm')]" and limit >= 32 and passed == vllm_key,
      f"vLLM key: stored by the module vllmKey exactly with enableVllm, which refuses keys under {limit} characters",
      f"vLLM key: module vllmKey condition {module.get('condition')}, minLength {limit}, value passed {passed!r}")

# The inference app exists only with an image tag; check its vLLM key with one.
label = "main.bicep defaults + enableVllm + imageTag"
resources = deploy(main, {**defaults, "enableVllm": True, "vllmApiKey": vllm_key, "imageTag": "check"}, "main", [])
apps = {r["name"]: r for r in resources if r["type"] == "Microsoft.App/containerApps"}
uris = []
for name, var in (("ca-folio-vllm", "VLLM_API_KEY"), ("ca-folio-inference", "Inference__Vlm__ApiKey")):
    app = apps.get(name)
    env = {e["name"]: e for e in app["properties"]["template"]["containers"][0].get("env", [])} if app else {}
    secrets = {s["name"]: s for s in app["properties"]["configuration"].get("secrets", [])} if app else {}
    uris.append(secrets.get(env.get(var, {}).get("secretRef"), {}).get("keyVaultUrl"))
check(uris[0] is not None and uris[0] == uris[1], f"{label}: the inference service sends vLLM its key (Inference__Vlm__ApiKey = VLLM_API_KEY, {uris[0]})",
      f"{label}: Inference__Vlm__ApiKey reads {uris[1]}, VLLM_API_KEY {uris[0]}")

finish()
