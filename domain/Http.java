package domain;

/** What both scripts need around java.net.http. */
public final class Http {
    /**
     * Stops every HttpClient's selector thread. Java 17's HttpClient has no close(), and the JVM's exit waits
     * 300 ms for any thread blocked in native code, which that thread always is.
     */
    public static void release() {
        Thread[] threads = new Thread[Thread.activeCount() + 8];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++)
            if (threads[i].getName().endsWith("SelectorManager")) {
                threads[i].interrupt();
                try {
                    threads[i].join(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
    }
}
