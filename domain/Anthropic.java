package domain;

import com.eclipsesource.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The direct Anthropic API (opt-in): every page of GET $ANTHROPIC_API_BASE/v1/models; all are chat models. */
public final class Anthropic {
    /** Pages followed at most: a provider that always says has_more cannot keep the sync busy. */
    static final int MAX_PAGES = 100;

    public static Offer offer(Fetcher fetcher, Env env, boolean force) {
        String key = env.get("ANTHROPIC_API_KEY");
        if (key == null) throw new Cli.Failure(Cli.USAGE, "anthropic: ANTHROPIC_API_KEY is not set; nothing changed");
        String base = env.get("ANTHROPIC_API_BASE", "https://api.anthropic.com").replaceAll("/+$", "") + "/v1/models";
        Map<String, String> headers = Map.of("x-api-key", key, "anthropic-version", "2023-06-01");
        List<Model> models = new ArrayList<>();
        String after = null;
        java.util.Set<String> cursors = new java.util.HashSet<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = base + "?limit=100" + (after == null ? "" : "&after_id=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            Cli.info("fetching " + url);
            JsonValue body = fetcher.json(url, headers, "ANTHROPIC_API_KEY");
            for (JsonValue v : JsonFields.list(body, url)) {
                String id = v.isObject() ? JsonFields.string(v.asObject().get("id")) : null;
                if (id == null || !Family.ID.matcher(id).matches()) continue;
                long created = 0;
                try {
                    created = Instant.parse(JsonFields.string(v.asObject().get("created_at"))).getEpochSecond();
                } catch (RuntimeException e) { /* no date: created stays unknown */ }
                String name = JsonFields.string(v.asObject().get("display_name"));
                models.add(Family.model("anthropic", id, name == null ? id : name, created));
            }
            JsonValue more = body.asObject().get("has_more");
            after = more != null && more.isTrue() ? JsonFields.string(body.asObject().get("last_id")) : null;
            if (more != null && more.isTrue() && after == null) throw new Cli.Failure(Cli.FAILED, url + " says it has more models, but gives no last_id to ask for them");
            if (after != null && !cursors.add(after)) throw new Cli.Failure(Cli.FAILED, url + " gave a page cursor (last_id) it gave before");
            if (Cli.holdsSecret(after)) // it would be sent back in the next URL and shown in messages
                throw new Cli.Failure(Cli.FAILED, url + " answered with a page cursor (last_id) that holds a key; refused");
            if (after == null) break;
        }
        if (after != null) throw new Cli.Failure(Cli.FAILED, base + " has more than " + MAX_PAGES + " pages of models");
        Providers.refuseEmpty(models.isEmpty(), force, base + " listed no usable model");
        return new Offer("anthropic", base, models, 0, m -> Entries.direct(m, "chat",
                Map.of("model", "anthropic/" + m.id(), "api_key", Entries.env("ANTHROPIC_API_KEY")), null));
    }
}
