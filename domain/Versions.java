package domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model families and their versions, read from ids: the family is the id's words without numbers, sizes, dates
 * and pre-release words (gpt-5.5 and gpt-5.4: openai/gpt; qwen3.6-plus: qwen/qwen plus; claude-3-5-haiku and
 * claude-haiku-4.5: anthropic/claude haiku); the version is the first number that is not a size or a date
 * (5.5, 3.6, 3.5, 4.5; consecutive whole numbers join: mistral-medium-3-5 is 3.5; none reads as 0). A model is
 * superseded when its family has a higher version. A `:variant` is of its model's family and version.
 */
public final class Versions {
    public record Version(String family, double number) {}

    /** Scanned by hand, not with regular expressions: a sync reads the version of every id of the catalog (IdScanTest). */
    public static Version of(String id) {
        int colon = id.indexOf(':'), slash = id.indexOf('/');
        String base = colon < 0 ? id : id.substring(0, colon);
        String model = Editions.undated(base.substring(slash + 1)).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        String version = null;
        boolean joinable = false;
        for (String token : tokens(model)) {
            if (token.isEmpty() || Editions.PRE_RELEASE.contains(token) || size(token)) { joinable = false; continue; }
            int at = firstDigit(token);
            boolean digits = at >= 0;
            if (digits && joinable && Tags.digits(token, 0, token.length()) && !version.contains(".")) {
                version += "." + token; // 3-5: 3.5
                continue;
            }
            joinable = false;
            if (digits && version == null) {
                version = number(token, at);
                joinable = token.equals(version);
            }
            String word = digits ? withoutDigits(token) : token;
            if (!word.isEmpty()) words.add(word);
        }
        return new Version(base.substring(0, slash) + "/" + String.join(" ", words), version == null ? 0 : Double.parseDouble(version));
    }

    /** The parts between each '-' or '_', trailing empty ones left out (what splitting at [-_] gives). */
    static List<String> tokens(String model) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < model.length(); i++)
            if (model.charAt(i) == '-' || model.charAt(i) == '_') {
                out.add(model.substring(start, i));
                start = i + 1;
            }
        if (out.isEmpty()) return List.of(model);
        out.add(model.substring(start));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** A size word: an optional a or e, a number, then b, m, k or t (70b, 1.5t, a22b, e4b). */
    static boolean size(String token) {
        int from = token.isEmpty() || token.charAt(0) != 'a' && token.charAt(0) != 'e' ? 0 : 1, last = token.length() - 1;
        return last > from && "bmkt".indexOf(token.charAt(last)) >= 0 && Tags.decimal(token.substring(from), last - from);
    }

    static int firstDigit(String token) {
        for (int i = 0; i < token.length(); i++) if (digit(token, i)) return i;
        return -1;
    }

    /** The number that starts at `at`: its digits, and a decimal point with the digits after it, if any (3, 4.5). */
    static String number(String token, int at) {
        int end = at;
        while (digit(token, end)) end++;
        if (end < token.length() && token.charAt(end) == '.' && digit(token, end + 1)) {
            end += 2;
            while (digit(token, end)) end++;
        }
        return token.substring(at, end);
    }

    static boolean digit(String s, int i) { return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; }

    /** The token without its digits and decimal points. */
    static String withoutDigits(String token) {
        StringBuilder sb = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) sb.append(c);
        }
        return sb.toString();
    }

    /** Each model's version, by id. */
    public static Map<String, Version> of(List<Model> models) {
        List<Version> versions = models.parallelStream().map(m -> of(m.id())).toList(); // pure: two cores read 100,000 ids
        Map<String, Version> out = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) out.put(models.get(i).id(), versions.get(i));
        return out;
    }

    /** For every model a newer version of its family supersedes, the newest version (the newest listed on a tie). */
    public static Map<String, String> superseded(List<Model> models) { return superseded(models, of(models)); }

    static Map<String, String> superseded(List<Model> models, Map<String, Version> versions) {
        Version[] version = new Version[models.size()];
        Map<String, Integer> newest = new HashMap<>(); // each family's newest model, by its index
        for (int i = 0; i < version.length; i++) {
            version[i] = versions.get(models.get(i).id());
            newest.merge(version[i].family(), i, (a, b) -> newer(models.get(a), version[a], models.get(b), version[b]) ? a : b);
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < version.length; i++) {
            int top = newest.get(version[i].family());
            if (version[i].number() < version[top].number()) out.put(models.get(i).id(), models.get(top).id());
        }
        return out;
    }

    /** Whether a is the newer of two models of one family: the higher version, then listed later, then the first by id. */
    static boolean newer(Model a, Version va, Model b, Version vb) {
        int c = Double.compare(va.number(), vb.number());
        if (c == 0) c = Long.compare(a.created(), b.created());
        return c != 0 ? c > 0 : a.id().compareTo(b.id()) <= 0;
    }
}
