package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table's numbers: printed as String.format("%.Nf") prints them, without its cost. */
class TableTest {
    @Test
    void decimalsAreWhatTheFormatPrintsTiesIncluded() {
        Random random = new Random(14);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextInt(100_000) / 1e4;                  // prices as catalogs give them
                case 1 -> (random.nextInt(20_000) + 0.5) / 1000;          // ties at 3 places
                case 2 -> (random.nextInt(2_000) + 0.5) / 100;            // ties at 2 places
                default -> random.nextDouble() * Math.pow(10, random.nextInt(12) - 4);
            };
            for (int places = 1; places <= 3; places++)
                assertEquals(String.format(Locale.ENGLISH, "%." + places + "f", v), Table.decimals(v, places), v + " to " + places);
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
