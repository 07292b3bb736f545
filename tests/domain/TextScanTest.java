package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scans that mask and clean what a terminal is shown, and read .env names, do by hand what these regular
 * expressions did (a read command's JVM pays for a regex's lambdas): they must agree on any text.
 */
class TextScanTest {
    static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");
    static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069&&[^\t]]");
    static final Pattern ENV_USER_INFO = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://([^/@:\\s]*(?::([^/@\\s]*))?)@");
    static final Pattern VARIABLE = Pattern.compile("[\\p{L}\\p{N}_.\\[\\]-]+");
    static final Pattern NAME = Pattern.compile("[_A-Za-z][_A-Za-z0-9]*");
    /** The characters that matter to these scans, and a few that do not. */
    static final String ALPHABET = "aZ09+.-:/@_ \t\n\r\u000b\u001b\u007f\u0085\u00a0\u200e\u202e\u2066\u2069\u00e9\u0663\u2167[]$#x";

    static String random(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(24); n > 0; n--)
            sb.append(r.nextInt(8) == 0 ? "://" : String.valueOf(ALPHABET.charAt(r.nextInt(ALPHABET.length()))));
        return sb.toString();
    }

    @Test
    void theScansAgreeWithTheRegularExpressionsTheyReplace() {
        Random r = new Random(14);
        for (int i = 0; i < 300_000; i++) {
            String s = random(r);
            assertEquals(USER_INFO.matcher(s).replaceAll("$1***@"), Cli.maskUserInfo(s), s);
            assertEquals(CONTROL.matcher(s).replaceAll("?"), Cli.clean(s), s);
            Matcher m = ENV_USER_INFO.matcher(s);
            String[] parts = Env.userInfo(s);
            if (m.lookingAt()) assertArrayEquals(new String[] {m.group(1), m.group(2)}, parts, s);
            else assertArrayEquals(new String[2], parts, s);
            assertEquals(VARIABLE.matcher(s).matches(), Env.variableName(s), s);
            for (int from = 0; from <= s.length(); from++) {
                Matcher n = NAME.matcher(s).region(from, s.length());
                assertEquals(n.lookingAt() ? n.end() : from, Env.nameEnd(s, from), s + " from " + from);
            }
        }
    }

    @Test
    void secretNamesAreFoundInAnyCase() {
        for (Map.Entry<String, Boolean> e : Map.of("OPENROUTER_API_KEY", true, "my_token", true, "Db_PassWord", true, "client_secret_x", true,
                "PATH", false, "MONKEY_BUSINESS", true, "TOKE", false).entrySet())
            assertEquals(e.getValue(), Env.secretName(e.getKey()), e.getKey());
    }
}
