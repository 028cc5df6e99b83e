package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on a real H2 store: works handed in together share one commit, and a failing one is isolated. */
class GroupCommitTest {

    @TempDir
    Path dir;
    private Database database;
    private GroupCommit commits;

    @BeforeEach
    void open() throws Exception {
        database = Database.open("", "", "", dir, 4);
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE mark (name VARCHAR(32) PRIMARY KEY)");
        }
        commits = new GroupCommit(database.dataSource(), 64);
    }

    @AfterEach
    void close() {
        commits.close();
        database.close();
    }

    @Test
    void worksQueuedTogetherShareOneTransaction() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocker = occupyWriter(release);

        AtomicBoolean firstVisibleBeforeCommit = new AtomicBoolean(true);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> commits.run("first", insert("first")));
        awaitQueued(1);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> commits.run("second", connection -> {
            insert("second").run(connection);
            // Another connection reads only committed rows, so "first" is invisible while both share a transaction.
            firstVisibleBeforeCommit.set(visibleElsewhere("first"));
            return null;
        }));
        awaitQueued(2);
        release.countDown();
        CompletableFuture.allOf(blocker, first, second).get(10, TimeUnit.SECONDS);

        assertThat(firstVisibleBeforeCommit).as("first committed on its own").isFalse();
        assertThat(visibleElsewhere("first")).isTrue();
        assertThat(visibleElsewhere("second")).isTrue();
    }

    @Test
    void failedWorkKeepsOthersStored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocker = occupyWriter(release);

        CompletableFuture<Void> good = CompletableFuture.runAsync(() -> commits.run("good", insert("good")));
        awaitQueued(1);
        CompletableFuture<Void> bad = CompletableFuture.runAsync(() -> commits.run("Recording bad", connection -> {
            insert("bad").run(connection);
            throw new SQLException("constraint broken");
        }));
        awaitQueued(2);
        CompletableFuture<Void> after = CompletableFuture.runAsync(() -> commits.run("after", insert("after")));
        awaitQueued(3);
        release.countDown();

        blocker.get(10, TimeUnit.SECONDS);
        good.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("Recording bad failed: constraint broken");
        assertThat(visibleElsewhere("good")).isTrue();
        assertThat(visibleElsewhere("after")).isTrue();
        assertThat(visibleElsewhere("bad")).as("nothing of the failed work is stored").isFalse();
    }

    @Test
    void closedWriterStoresOnCaller() throws Exception {
        commits.close();

        commits.run("late", insert("late"));

        assertThat(visibleElsewhere("late")).isTrue();
    }

    @Test
    void inboxReceiptsShareTheGroupCommit() throws Exception {
        InboxStore inbox = new InboxStore(database.dataSource(), commits);
        inbox.insertNew(List.of(event("evt-before")));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocker = occupyWriter(release);

        CompletableFuture<List<InboxEntry>> stored = CompletableFuture.supplyAsync(
                () -> inbox.storeNew(List.of(event("evt-new"), event("evt-before"))));
        awaitQueued(1);
        long storedWhileQueued = inbox.countByStatus().getOrDefault(InboxStatus.PENDING, 0L);
        release.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        List<InboxEntry> result = stored.get(10, TimeUnit.SECONDS);

        assertThat(storedWhileQueued).as("events stored before the group commit ran").isEqualTo(1);
        assertThat(result.get(0).id()).as("id of the new event").isPositive();
        assertThat(result.get(1)).as("an event_id stored before").isNull();
        assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 2L);
    }

    @Test
    void storedIdsKeepSharedCommit() throws Exception {
        InboxStore inbox = new InboxStore(database.dataSource(), commits);
        inbox.insertNew(List.of(event("evt-1"), event("evt-3")));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocker = occupyWriter(release);

        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> counted = CompletableFuture.runAsync(() -> commits.run("counted", connection -> {
            runs.incrementAndGet();
            return insert("counted").run(connection);
        }));
        awaitQueued(1);
        CompletableFuture<List<InboxEntry>> stored = CompletableFuture.supplyAsync(() -> inbox.storeNew(
                List.of(event("evt-1"), event("evt-2"), event("evt-3"), event("evt-4"), event("evt-2"))));
        awaitQueued(2);
        release.countDown();
        CompletableFuture.allOf(blocker, counted).get(10, TimeUnit.SECONDS);
        List<InboxEntry> result = stored.get(10, TimeUnit.SECONDS);

        assertThat(result).extracting(entry -> entry == null ? null : entry.eventId())
                .containsExactly(null, "evt-2", null, "evt-4", null);
        // A stored id that the check missed fails the insert, and the group then runs each work again on its own.
        assertThat(runs).as("runs of the work that shared the commit").hasValue(1);
        assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 4L);
    }

    @Test
    void receiptsNeedOnePayloadEach() {
        InboxStore inbox = new InboxStore(database.dataSource(), commits);

        assertThatThrownBy(() -> inbox.storeNew(List.of(event("evt-a"), event("evt-b")),
                List.of(InboxStore.utf8Payload(event("evt-a")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid payloads: got 1 for 2 inbox entries, expected one encoded payload per entry");
        assertThat(inbox.countByStatus()).containsEntry(InboxStatus.PENDING, 0L);
    }

    private static InboxEntry event(String eventId) {
        Instant now = Instant.now();
        return new InboxEntry(0, eventId, "client.created", "acc_1", "loc_1", "cl_" + eventId, now, now, "{}", 0);
    }

    /** Hands in a work that holds the writer until {@code release}, so that the next works queue up behind it. */
    private CompletableFuture<Void> occupyWriter(CountDownLatch release) throws InterruptedException {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> commits.run("block", connection -> {
            writerBusy.countDown();
            waitFor(release);
            return null;
        }));
        assertThat(writerBusy.await(10, TimeUnit.SECONDS)).as("writer busy with the blocking work").isTrue();
        return blocker;
    }

    private void awaitQueued(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() >= count);
    }

    private static Transactions.Work<Void> insert(String name) {
        return connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO mark (name) VALUES (?)")) {
                statement.setString(1, name);
                statement.executeUpdate();
            }
            return null;
        };
    }

    private boolean visibleElsewhere(String name) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1 FROM mark WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
