package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The one HTTP transport: what every command's exit does with its clients. */
class HttpTest {
    /**
     * Java 17's selector thread can deadlock while it stops, holding its own monitor (a sync failing with a response
     * still being read: LeaksEndToEndTest once hung on it): the exit waits 200 ms for it at most.
     */
    @Test
    void aSelectorThatNeverStopsDoesNotHoldUpTheExit() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        Thread selector = new Thread("HttpClient-test-SelectorManager") {
            @Override public void run() {
                synchronized (this) { // and never gives it up, as the deadlocked one
                    holding.countDown();
                    while (true) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            // interrupted, as release() does: stops nothing
                        }
                    }
                }
            }
        };
        selector.setDaemon(true);
        selector.start();
        holding.await();
        Http.CLIENTS.put(Duration.ofMillis(1), CompletableFuture.failedFuture(new IllegalStateException("no client")));
        assertTimeoutPreemptively(Duration.ofSeconds(5), Http::release, "release() waited on the selector's monitor");
        assertTrue(Http.CLIENTS.isEmpty());
        assertTrue(selector.isAlive());
    }
}
