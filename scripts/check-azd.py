#!/usr/bin/env python3
"""Checks azure.yaml (azd) against the repository and the compiled templates, without azd or Azure:
  - it parses, and names the bicep infra that exists (main.bicep, main.bicepparam);
  - every service's project folder exists, with a project file for dotnet; a docker service's Dockerfile and build
    context exist, the context is the repository root (what check-infra.sh checks the Dockerfiles' COPY lines
    against), and its image is the one the container app runs;
  - every service's resource carries the tag azd finds it by (azd-service-name, on a resource of the host's type),
    the resource group carries azd-env-name, and main.bicep has the outputs azd reads (AZURE_RESOURCE_GROUP,
    AZURE_CONTAINER_REGISTRY_ENDPOINT); no infra/bicep/SERVICE.bicep* exists (azd would deploy it as the service);
  - the steps of `workflows.up` name services that exist, and the variables they set are read by main.bicepparam;
  - main.bicepparam compiled for the azd environments dev and prod gives the values of dev.bicepparam and
    prod.bicepparam (main.bicep's defaults standing in for values a file leaves out).
Usage: check-azd.py BICEP_CLI (scripts/check-infra.sh runs it). Exits 1 on any failure.
azd's own JSON Schema of azure.yaml is not published in a registry these checks can reach, so it is not used.
"""
import json
import os
import re
import sys

import yaml

from checkreport import bad, check, finish, ok, run_bicep

bicep = sys.argv[1]


# ---------- azure.yaml ----------
try:
    with open("azure.yaml", encoding="utf-8") as f:
        project = yaml.safe_load(f)
except (OSError, yaml.YAMLError) as e:
    bad(f"azure.yaml does not parse: {e}")
    sys.exit(1)
check(isinstance(project, dict) and project.get("name"), "azure.yaml parses and has a name", "azure.yaml has no name")

infra = project.get("infra", {})
infra_path, module = infra.get("path", "infra"), infra.get("module", "main")
check(infra.get("provider", "bicep") == "bicep", "azure.yaml: infra provider bicep", f"azure.yaml: infra provider {infra.get('provider')}, not bicep")
for name in (f"{module}.bicep", f"{module}.bicepparam"):
    path = os.path.join(infra_path, name)
    check(os.path.isfile(path), f"azure.yaml: infra {path} exists", f"azure.yaml: infra {path}: no such file")


# ---------- compiled templates: every resource, nested deployments included ----------
def resources(template):
    found = template.get("resources", [])
    for r in found.values() if isinstance(found, dict) else found:
        yield r
        nested = r.get("properties", {}).get("template") if r.get("type") == "Microsoft.Resources/deployments" else None
        if nested:
            yield from resources(nested)


def tag(resource, key):
    """The tag's value: from a tags object, or from the createObject('KEY', VALUE) in a tags expression."""
    tags = resource.get("tags")
    if isinstance(tags, dict):
        return tags.get(key)
    m = re.search(rf"createObject\('{re.escape(key)}',\s*('[^']*'|\w+\('[^']*'\))\)", tags or "")
    return m.group(1).removeprefix("'").removesuffix("'") if m else None




main = run_bicep(bicep, "build", os.path.join(infra_path, f"{module}.bicep")) or {}
everything = list(resources(main))
host_types = {"function": "Microsoft.Web/sites", "containerapp": "Microsoft.App/containerApps"}

groups = [r for r in everything if r.get("type") == "Microsoft.Resources/resourceGroups"]
env_tags = [tag(g, "azd-env-name") for g in groups]
check(groups and all(t == "parameters('environmentName')" for t in env_tags),
      "main.bicep: the resource group carries azd-env-name = environmentName",
      f"main.bicep: resource group tags azd-env-name {env_tags}, expected environmentName")
for output in ("AZURE_RESOURCE_GROUP", "AZURE_CONTAINER_REGISTRY_ENDPOINT"):
    check(output in main.get("outputs", {}), f"main.bicep: output {output} (read by azd)", f"main.bicep: no output {output}, which azd reads")

