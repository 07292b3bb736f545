package domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, List<String>> byName = new HashMap<>();
        List<String> named = ids.parallelStream().map(id -> name("openrouter", id)).toList(); // pure: two cores name 100,000 ids
        for (int i = 0; i < ids.size(); i++) byName.computeIfAbsent(named.get(i), k -> new ArrayList<>()).add(ids.get(i));
        Map<String, String> out = new HashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>(byName.keySet());
        byName.keySet().stream().filter(n -> byName.get(n).size() > 1).sorted().forEach(name -> {
            List<String> group = byName.get(name);
            group.sort(Comparator.naturalOrder());
            for (int i = 1, k = 2; i < group.size(); i++, k++) {
                while (!taken.add(name + "-" + k)) k++;
                out.put(group.get(i), name + "-" + k);
            }
        });
        byName.forEach((name, group) -> out.putIfAbsent(group.get(0), name)); // the first of each keeps its name
        return out;
    }
}
