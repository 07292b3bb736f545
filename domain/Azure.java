package domain;

import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Azure OpenAI deployments, listed in AZURE_OPENAI_MODELS or discovered from the endpoint. */
public final class Azure {
    static final String DISCOVERY_VERSION = "2022-12-01";
    static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Azure OpenAI: the deployments listed in AZURE_OPENAI_MODELS, or else those the endpoint lists. Each
     * becomes azure/{deployment}; the endpoint and key stay environment references.
     */
    public static Offer offer(Fetcher fetcher, Env env, Criteria criteria, boolean force) {
        String endpoint = env.get("AZURE_OPENAI_ENDPOINT"), key = env.get("AZURE_OPENAI_API_KEY");
        if (endpoint == null || key == null) throw new Cli.Failure(Cli.USAGE, "azure: AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY must both be set; nothing changed");
        String version = env.get("AZURE_OPENAI_API_VERSION", "2024-08-01-preview");
        String listed = env.get("AZURE_OPENAI_MODELS"), source;
        List<String[]> deployments;
        if (listed != null) {
            source = "AZURE_OPENAI_MODELS";
            deployments = listed(listed);
        } else {
            source = endpoint.replaceAll("/+$", "") + "/openai/deployments?api-version=" + DISCOVERY_VERSION;
            Cli.info("fetching " + source);
            deployments = discovered(fetcher.json(source, Map.of("api-key", key), "AZURE_OPENAI_API_KEY"));
        }
        Providers.refuseEmpty(deployments.stream().noneMatch(d -> Family.mode(d[1]) != null), force, "no usable deployment in " + source);
        Map<String, String> modes = new HashMap<>();
        List<Model> models = new ArrayList<>();
        for (String[] d : deployments) {
            String mode = Family.mode(d[1]);
            if (mode == null || !criteria.modes().contains(mode)) {
                Cli.info("azure: leaving out deployment " + d[0] + " (" + d[1] + (mode == null ? ", not a model the sync knows" : ", mode " + mode) + ")");
                continue;
            }
            modes.put(d[0], mode);
            models.add(Family.model("azure", d[0], d[1], 0));
        }
        return new Offer("azure", source, models, 0, m -> {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("model", "azure/" + m.id());
            params.put("api_base", Entries.env("AZURE_OPENAI_ENDPOINT"));
            params.put("api_key", Entries.env("AZURE_OPENAI_API_KEY"));
            params.put("api_version", version);
            return Entries.direct(m, modes.get(m.id()), params, "azure/" + m.name());
        });
    }

    /** AZURE_OPENAI_MODELS: `deployment:model` items separated by commas; a malformed item is named and skipped. */
    static List<String[]> listed(String spec) {
        List<String[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            String[] pair = item.split(":", -1);
            if (pair.length != 2 || !DEPLOYMENT.matcher(pair[0]).matches() || !DEPLOYMENT.matcher(pair[1]).matches())
                Cli.warn("AZURE_OPENAI_MODELS: skipping '" + item + "': expected deployment:model (letters, digits, '.', '_', '-')");
            else if (!seen.add(pair[0]))
                Cli.warn("AZURE_OPENAI_MODELS: skipping '" + item + "': deployment " + pair[0] + " is listed twice; the first stays");
            else out.add(pair);
        }
        return out;
    }

    /** The deployments the data-plane API lists: those that succeeded, with a usable name and model. */
    static List<String[]> discovered(JsonValue body) {
        JsonValue data = body.isObject() ? body.asObject().get("data") : null;
        if (data == null || !data.isArray()) throw new Cli.Failure(Cli.FAILED, "the Azure deployments list has no 'data' list");
        List<String[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonValue v : data.asArray()) {
            String id = v.isObject() ? JsonFields.string(v.asObject().get("id")) : null, model = v.isObject() ? JsonFields.string(v.asObject().get("model")) : null;
            if (id == null || model == null || !DEPLOYMENT.matcher(id).matches() || !DEPLOYMENT.matcher(model).matches())
                Cli.warn("azure: skipping a malformed deployment: " + Cli.shortened(Cli.redact(String.valueOf(v)).lines().findFirst().orElse(""), 200));
            else if (!"succeeded".equals(JsonFields.string(v.asObject().get("status"))))
                Cli.warn("azure: skipping deployment " + id + ": its status is " + Cli.shortened(String.valueOf(JsonFields.string(v.asObject().get("status"))), 40));
            else if (!seen.add(id))
                Cli.warn("azure: skipping deployment " + id + ": the endpoint lists it twice; the first stays");
            else out.add(new String[] {id, model});
        }
        return out;
    }
}
