"""The obvious alternative to each read command, for the benchmark only: Python 3, standard library, the same files.

    python3 reads.py PROJECT top|list [N] | filter TYPE [N] | search [--tag T] [--cost TIER] [--json] | recommend | explain NAME

It reads data/models.json, the config's model_list (scanned line by line, as the sync writes it: no YAML library,
which would cost Python more than the whole command) and data/model_recommendations.json, and prints what magi
prints: the same rows in the same order (score, then newest, then name), with SERVED and the capabilities.
"""
import json
import sys

CAPABILITIES = ["function-calling", "vision", "reasoning", "web-search", "long-context", "coding"]


def config_entries(path):
    """(model_name, litellm_params.model, managed) of each model_list entry."""
    entries, entry = [], None
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        return entries
    for line in lines:
        text = line.split(" #")[0].strip()
        if text.startswith("- model_name:"):
            entry = {"model_name": text.split(":", 1)[1].strip(), "model": "", "managed": False}
            entries.append(entry)
        elif entry and text.startswith("model:"):
            entry["model"] = text.split(":", 1)[1].strip()
        elif entry and text.startswith("magi_managed:"):
            entry["managed"] = True
        elif line and not line.startswith(" "):
            entry = None
    return entries


def universe(project):
    """The catalog plus the config's own entries, and the names the config serves."""
    models = json.load(open(project + "/data/models.json", encoding="utf-8"))["models"]
    by_route = {m["provider"] + "/" + m["id"]: m for m in models}
    by_id = {m["id"]: m for m in models}
    served = set()
    for e in config_entries(project + "/config/litellm/config.yaml"):
        served.add(e["model_name"])
        routed = by_route.get(e["model"])
        if routed:
            served.add(routed["model_name"])
        elif not e["managed"]:
            provider = e["model"].split("/")[0] if "/" in e["model"] else "openai"
            same = by_id.get(e["model"])
            m = dict(same) if same else {"popularity": 0, "cost_tier": "", "tags": [provider], "input_cost_per_1m": 0.0,
                                         "output_cost_per_1m": 0.0, "context_length": 0, "created": 0}
            m.update(model_name=e["model_name"], id=e["model"], provider=provider)
            models.append(m)
    models.sort(key=lambda m: (-m["popularity"], -m["created"], m["model_name"]))
    return models, served


def money(v):
    return "0" if v == 0 else f"{v:.3f}" if v < 0.1 else f"{v:.2f}"


def context(n):
    if n <= 0:
        return "-"
    if n < 1000:
        return str(n)
    return f"{round(n / 1000)}k" if n < 1_000_000 else f"{n / 1e6:.1f}".replace(".0", "") + "M"


def table(rows, right):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r[:-1])]
        print("  ".join(cells + [r[-1]]).rstrip())


def show(models, served, as_json):
    if as_json:
        print(json.dumps([dict(m, in_config=m["model_name"] in served) for m in models], indent=2))
        return
    rows = [["NAME", "PROVIDER", "SCORE", "TIER", "IN $/1M", "OUT $/1M", "CONTEXT", "SERVED", "CAPABILITIES"]]
    for m in models:
        rows.append([m["model_name"], m["provider"], str(m["popularity"] or "-"), m["cost_tier"] or "-",
                     money(m["input_cost_per_1m"]), money(m["output_cost_per_1m"]), context(m["context_length"]),
                     "yes" if m["model_name"] in served else "no", ",".join(t for t in m["tags"] if t in CAPABILITIES)])
    table(rows, {2, 4, 5, 6})


def recommend(project, served):
    rec = json.load(open(project + "/data/model_recommendations.json", encoding="utf-8"))
    for c in rec["categories"].values():
        print(f"{c['title']}  ({c['rule']})")
        rows = [[f"  {i}.", p["model_name"], "served" if p["model_name"] in served else "not in config", p["reason"]]
                for i, p in enumerate(c["models"], 1)]
        if rows:
            table(rows, set())
        print()


def main(project, command, args):
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    models, served = universe(project)
    if command == "recommend":
        return recommend(project, served)
    if command == "explain":
        for m in models:
            if m["model_name"] == args[0]:
                for k, v in m.items():
                    print(f"{k:>26}  {v}")
        return
    keep, limit = (lambda m: True), 10
    if command == "list":
        keep, limit = (lambda m: m["model_name"] in served), 50
    elif command == "filter":
        kind = args.pop(0)
        keep, limit = (lambda m: kind in (m["cost_tier"], m["provider"]) or kind in m["tags"]), 20
    elif command == "search":
        tag = args[args.index("--tag") + 1] if "--tag" in args else None
        cost = args[args.index("--cost") + 1] if "--cost" in args else None
        keep, limit = (lambda m: (tag is None or tag in m["tags"]) and (cost is None or m["cost_tier"] == cost)), 20
        args = []
    if args:
        limit = int(args[0])
    hits = [m for m in models if keep(m)]
    show(hits[:limit] if limit else hits, served, as_json)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
