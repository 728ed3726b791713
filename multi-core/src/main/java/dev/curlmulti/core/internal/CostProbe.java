package dev.curlmulti.core.internal;

import java.util.function.LongSupplier;

/**
 * One micro-measurement of a binding's own crossing into or out of native code, for
 * {@code bin/sample NativeCallCost}: {@code batch} makes many crossings of one kind and returns how
 * many, so the caller can time it and divide.
 *
 * @param name  what is crossed, for example {@code direct call (curl_multi_timeout)}
 * @param batch runs one batch; returns the number of crossings made
 */
public record CostProbe(String name, LongSupplier batch) {}
