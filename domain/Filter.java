package domain;

import com.eclipsesource.json.JsonValue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Which catalog listings a sync keeps, and when a whole catalog is refused as suspicious. */
public final class Filter {
    /** Refuse (without --force) when more than this share of entries is malformed, or the kept count falls by more. */
    static final double MAX_BAD_SHARE = 0.5, MAX_DROP_SHARE = 0.5;

    /** The rules in the order they are applied: each listing is dropped by the first it fails (see dropReason, then Editions). */
    public static final List<String> RULES = List.of("expired", "variable-price", "not-chat", "alias", "variant", "free", "criteria",
            "edition", "preview", "snapshot");

    /** A listing the sync left out: the rule that dropped it and, for an edition, preview or snapshot, the id it gives way to. */
    public record Drop(String id, String reason, String to) {}

    /**
     * Why a valid listing is dropped, or null to keep it. In order: past its expiration_date; variable price (-1);
     * not a chat model (no text output, or an output such as image or audio that output_modalities does not allow);
     * an alias (`~provider/...-latest`); a variant the criteria do not keep (`:extended`, `:beta`, ...); free when
     * free models are off; the operator's criteria. Editions then keeps one entry per model.
     */
    public static String dropReason(Listing l, Criteria c, LocalDate today) {
        if (l.expires() != null && l.expires().isBefore(today)) return "expired";
        if (l.variablePrice()) return "variable-price";
        if (!c.chat(l)) return "not-chat";
        if (l.id().startsWith("~")) return "alias";
        String variant = l.variant();
        if (!variant.isEmpty() && !variant.equals("free") && !c.keepVariants().contains(variant)) return "variant";
        if (l.free() && !c.freeModels()) return "free";
        return c.rejects(l) ? "criteria" : null;
    }

    /** The outcome of filtering a catalog: the listings kept, in catalog order, and what was dropped why. */
    public record Sifted(List<Listing> kept, int total, int malformed, int duplicates, Map<String, Integer> dropped, List<Drop> drops) {
        /** The valid listings, kept or dropped. */
        public int listed() { return total - malformed - duplicates; }

        public String summary() {
            StringBuilder sb = new StringBuilder("catalog: " + total + " models, kept " + kept.size());
            dropped.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v));
            if (malformed > 0) sb.append(", malformed ").append(malformed);
            if (duplicates > 0) sb.append(", duplicate ").append(duplicates);
            return sb.toString();
        }
    }

    /** Filters catalog entries one at a time, as they are parsed. */
    public static final class Sifter {
        final Criteria criteria;
        final LocalDate today;
        final List<Listing> kept = new ArrayList<>();
        final Map<String, Integer> dropped = new TreeMap<>();
        final List<Drop> drops = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        int total, malformed, duplicates;

        public Sifter(Criteria criteria, LocalDate today) {
            this.criteria = criteria;
            this.today = today;
        }

        public void accept(JsonValue v) {
            total++;
            Listing l = Listing.parse(v);
            if (l == null) { malformed++; return; }
            if (!seen.add(l.id())) { duplicates++; return; }
            String why = dropReason(l, criteria, today);
            if (why == null) kept.add(l);
            else drop(new Drop(l.id(), why, null));
        }

        /** Checks the document's shape (its data list was streamed through accept). */
        public Sifted finish(JsonValue document, boolean hasData) {
            if (!document.isObject() || document.asObject().get("data") == null)
                throw new Cli.Failure(Cli.FAILED, "the catalog has no 'data' list");
            if (!hasData) throw new Cli.Failure(Cli.FAILED, "the catalog's 'data' is not a list");
            if (total == 0) throw new Cli.Failure(Cli.FAILED, "the catalog is empty");
            Editions.Result one = Editions.apply(dated(kept, today.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond()),
                    criteria.keepEditions());
            one.drops().forEach(this::drop);
            return new Sifted(one.kept(), total, malformed, duplicates, dropped, drops);
        }

        void drop(Drop d) {
            dropped.merge(d.reason(), 1, Integer::sum);
            drops.add(d);
        }
    }

    /**
     * The listings, those dated after `tomorrow` (the sync's clock) counted as listed on the newest date before it:
     * a date in the future is a data error that would age every other model (Score's recency) and move price
     * windows. Unless most are: then the clock is wrong, and the catalog is judged by itself.
     */
    static List<Listing> dated(List<Listing> kept, long tomorrow) {
        long future = kept.stream().filter(l -> l.created() > tomorrow).count();
        if (future == 0 || future * 2 > kept.size()) return kept;
        long newest = kept.stream().mapToLong(Listing::created).filter(c -> c <= tomorrow).max().orElse(0);
        return kept.stream().map(l -> l.created() > tomorrow ? l.listedAt(newest) : l).toList();
    }

    /** What the last sync's catalog is compared with: its kept models (under the same filter), or its listings (0: not compared). */
    public record Baseline(int kept, int listed) {}

    /** A catalog the sync must not trust without --force: mostly malformed, filtered to nothing, or shrunk by half. */
    public static void refuseIfSuspicious(Sifted s, Baseline previous, boolean force) {
        String why = null;
        if (s.malformed() > s.total() * MAX_BAD_SHARE)
            why = s.malformed() + " of " + s.total() + " catalog entries are malformed";
        else if (s.kept().isEmpty())
            why = "no model passed the filter";
        else if (previous.kept() > 0 && s.kept().size() < previous.kept() * (1 - MAX_DROP_SHARE))
            why = "the catalog shrank from " + previous.kept() + " to " + s.kept().size() + " kept models";
        else if (previous.listed() > 0 && s.listed() < previous.listed() * (1 - MAX_DROP_SHARE))
            why = "the catalog shrank from " + previous.listed() + " to " + s.listed() + " models";
        if (why == null) return;
        if (force) Cli.warn(why + "; accepted because of --force");
        else throw new Cli.Failure(Cli.FAILED, why + "; use --force to accept it");
    }
}
