package org.privyrghlsync.testing.fuzz;

import java.util.Random;

/** Turns a valid request into one invalid request and states the response it must get. */
@FunctionalInterface
public interface CaseGenerator {

    void generate(FuzzRequest request, Random random);
}
