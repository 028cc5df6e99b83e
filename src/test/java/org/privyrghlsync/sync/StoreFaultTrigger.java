package org.privyrghlsync.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.tools.TriggerAdapter;

/**
 * An H2 trigger that acts as a store in trouble, each step held until the test releases it: on {@code contact_link},
 * the insert of one client's link waits and then fails, as a full disk fails a commit. On {@code inbox_state}, the
 * update that schedules the next attempt after such a failure waits, as on a store that no longer responds.
 */
public final class StoreFaultTrigger extends TriggerAdapter {

    static volatile String failingClient;
    static volatile CountDownLatch linkEntered;
    static volatile CountDownLatch linkRelease;
    static volatile CountDownLatch retryEntered;
    static volatile CountDownLatch retryRelease;

    static void reset(String client) {
        failingClient = client;
        linkEntered = new CountDownLatch(1);
        linkRelease = new CountDownLatch(1);
        retryEntered = new CountDownLatch(1);
        retryRelease = new CountDownLatch(1);
    }

    static void releaseAll() {
        linkRelease.countDown();
        retryRelease.countDown();
    }

    @Override
    public void fire(Connection connection, ResultSet oldRow, ResultSet newRow) throws SQLException {
        if (tableName.equalsIgnoreCase("contact_link")) {
            if (newRow != null && failingClient.equals(newRow.getString("CLIENT_ID"))) {
                hold(linkEntered, linkRelease);
                throw new SQLException("No space left on device");
            }
            return;
        }
        String detail = newRow == null ? null : newRow.getString("DETAIL");
        if (detail != null && detail.startsWith("Recording the event's result failed")) {
            hold(retryEntered, retryRelease);
        }
    }

    private static void hold(CountDownLatch entered, CountDownLatch release) {
        entered.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
