package dev.curlmulti.samples.download;

import java.util.Locale;

/**
 * Byte counts as curl and aria2c write them: a whole number with an optional suffix K, M or G
 * (either case, powers of 1024), so {@code 10K} is 10,240 and {@code 5M} 5,242,880. Stateless.
 */
final class Sizes {
    private Sizes() {}

    /**
     * @throws IllegalArgumentException not a whole number with an optional K/M/G, negative, or too large
     */
    static long parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        int shift = switch (Character.toUpperCase(value.charAt(value.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a size (digits with an optional K, M or G): " + text);
        }
        try {
            long number = Long.parseLong(digits);
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("size too large: " + text);
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: " + text.toUpperCase(Locale.ROOT), e);
        }
    }
}
