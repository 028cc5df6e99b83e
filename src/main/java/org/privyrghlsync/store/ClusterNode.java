package org.privyrghlsync.store;

import java.time.Instant;

/** A runtime that has checked in with the Quartz cluster: its node id and the time of its last check-in. */
public record ClusterNode(String node, Instant lastCheckin) {
}
