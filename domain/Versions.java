package domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model families and their versions, read from ids: the family is the id's words without numbers, sizes, dates
 * and pre-release words (gpt-5.5 and gpt-5.4: openai/gpt; qwen3.6-plus: qwen/qwen plus; claude-3-5-haiku and
 * claude-haiku-4.5: anthropic/claude haiku); the version is the first number that is not a size or a date
 * (5.5, 3.6, 3.5, 4.5; consecutive whole numbers join: mistral-medium-3-5 is 3.5; none reads as 0). A model is
 * superseded when its family has a higher version. A `:variant` is of its model's family and version.
 */
public final class Versions {
    static final Pattern SIZE = Pattern.compile("[ae]?\\d+(\\.\\d+)?[bmkt]");
    static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?"), DIGITS = Pattern.compile("[\\d.]+"), WHOLE = Pattern.compile("\\d+"),
            SEPARATOR = Pattern.compile("[-_]");

    public record Version(String family, double number) {}

    public static Version of(String id) {
        int colon = id.indexOf(':'), slash = id.indexOf('/');
        String base = colon < 0 ? id : id.substring(0, colon);
        String model = Editions.DATE.matcher(base.substring(slash + 1)).replaceAll("").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        String version = null;
        boolean joinable = false;
        for (String token : SEPARATOR.split(model)) {
            if (token.isEmpty() || Editions.PRE_RELEASE.contains(token) || SIZE.matcher(token).matches()) { joinable = false; continue; }
            Matcher n = NUMBER.matcher(token);
            boolean digits = token.chars().anyMatch(Character::isDigit) && n.find();
            if (digits && joinable && WHOLE.matcher(token).matches() && !version.contains(".")) {
                version += "." + token; // 3-5: 3.5
                continue;
            }
            joinable = false;
            if (digits && version == null) {
                version = n.group();
                joinable = token.equals(version);
            }
            String word = digits ? DIGITS.matcher(token).replaceAll("") : token;
            if (!word.isEmpty()) words.add(word);
        }
        return new Version(base.substring(0, slash) + "/" + String.join(" ", words), version == null ? 0 : Double.parseDouble(version));
    }

    /** Each model's version, by id. */
    public static Map<String, Version> of(List<Model> models) {
        Map<String, Version> out = new HashMap<>();
        models.forEach(m -> out.put(m.id(), of(m.id())));
        return out;
    }

    /** For every model a newer version of its family supersedes, the newest version (the newest listed on a tie). */
    public static Map<String, String> superseded(List<Model> models) { return superseded(models, of(models)); }

    static Map<String, String> superseded(List<Model> models, Map<String, Version> versions) {
        Map<String, List<Model>> families = new LinkedHashMap<>();
        for (Model m : models) families.computeIfAbsent(versions.get(m.id()).family(), k -> new ArrayList<>()).add(m);
        Map<String, String> out = new HashMap<>();
        for (List<Model> family : families.values()) {
            Model newest = family.stream().max(Comparator.comparingDouble((Model m) -> versions.get(m.id()).number())
                    .thenComparingLong(Model::created).thenComparing(Model::id, Comparator.reverseOrder())).orElseThrow();
            double top = versions.get(newest.id()).number();
            for (Model m : family) if (versions.get(m.id()).number() < top) out.put(m.id(), newest.id());
        }
        return out;
    }
}
