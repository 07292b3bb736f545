package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/**
 * The scans that read an id's words, size, dates and version do by hand what these regular expressions did (a
 * sync reads every id of a catalog of up to 100,000, several times): they must agree on any id.
 */
class IdScanTest {
    static final Pattern NON_WORD = Pattern.compile("[^a-z0-9.]+"), PARAMS = Pattern.compile("(\\d+(?:\\.\\d+)?)b");
    static final Pattern DATE = Pattern.compile("-(?:\\d{4}-\\d{2}-\\d{2}|\\d{2}-\\d{4}|\\d{2}-\\d{2}|\\d{8}|\\d{6}|\\d{4}|\\d{3})(?=-|$)");
    static final Pattern SIZE = Pattern.compile("[ae]?\\d+(\\.\\d+)?[bmkt]");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9~][A-Za-z0-9._~-]*/[A-Za-z0-9][A-Za-z0-9._:+@-]*");
    static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?"), DIGITS = Pattern.compile("[\\d.]+"), WHOLE = Pattern.compile("\\d+"),
            SEPARATOR = Pattern.compile("[-_]");
    /** The characters that matter to these scans (digits most), and a few that do not. */
    static final String ALPHABET = "0123456789012345678901234567890123456789..--__abekmtxBKT/ \n\r\u0085\u2028\u0663\u00e9";
    static final List<String> WORDS = List.of("-2024-11-20", "-09-2025", "-02-23", "-0613", "-001", "-preview", "-beta", "-3-5", "-70b", "-a22b",
            "-4.5", "-e4b", "-1.5t", ":free", "-");

    static String random(Random r) {
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "openai/" : "x/");
        for (int n = r.nextInt(20); n > 0; n--)
            sb.append(r.nextInt(5) == 0 ? WORDS.get(r.nextInt(WORDS.size())) : String.valueOf(ALPHABET.charAt(r.nextInt(ALPHABET.length()))));
        return sb.toString();
    }

    /** Versions.of as it was, with regular expressions. */
    static Versions.Version versionByRegex(String id) {
        int colon = id.indexOf(':'), slash = id.indexOf('/');
        String base = colon < 0 ? id : id.substring(0, colon);
        String model = DATE.matcher(base.substring(slash + 1)).replaceAll("").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        String version = null;
        boolean joinable = false;
        for (String token : SEPARATOR.split(model)) {
            if (token.isEmpty() || Editions.PRE_RELEASE.contains(token) || SIZE.matcher(token).matches()) { joinable = false; continue; }
            Matcher n = NUMBER.matcher(token);
            boolean digits = token.chars().anyMatch(Character::isDigit) && n.find();
            if (digits && joinable && WHOLE.matcher(token).matches() && !version.contains(".")) {
                version += "." + token;
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
        return new Versions.Version(base.substring(0, slash) + "/" + String.join(" ", words), version == null ? 0 : Double.parseDouble(version));
    }

    static void agree(String id) {
        String model = id.substring(id.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        List<String> words = List.of(NON_WORD.split(model));
        assertEquals(words, Tags.words(id), id);
        double params = 0;
        for (String w : words) {
            Matcher m = PARAMS.matcher(w);
            if (m.matches()) {
                params = Double.parseDouble(m.group(1));
                break;
            }
        }
        assertEquals(params, Tags.parameters(words), id);
        for (String w : words) assertEquals(SIZE.matcher(w).matches(), Versions.size(w), w);
        assertEquals(DATE.matcher(id).replaceAll(""), Editions.undated(id), id);
        assertEquals(DATE.matcher(Listing.base(id)).find(), Editions.dated(id), id);
        assertEquals(versionByRegex(id), Versions.of(id), id);
        assertEquals(ID.matcher(id).matches(), Listing.validId(id), id);
    }

    @Test
    void anIdIsValidExactlyWhenThePatternSaysSo() {
        Random r = new Random(7);
        String alphabet = "aZ09~._-/:+@ \u00e9\n/";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = r.nextInt(10); n > 0; n--) id.append(alphabet.charAt(r.nextInt(alphabet.length())));
            assertEquals(ID.matcher(id).matches(), Listing.validId(id.toString()), id.toString());
        }
    }

    @Test
    void theScansAgreeWithTheRegularExpressionsTheyReplace() {
        Random r = new Random(14);
        for (int i = 0; i < 200_000; i++) agree(random(r));
    }

    /** Purpose's first look, as it was: the id in lower case holds a stem. */
    static boolean stemByLowerCase(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return Purpose.STEMS.stream().anyMatch(lower::contains);
    }

    @Test
    void aStemIsFoundAsInTheIdInLowerCase() {
        Random r = new Random(11);
        List<String> parts = List.of("guard", "GUARD", "Auto", "free", "FrEe", "ocr", "re", "search", "research", "agent", "clas", "sifier",
                "\u0131", "\u017f", "\u0130", "\u212a", "-", "x", "/", ":", "\u00e9");
        for (int i = 0; i < 100_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = r.nextInt(8); n > 0; n--) id.append(parts.get(r.nextInt(parts.size())));
            assertEquals(stemByLowerCase(id.toString()), Purpose.stemIn(id.toString()), id.toString());
        }
        for (String id : List.of("x/clas\u0131fier", "x/re\u017fearch", "x/AUTO", "x/\u0130free")) assertEquals(stemByLowerCase(id), Purpose.stemIn(id), id);
    }

    @Test
    void theScansAgreeOnEveryIdOfTheRecordedCatalog() {
        for (JsonValue v : Json.parse(Fixtures.openRouter()).asObject().get("data").asArray()) {
            String id = v.asObject().getString("id", "");
            agree(id);
            agree(id + "-s12345"); // as the benchmark's synthetic catalogs name them
            assertEquals(stemByLowerCase(id), Purpose.stemIn(id), id);
        }
    }
}
