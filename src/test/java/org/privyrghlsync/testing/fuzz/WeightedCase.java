package org.privyrghlsync.testing.fuzz;

/**
 * A kind of invalid request and how often it is drawn.
 *
 * @param category the name used in reports; a generator may add a detail to it
 * @param weight the relative frequency, against the weights of the other kinds
 */
public record WeightedCase(String category, int weight, CaseGenerator generator) {
}
