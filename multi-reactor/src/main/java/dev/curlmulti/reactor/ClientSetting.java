package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One setting of a {@link CurlClient}, defined once: its name, type, default, the check every value
 * passes (whichever way it is set: {@link CurlClient.Builder}, {@link CurlRequest.Builder} or Spring's
 * {@code curl.multi.*} properties), whether a request may override it, and how it reaches libcurl
 * (an option on the client's template handle, an option on each transfer's handle, or a limit the
 * client enforces itself). {@link ClientSettings} lists them all.
 *
 * <p>Immutable and thread-safe once {@link ClientSettings} is initialised; the package wires the
 * libcurl side while it defines the constants and never after.
 *
 * @param <T> the value's type; a null value means "none" where {@link #nullable()}
 */
public final class ClientSetting<T> {
    /** Sets a value on a handle; {@code config} is the client's (for settings that depend on others). */
    @FunctionalInterface
    interface HandleOption<T> {
        void set(Curl c, T value, ClientConfig config);
    }

    private final String name;
    private final Class<?> type;
    private final Supplier<T> defaultValue;
    private final boolean nullable;
    private final UnaryOperator<T> check;
    /** Position in {@link ClientSettings#all()}: where the value sits in a client's or a request's array. */
    final int index;
    /** On the template handle, with the client's value (null: the client reads the value itself). */
    HandleOption<T> onTemplate;
    /** On a request's handle, with the request's own value when it differs from the client's. */
    HandleOption<T> onOverride;
    /** On every request's handle, with the request's value, else the client's, when there is one. */
    HandleOption<T> onTransfer;

    private boolean requestOverridable;

    ClientSetting(
            int index, String name, Class<?> type, Supplier<T> defaultValue, boolean nullable, UnaryOperator<T> check) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.nullable = nullable;
        this.check = check;
    }

    /** The setting's name, as the client builder's method and Spring's property (in kebab case) spell it. */
    public String name() {
        return name;
    }

    /** The type of its values. */
    public Class<?> type() {
        return type;
    }

    /** The value a client has when nobody sets it (made afresh: it may depend on the machine). */
    public T defaultValue() {
        return defaultValue.get();
    }

    /** Whether null is a value ("none") rather than an error. */
    public boolean nullable() {
        return nullable;
    }

    /** Whether a {@link CurlRequest} may set its own value, which then wins over the client's. */
    public boolean requestOverridable() {
        return requestOverridable;
    }

    /**
     * {@code value} if this setting accepts it, else an exception that every way of setting it throws alike.
     *
     * @throws NullPointerException     null where the setting has no "none"
     * @throws IllegalArgumentException a value out of the setting's range
     */
    public T check(T value) {
        if (value == null) {
            if (!nullable) {
                throw new NullPointerException(name);
            }
            return null;
        }
        return check.apply(value);
    }

    /** Sets it on the client's template handle. */
    ClientSetting<T> onTemplate(HandleOption<T> option) {
        this.onTemplate = option;
        return this;
    }

    /** A request may override it; its value differing from the client's goes to its handle by {@code option}. */
    ClientSetting<T> overridable(HandleOption<T> option) {
        this.requestOverridable = true;
        this.onOverride = option;
        return this;
    }

    /** A request may override it; the value that applies (the request's, else the client's) is set per transfer. */
    ClientSetting<T> perTransfer(HandleOption<T> option) {
        this.requestOverridable = true;
        this.onTransfer = option;
        return this;
    }

    /** A request may override it; the client reads the value that applies itself (no libcurl option). */
    ClientSetting<T> overridable() {
        this.requestOverridable = true;
        return this;
    }

    @Override
    public String toString() {
        return name;
    }
}
