package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tables on narrow terminals: the SERVED column stays, names are shortened instead; and the table's numbers. */
@org.junit.jupiter.api.parallel.ResourceLock("domain.Cli") // the masked keys are the whole JVM's
class TableTest {
    static final String[] HEADER = {"NAME", "PROVIDER", "SCORE", "TIER", "IN $/1M", "OUT $/1M", "CONTEXT", "SERVED", "CAPABILITIES"};

    static List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER.clone());
        rows.add(new String[] {"openrouter/google-gemini-3.1-flash-lite-preview-06-17", "openrouter", "90", "budget", "0.25", "1.50", "1M", "yes", "function-calling,vision,reasoning,long-context"});
        rows.add(new String[] {"openrouter/anthropic-claude-opus-4.7", "openrouter", "85", "premium", "5.00", "25.00", "1M", "no", "function-calling,vision,reasoning"});
        rows.add(new String[] {"azure/prod-gpt4o", "azure", "47", "standard", "2.50", "10.00", "128k", "yes", "function-calling,vision"});
        rows.add(new String[] {"gpt-4o", "openai", "-", "-", "0", "0", "-", "yes", ""});
        return rows;
    }

    static List<String> print(List<String[]> rows, int width) {
        StringBuilder text = new StringBuilder();
        Table.fitNames(rows, width, Table.SERVED);
        Table.table(rows, Set.of(2, 4, 5, 6), true, text, width);
        return text.toString().lines().toList();
    }

    @Test
    void item7At80To100ColumnsTheServedColumnStaysAndNamesAreShortened() {
        for (int width = 80; width <= 100; width++) {
            List<String> lines = print(rows(), width);
            int served = lines.get(0).indexOf("SERVED");
            assertTrue(served > 0, width + " columns: " + lines.get(0));
            for (String l : lines) assertTrue(l.length() <= width, width + " columns: " + l);
            assertEquals(List.of("SERVED", "yes", "no", "yes", "yes"),
                    lines.stream().map(l -> l.substring(served, Math.min(l.length(), served + 6)).strip()).toList(), width + " columns:\n" + String.join("\n", lines));
            assertTrue(lines.get(1).startsWith("\u2026goog") || lines.get(1).startsWith("openrouter/"), "shortened, not cut: " + lines.get(1));
            assertTrue(lines.get(4).startsWith("gpt-4o "), "a short name is left whole: " + lines.get(4));
        }
    }

    @Test
    void aWideTerminalOrAPipeGetsTheWholeTable() {
        List<String> piped = print(rows(), 0);
        assertTrue(piped.get(1).startsWith("openrouter/google-gemini-3.1-flash-lite-preview-06-17  openrouter"));
        assertTrue(piped.get(1).endsWith("long-context"));
        assertEquals(piped, print(rows(), 200), "nothing is cut when it fits");
    }

    @Test
    void namesLoseTheRepeatedProviderFirstThenTheirMiddle() {
        assertEquals("\u2026anthropic-claude-opus-4.7", Table.shorten("openrouter/anthropic-claude-opus-4.7", "openrouter", 26));
        assertEquals("\u2026anthro\u2026pus-4.7", Table.shorten("openrouter/anthropic-claude-opus-4.7", "openrouter", 15));
        assertEquals(15, Table.shorten("openrouter/anthropic-claude-opus-4.7", "openrouter", 15).length());
        assertEquals("azure/prod-gpt4o", Table.shorten("azure/prod-gpt4o", "azure", 16));
        assertEquals("my-ve\u2026n-name", Table.shorten("my-very-long-hand-written-name", "openai", 12), "a hand-written name has no prefix to drop");
    }

    @AfterEach
    void forget() { Cli.hide(List::of); }

    @Test
    void aKeyInANameIsMaskedBeforeTheNameIsShortened() {
        String key = "SENTINEL-key-in-a-name-0123456789";
        Cli.hide(() -> List.of(key));
        Model m = new Model("openrouter/x-" + key + "-model", "x/" + key, "x", "openrouter", 90, "budget", List.of("x", "vision"), 0.1, 0.2, 8192, 0, false, true, false, 0);
        for (int width = 50; width <= 120; width += 7) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Table.print(List.of(Table.row(m, true)), new PrintStream(b, true, StandardCharsets.UTF_8), width);
            String out = b.toString(StandardCharsets.UTF_8);
            for (int i = 0; i + 6 <= key.length(); i++) assertFalse(out.contains(key.substring(i, i + 6)), width + " columns, a part of the key: " + out);
        }
    }

    @Test
    void nothingHostileReachesTheTerminal() {
        Cli.hide(() -> List.of("sk-SENTINEL-table-77"));
        StringBuilder text = new StringBuilder();
        Table.table(List.of(new String[] {"NAME", "REASON"}, new String[] {"evil\u001b]0;owned\u0007\u001b[2J", "has sk-SENTINEL-table-77 \u202eright\r\nforged"}),
                Set.of(), true, text);
        String out = text.toString();
        assertEquals(2, out.lines().count(), "one line a row: " + out);
        assertTrue(out.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e), out);
        assertFalse(out.contains("SENTINEL"), out);
    }

    @Test
    void decimalsAreWhatTheFormatPrintsTiesIncluded() {
        Random random = new Random(14);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 6) {
                case 0 -> random.nextInt(100_000) / 1e4;                  // prices as catalogs give them
                case 1 -> (random.nextInt(20_000) + 0.5) / 1000;          // ties at 3 places
                case 2 -> (random.nextInt(2_000) + 0.5) / 100;            // ties at 2 places
                case 3 -> (random.nextInt(20_000) + 0.5) / 10;            // ties at 1 place (1.05M tokens)
                case 4 -> random.nextBoolean() ? Math.nextUp((random.nextInt(20_000) + 0.5) / 1000) // a double beside a tie
                        : Math.nextDown((random.nextInt(20_000) + 0.5) / 100);
                default -> random.nextDouble() * Math.pow(10, random.nextInt(12) - 4);
            };
            for (int places = 1; places <= 3; places++)
                assertEquals(String.format(Locale.ENGLISH, "%." + places + "f", v), Table.decimals(v, places), v + " to " + places);
        }
    }

    @Test
    void groupedAndPaddedAreWhatTheFormatPrints() {
        Random random = new Random(25);
        for (int i = 0; i < 100_000; i++) {
            long n = i < 2_000 ? i - 1_000 : i == 2_000 ? Long.MIN_VALUE : random.nextLong() >> random.nextInt(63);
            assertEquals(String.format(Locale.ENGLISH, "%,d", n), Table.grouped(n), String.valueOf(n));
            String s = Long.toString(n);
            int width = random.nextInt(25);
            assertEquals(String.format("%-" + Math.max(1, width) + "s", s), Table.pad(s, Math.max(1, width), true));
            assertEquals(String.format("%" + Math.max(1, width) + "s", s), Table.pad(s, Math.max(1, width), false));
        }
    }

    @Test
    void moneyAndContextReadAsBefore() {
        assertEquals("0.060", Table.money(0.06));
        assertEquals("1.13", Table.money(1.125));
        assertEquals("0", Table.money(0));
        assertEquals("1.1M", Table.context(1_050_000));
        assertEquals("1M", Table.context(1_048_576));
        assertEquals("262k", Table.context(262_144));
    }
}
