"""The obvious alternative, for the benchmark only: load data/models.json and print the same top 10."""
import json
import sys

models = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "data/models.json"))["models"]
models.sort(key=lambda m: (-m["popularity"], m["model_name"]))
print(f"{'NAME':<45} {'PROVIDER':<10} {'SCORE':>5}  {'TIER':<8} {'IN $/1M':>8} {'OUT $/1M':>8} {'CONTEXT':>8}")
for m in models[:10]:
    print(f"{m['model_name']:<45} {m['provider']:<10} {m['popularity']:>5}  {m['cost_tier']:<8} "
          f"{m['input_cost_per_1m']:>8.2f} {m['output_cost_per_1m']:>8.2f} {m['context_length']:>8}")
