package domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the read commands' filters look at of every model, packed into one array so that `search` and `filter` run
 * over a whole catalog without decoding a model (a read command's JVM interprets what it runs: decoding every model
 * of a catalog cost `search` more than all its other work). A model is `stride` bytes: its score (-1 below 0, 101
 * above 100: only a hand-edited models.json has those), then a bit for each tag, each provider and each cost tier,
 * one for image input and one for figures from evidence, in that order (tags and providers as the universe lists
 * them). The index keeps these bytes as they are.
 */
public final class Facets {
    final byte[] bytes;
    final int offset, stride, tags, providers;

    Facets(byte[] bytes, int offset, int tags, int providers) {
        this.bytes = bytes;
        this.offset = offset;
        this.tags = tags;
        this.providers = providers;
        this.stride = stride(tags, providers);
    }

    static int stride(int tags, int providers) { return 1 + (tags + providers + Tier.ALL.size() + 2 + 7) / 8; }

    /** The facets of `models`, whose tags and providers are among `tags` and `providers`. */
    static Facets of(List<Model> models, Set<String> tags, Set<String> providers) {
        Map<String, Integer> tagBit = new HashMap<>(), providerBit = new HashMap<>(); // a sync's index has 100,000 models
        for (String t : tags) tagBit.put(t, tagBit.size());
        for (String p : providers) providerBit.put(p, tags.size() + providerBit.size());
        Facets f = new Facets(new byte[models.size() * stride(tags.size(), providers.size())], 0, tags.size(), providers.size());
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            f.bytes[i * f.stride] = (byte) Math.max(-1, Math.min(101, m.popularity())); // out of 0-100 stays out
            for (String t : m.tags()) f.set(i, tagBit.getOrDefault(t, -1));
            f.set(i, providerBit.getOrDefault(m.provider(), -1));
            f.set(i, Tier.ALL.contains(m.costTier()) ? f.tierBit(Tier.ALL.indexOf(m.costTier())) : -1);
            if (m.vision()) f.set(i, f.visionBit());
            if (m.figures().any()) f.set(i, f.figuresBit());
        }
        return f;
    }

    int tierBit(int tier) { return tags + providers + tier; }
    int visionBit() { return tags + providers + Tier.ALL.size(); }
    int figuresBit() { return visionBit() + 1; }

    /** Sets bit `bit` (-1: none) of the model at `model`. */
    void set(int model, int bit) {
        if (bit >= 0) bytes[offset + model * stride + 1 + bit / 8] |= (byte) (1 << bit % 8);
    }

    boolean bit(int model, int bit) { return (bytes[offset + model * stride + 1 + bit / 8] & 1 << bit % 8) != 0; }

    int score(int model) { return bytes[offset + model * stride]; }

    /** Whether evidence (usage, benchmarks) says something of the model at `model`: then its sources are shown with it. */
    public boolean figures(int model) { return bit(model, figuresBit()); }

    /** Whether the model at `model` passes every filter. */
    public boolean pass(List<Filter> filters, int model) {
        for (Filter f : filters) if (!f.test(this, model)) return false;
        return true;
    }

    /** A filter of the read commands, on a model's facets. */
    public interface Filter { boolean test(Facets f, int model); }

    // Records, not lambdas: the first lambda a JVM links costs a read command more than its own work (see search_models).

    /** Has the tag, or is served through the provider, at these bits (-1: none). */
    record Either(int tag, int provider) implements Filter {
        public boolean test(Facets f, int model) { return tag >= 0 && f.bit(model, tag) || provider >= 0 && f.bit(model, f.tags + provider); }
    }
    record InTier(int tier) implements Filter {
        public boolean test(Facets f, int model) { return f.bit(model, f.tierBit(tier)); }
    }
    record Vision() implements Filter {
        public boolean test(Facets f, int model) { return f.bit(model, f.visionBit()); }
    }
    record ScoreAtLeast(int min) implements Filter {
        public boolean test(Facets f, int model) { return f.score(model) >= min; }
    }
}
