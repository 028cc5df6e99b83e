package org.privyrghlsync.testing.fuzz;

import java.util.Random;

/** How a fuzz target authenticates requests, and the ways of breaking that authentication. */
public interface RequestAuth {

    /** Adds the headers that authenticate the request's final body, such as a signature or a bearer token. */
    void authorize(FuzzRequest request);

    /**
     * Breaks the authentication of a request whose body is otherwise valid, in one way chosen by {@code random},
     * and returns a short name of that way for the report. The target must reject such a request with 401.
     */
    String breakAuthentication(FuzzRequest request, Random random);
}
