package support;

import java.util.Comparator;
import java.util.Map;

/**
 * The order tests/run starts test classes in: the longest first, so that with classes running side by side the
 * run ends soon after its longest class. By the seconds each took in a whole run on the 2-core development machine
 * (only the order matters); a class not listed counts as 30 s when it is end-to-end, 2 s otherwise. tests/run
 * names a class that took much longer than it is listed at, so the table is kept true.
 */
public final class SlowestFirst implements Comparator<Class<?>> {
    static final Map<String, Integer> SECONDS = Map.ofEntries(
            // on a clean clone ProxyEndToEndTest first installs LiteLLM, best done beside the prepared install
            Map.entry("ProxyEndToEndTest", 120), Map.entry("LossEndToEndTest", 115), Map.entry("FaultsEndToEndTest", 90),
            Map.entry("SyncEndToEndTest", 85), Map.entry("MagiLaunchTest", 60), Map.entry("MagiBuildTest", 60), Map.entry("GenerativeEndToEndTest", 35),
            Map.entry("SearchModelsEndToEndTest", 45), Map.entry("EvidenceEndToEndTest", 25), Map.entry("ProvidersEndToEndTest", 40),
            Map.entry("MagiTest", 20), Map.entry("OddInputEndToEndTest", 20), Map.entry("FleetEndToEndTest", 15),
            Map.entry("LiteLLMMapEndToEndTest", 15), Map.entry("SecretsEndToEndTest", 12), Map.entry("EvidenceTest", 12),
            Map.entry("IdScanTest", 9), Map.entry("LeaksEndToEndTest", 8), Map.entry("TableTest", 6), Map.entry("TextScanTest", 5),
            Map.entry("FetcherTest", 5), Map.entry("HostileInputEndToEndTest", 4), Map.entry("YamlLoaderTest", 20));

    @Override
    public int compare(Class<?> a, Class<?> b) {
        return Comparator.<Class<?>>comparingInt(SlowestFirst::seconds).reversed().thenComparing(Class::getSimpleName).compare(a, b);
    }

    public static int seconds(Class<?> c) {
        return SECONDS.getOrDefault(c.getSimpleName(), c.getSimpleName().contains("EndToEnd") ? 30 : 2);
    }
}
