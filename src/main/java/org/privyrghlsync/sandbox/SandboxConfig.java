package org.privyrghlsync.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link GhlSandbox}: listen address, credentials, limits and simulated latency.
 */
public final class SandboxConfig {

    private final String host;
    private final int port;
    private final String locationId;
    private final String privateToken;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Duration accessTokenTtl;
    private final int rateLimitMax;
    private final Duration rateLimitWindow;
    private final int dailyLimit;
    private final int rateLimitShared;
    private final int dailyLimitShared;
    private final Duration dailyWindow;
    private final java.util.List<FaultSpec> faults;
    private final boolean allowDuplicates;
    private final Duration latency;
    private final boolean retryAfterOn429;
    private final int requestLogLimit;
    private final java.util.List<String> customFieldKeys;

    private SandboxConfig(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.locationId = builder.locationId;
        this.privateToken = builder.privateToken;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.refreshToken = builder.refreshToken;
        this.accessTokenTtl = builder.accessTokenTtl;
        this.rateLimitMax = builder.rateLimitMax;
        this.rateLimitWindow = builder.rateLimitWindow;
        this.dailyLimit = builder.dailyLimit;
        this.rateLimitShared = builder.rateLimitShared;
        this.dailyLimitShared = builder.dailyLimitShared;
        this.dailyWindow = builder.dailyWindow;
        this.faults = java.util.List.copyOf(builder.faults);
        this.allowDuplicates = builder.allowDuplicates;
        this.latency = builder.latency;
        this.retryAfterOn429 = builder.retryAfterOn429;
        this.requestLogLimit = builder.requestLogLimit;
        this.customFieldKeys = java.util.List.copyOf(builder.customFieldKeys);
    }

    /** Returns a builder preset with the defaults listed on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the configuration with every default. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    /** Returns the configured port, where 0 means that the operating system picks a free port. */
    public int port() {
        return port;
    }

    public String locationId() {
        return locationId;
    }

