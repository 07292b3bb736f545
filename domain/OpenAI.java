package domain;

import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The direct OpenAI API (opt-in): the models of GET $OPENAI_API_BASE/models whose mode is wanted (default: chat). */
public final class OpenAI {
    public static Offer offer(Fetcher fetcher, Env env, Criteria criteria, boolean force) {
        String key = env.get("OPENAI_API_KEY");
        if (key == null) throw new Cli.Failure(Cli.USAGE, "openai: OPENAI_API_KEY is not set; nothing changed");
        String url = env.get("OPENAI_API_BASE", "https://api.openai.com/v1").replaceAll("/+$", "") + "/models";
        Cli.info("fetching " + url);
        Map<String, String> modes = new HashMap<>();
        List<Model> models = new ArrayList<>();
        int usable = 0;
        for (JsonValue v : JsonFields.list(fetcher.json(url, Map.of("Authorization", "Bearer " + key), "OPENAI_API_KEY"), url)) {
            String id = v.isObject() ? JsonFields.string(v.asObject().get("id")) : null;
            String mode = id == null || !Family.ID.matcher(id).matches() ? null : Family.mode(id);
            if (mode == null) continue; // not a model the sync knows (an OPENAI_API_BASE that is not OpenAI's)
            usable++;
            if (!criteria.modes().contains(mode)) continue;
            modes.put(id, mode);
            models.add(Family.model("openai", id, id, Math.max(0, JsonFields.whole(v.asObject().get("created")))));
        }
        Providers.refuseEmpty(usable == 0, force, url + " listed no usable model");
        return new Offer("openai", url, models, 0, m -> Entries.direct(m, modes.get(m.id()),
                Map.of("model", "openai/" + m.id(), "api_key", Entries.env("OPENAI_API_KEY")), null));
    }
}