# ---------- services ----------
services = project.get("services") or {}
check(services, f"azure.yaml: services {', '.join(services)}", "azure.yaml: no services")
for name, svc in services.items():
    where = f"azure.yaml: service {name}"
    proj = svc.get("project", "")
    if not os.path.isdir(proj):
        bad(f"{where}: project {proj}: no such folder")
        continue
    ok(f"{where}: project {proj} exists")
    if svc.get("language") in ("dotnet", "csharp"):
        projects = [f for f in os.listdir(proj) if f.endswith(".csproj")]
        check(len(projects) == 1, f"{where}: {proj}/{projects[0] if projects else ''} is the project azd publishes", f"{where}: {proj} holds {len(projects)} .csproj files, not 1")
    docker = svc.get("docker")
    if docker is not None or svc.get("host") == "containerapp":
        docker = docker or {}
        dockerfile = os.path.normpath(os.path.join(proj, docker.get("path", "Dockerfile")))
        context = os.path.normpath(os.path.join(proj, docker.get("context", ".")))
        check(os.path.isfile(dockerfile), f"{where}: docker path {dockerfile} exists", f"{where}: docker path {dockerfile}: no such file")
        check(os.path.isdir(context) and os.path.samefile(context, "."),
              f"{where}: docker context {context} is the repository root, as the Dockerfile expects",
              f"{where}: docker context {context} is not the repository root the Dockerfile is built from")
        image = docker.get("image", "")
        runs = [r for r in everything if r.get("type") == host_types["containerapp"] and tag(r, "azd-service-name") == name]
        images = [c.get("image", "") for r in runs for c in r.get("properties", {}).get("template", {}).get("containers", [])]
        check(image and any(f"/{image}:" in i for i in images), f"{where}: image {image} is what its container app runs",
              f"{where}: docker image '{image}' is not the image of its container app ({images})")
    host = svc.get("host")
    kind = host_types.get(host)
    if kind is None:
        bad(f"{where}: host {host} is not one this check knows ({', '.join(host_types)})")
        continue
    tagged = [r for r in everything if tag(r, "azd-service-name") == name]
    check(len(tagged) == 1 and tagged[0].get("type") == kind,
          f"{where}: one {kind} carries azd-service-name = {name}",
          f"{where}: resources tagged azd-service-name = {name}: {[r.get('type') for r in tagged]}, expected one {kind}")
    for ext in (".bicep", ".bicepparam", ".parameters.json"):
        stray = os.path.join(infra_path, name + ext)
        check(not os.path.exists(stray), f"{where}: no {stray} (azd would deploy it as the service)", f"{where}: {stray} exists: azd would deploy it as the service")

# ---------- workflows ----------
params_text = open(os.path.join(infra_path, f"{module}.bicepparam"), encoding="utf-8").read()
for step in (project.get("workflows") or {}).get("up", []) or []:
    args = step.get("azd", "")
    args = args.split(" ") if isinstance(args, str) else args.get("args", [])
    if args[:1] in (["deploy"], ["publish"], ["package"]) and len(args) > 1 and not args[1].startswith("-"):
        check(args[1] in services, f"workflows.up: {' '.join(args)} names a service", f"workflows.up: {' '.join(args)}: no service {args[1]}")
        if args[0] == "publish":
            host = services.get(args[1], {}).get("host")
            check(host == "containerapp", f"workflows.up: publish {args[1]} is a container app", f"workflows.up: publish {args[1]}: host {host}, azd publishes container apps only")
    if args[:2] == ["env", "set"] and len(args) > 2:
        check(f"readEnvironmentVariable('{args[2]}'" in params_text, f"workflows.up: env set {args[2]} is read by {module}.bicepparam",
              f"workflows.up: env set {args[2]}: {module}.bicepparam does not read it")


# ---------- main.bicepparam = dev.bicepparam / prod.bicepparam ----------
def parameters(path, extra_env):
    compiled = run_bicep(bicep, "build-params", path, env=dict(os.environ, **extra_env))
    if compiled is None:
        return None
    values = json.loads(compiled["parametersJson"])["parameters"]
    return {k: v.get("value") for k, v in values.items()}


defaults = {k: v["defaultValue"] for k, v in main.get("parameters", {}).items() if "defaultValue" in v}
for env_name in ("dev", "prod"):
    azd = parameters(os.path.join(infra_path, f"{module}.bicepparam"), {"AZURE_ENV_NAME": env_name})
    manual = parameters(os.path.join(infra_path, f"{env_name}.bicepparam"), {})
    if azd is None or manual is None:
        continue
    differ = sorted(k for k in set(azd) | set(manual) if azd.get(k, defaults.get(k)) != manual.get(k, defaults.get(k)))
    check(not differ, f"{module}.bicepparam for azd environment {env_name} = {env_name}.bicepparam ({len(set(azd) | set(manual))} parameters)",
          f"{module}.bicepparam for azd environment {env_name} differs from {env_name}.bicepparam in {differ}")

finish()