    public String privateToken() {
        return privateToken;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Returns the refresh token that is valid when the sandbox starts. */
    public String refreshToken() {
        return refreshToken;
    }

    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    /** Returns the max requests per location in one {@link #rateLimitWindow()}, where 0 disables the burst limit. */
    public int rateLimitMax() {
        return rateLimitMax;
    }

    public Duration rateLimitWindow() {
        return rateLimitWindow;
    }

    /** Returns the max requests per location in 24 hours, where 0 disables the daily limit. */
    public int dailyLimit() {
        return dailyLimit;
    }

    /**
     * Returns the requests of every rate window that other apps use on each location: the location gets that many
     * fewer, and {@code X-RateLimit-Remaining} reports that many fewer.
     */
    public int rateLimitShared() {
        return rateLimitShared;
    }

    /** Returns the requests of every daily period that other apps use on each location, as for the rate window. */
    public int dailyLimitShared() {
        return dailyLimitShared;
    }

    /** Returns the length of the daily period, which starts with a location's first request. */
    public Duration dailyWindow() {
        return dailyWindow;
    }

    /** Returns the faults injected from the start, in the order they are tried. */
    public java.util.List<FaultSpec> faults() {
        return faults;
    }

    /** Returns whether a location accepts two contacts with the same email or phone when the sandbox starts. */
    public boolean allowDuplicates() {
        return allowDuplicates;
    }

    /** Returns the delay added before every response. */
    public Duration latency() {
        return latency;
    }

    /** Returns whether 429 responses carry a {@code Retry-After} header, which GHL does not document. */
    public boolean retryAfterOn429() {
        return retryAfterOn429;
    }

    /**
     * Returns the max number of recorded requests. The oldest entries are dropped first. Each entry keeps the request
     * headers and body, so a full log of small requests takes in the order of 1 KB per entry (an estimate).
     */
    public int requestLogLimit() {
        return requestLogLimit;
    }

    /** Returns the keys of the contact custom fields every location starts with. */
    public java.util.List<String> customFieldKeys() {
        return customFieldKeys;
    }

    /** Builder of {@link SandboxConfig} whose setters validate their arguments. */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port = 0;
        private String locationId = "sandbox-location";
        private String privateToken = "pit-sandbox-token";
        private String clientId = "sandbox-client";
        private String clientSecret = "sandbox-secret";
        private String refreshToken = "sandbox-refresh-token";
        private Duration accessTokenTtl = Duration.ofSeconds(86_399);
        private int rateLimitMax = 100;
        private Duration rateLimitWindow = Duration.ofSeconds(10);
        private int dailyLimit = 200_000;
        private int rateLimitShared = 0;
        private int dailyLimitShared = 0;
        private Duration dailyWindow = Duration.ofDays(1);
        private java.util.List<FaultSpec> faults = java.util.List.of();
        private boolean allowDuplicates = false;
        private Duration latency = Duration.ZERO;
        private boolean retryAfterOn429 = false;
        private int requestLogLimit = 200_000;
        // The custom fields that the shipped mappings/contact.yaml writes.
        private java.util.List<String> customFieldKeys = java.util.List.of("contact.budget", "contact.timeline",
                "contact.whatsapp_number", "contact.privyr_client_id", "contact.privyr_raw_phone",
                "contact.privyr_notes");

        private Builder() {
        }

        /** Sets the listen address, by default {@code 127.0.0.1}. */
        public Builder host(String value) {
            this.host = requireText(value, "host");
            return this;
        }

        /** Sets the listen port, by default 0, which picks a free port. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /** Sets the location of the private token and initial refresh token, by default {@code sandbox-location}. */
        public Builder locationId(String value) {
            this.locationId = requireText(value, "locationId");
            return this;
        }

        /** Sets the accepted private integration token, by default {@code pit-sandbox-token}. */
        public Builder privateToken(String value) {
            this.privateToken = requireText(value, "privateToken");
            return this;
        }

        /** Sets the OAuth client id, by default {@code sandbox-client}. */
        public Builder clientId(String value) {
            this.clientId = requireText(value, "clientId");
            return this;
        }

        /** Sets the OAuth client secret, by default {@code sandbox-secret}. */
        public Builder clientSecret(String value) {
            this.clientSecret = requireText(value, "clientSecret");
            return this;
        }

        /** Sets the refresh token that is valid at start, by default {@code sandbox-refresh-token}. */
        public Builder refreshToken(String value) {
            this.refreshToken = requireText(value, "refreshToken");
            return this;
        }

        /** Sets the lifetime of issued access tokens, by default 86,399 seconds. */
        public Builder accessTokenTtl(Duration value) {
            this.accessTokenTtl = requirePositive(value, "accessTokenTtl");
            return this;
        }

        /** Sets the max requests per location in one window, by default 100, and 0 disables the burst limit. */
        public Builder rateLimitMax(int value) {
            this.rateLimitMax = requireNotNegative(value, "rateLimitMax");
            return this;
        }

        /** Sets the sliding window of the burst limit, by default 10 seconds. */
        public Builder rateLimitWindow(Duration value) {
            this.rateLimitWindow = requirePositive(value, "rateLimitWindow");
            return this;
        }

        /** Sets the max requests per location in 24 hours, by default 200,000, and 0 disables the daily limit. */
        public Builder dailyLimit(int value) {
            this.dailyLimit = requireNotNegative(value, "dailyLimit");
            return this;
        }

        /**
         * Sets the requests of every rate window that other apps use on each location, by default 0. It must not
         * exceed the max.
         */
        public Builder rateLimitShared(int value) {
            this.rateLimitShared = requireNotNegative(value, "rateLimitShared");
            return this;
        }

        /** Sets the requests of every daily period that other apps use on each location, by default 0. */
        public Builder dailyLimitShared(int value) {
            this.dailyLimitShared = requireNotNegative(value, "dailyLimitShared");
            return this;
        }

        /** Sets the length of the daily period, by default 24 hours. */
        public Builder dailyWindow(Duration value) {
            this.dailyWindow = requirePositive(value, "dailyWindow");
            return this;
        }

        /** Sets the faults injected from the start, tried in this order; none by default. */
        public Builder faults(java.util.List<FaultSpec> value) {
            this.faults = java.util.List.copyOf(value);
            return this;
        }

        /** Sets whether duplicate emails and phones are accepted on create, by default false. */
        public Builder allowDuplicates(boolean value) {
            this.allowDuplicates = value;
            return this;
        }

        /** Sets the delay added before every response, by default zero. */
        public Builder latency(Duration value) {
            Objects.requireNonNull(value, "latency");
            if (value.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + value);
            }
            this.latency = value;
            return this;
        }

        /** Sets whether 429 responses carry {@code Retry-After} in seconds, by default false. */
        public Builder retryAfterOn429(boolean value) {
            this.retryAfterOn429 = value;
            return this;
        }

        /** Sets the keys of the contact custom fields that every location starts with, such as contact.budget. */
        public Builder customFieldKeys(java.util.List<String> keys) {
            this.customFieldKeys = java.util.List.copyOf(keys);
            return this;
        }

        /** Sets the max number of recorded requests, by default 200,000. */
        public Builder requestLogLimit(int value) {
            this.requestLogLimit = requireNotNegative(value, "requestLogLimit");
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws IllegalArgumentException when other apps would use more than a whole budget
         */
        public SandboxConfig build() {
            if (rateLimitShared > rateLimitMax && rateLimitMax > 0) {
                throw new IllegalArgumentException("rateLimitShared (" + rateLimitShared
                        + ") must not exceed rateLimitMax (" + rateLimitMax + ")");
            }
            if (dailyLimitShared > dailyLimit && dailyLimit > 0) {
                throw new IllegalArgumentException("dailyLimitShared (" + dailyLimitShared
                        + ") must not exceed dailyLimit (" + dailyLimit + ")");
            }
            return new SandboxConfig(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }

        private static int requireNotNegative(int value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
