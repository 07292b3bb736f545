package domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model_name clients select: `{provider}/{id}` with '/' and ':' turned into '-' and any character outside
 * [A-Za-z0-9._-] replaced by '-' (openai/gpt-4o on OpenRouter is openrouter/openai-gpt-4o; the variant after ':'
 * is joined with '-'). The original id stays in litellm_params.model.
 */
public final class Naming {
    public static String name(String provider, String id) {
        StringBuilder sb = new StringBuilder(provider.length() + 1 + id.length()).append(provider).append('/');
        boolean hyphen = false; // one '-' for each run of anything else, '/', ':' and '-' included
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_';
            if (safe || !hyphen) sb.append(safe ? c : '-');
            hyphen = !safe;
        }
        return sb.toString();
    }

    /**
     * The names of OpenRouter ids. Ids that map to the same name (rare) are told apart by the lexicographic order
     * of their ids: the first keeps the name, the next get the first of -2, -3, ... that no other id is named
     * (`a.b:thinking` and `a.b-thinking` share a name, and `a.b-thinking-2` has that suffix as its own).
     */
    public static Map<String, String> names(List<String> ids) {
        List<String> named = ids.parallelStream().map(id -> name("openrouter", id)).toList(); // pure: two cores name 100,000 ids
        Map<String, String> owner = new HashMap<>(2 * ids.size()); // every name taken, and the first id it was made of
        Map<String, List<String>> clashes = new TreeMap<>(); // a name made of several ids, and those ids
        Map<String, String> out = new HashMap<>(2 * ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i), name = named.get(i), first = owner.putIfAbsent(name, id);
            if (first != null) clashes.computeIfAbsent(name, k -> new ArrayList<>(List.of(first))).add(id);
            out.put(id, name);
        }
        clashes.forEach((name, group) -> {
            group.sort(Comparator.naturalOrder()); // the first keeps the name
            for (int i = 1, k = 2; i < group.size(); i++, k++) {
                while (owner.putIfAbsent(name + "-" + k, group.get(i)) != null) k++;
                out.put(group.get(i), name + "-" + k);
            }
        });
        return out;
    }
}
