package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Terminal tables. */
class TableTest {
    @AfterEach
    void forget() { Cli.hide(List::of); }

    @Test
    void nothingHostileReachesTheTerminal() {
        Cli.hide(() -> List.of("sk-SENTINEL-table-77"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Table.table(List.of(new String[] {"NAME", "REASON"}, new String[] {"evil\u001b]0;owned\u0007\u001b[2J", "has sk-SENTINEL-table-77 \u202eright\r\nforged"}),
                Set.of(), true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), "one line a row: " + out);
        assertTrue(out.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e), out);
        assertFalse(out.contains("SENTINEL"), out);
    }
}
