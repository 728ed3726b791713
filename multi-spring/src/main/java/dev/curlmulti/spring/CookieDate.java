package dev.curlmulti.spring;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The cookie-date algorithm of RFC 6265 section 5.1.1, which browsers use for {@code Expires}: the
 * date is split into tokens at delimiters and the first token that looks like a time, a day of
 * month, a month and a year fills each in turn. It reads every form servers send: RFC 1123
 * ({@code Wed, 21 Oct 2037 07:28:00 GMT}), RFC 850 ({@code Wednesday, 21-Oct-37 07:28:00 GMT}),
 * the Netscape form ({@code Wed, 21-Oct-2037 07:28:00 GMT}) and asctime
 * ({@code Wed Oct 21 07:28:00 2037}). Two-digit years 70-99 are 19xx, 00-69 are 20xx. The zone
 * is always UTC (the algorithm ignores zone tokens).
 */
final class CookieDate {
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private CookieDate() {}

    /** Seconds since the epoch, or null when the text is not a cookie date (the attribute is then ignored). */
    static Long parse(String text) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String token = text.substring(start, i);
            int[] time;
            if (hour < 0 && (time = time(token)) != null) {
                hour = time[0];
                minute = time[1];
                second = time[2];
            } else if (day < 0 && leadingDigits(token, 1, 2) >= 0) {
                day = leadingDigits(token, 1, 2);
            } else if (month < 0 && month(token) > 0) {
                month = month(token);
            } else if (year < 0 && leadingDigits(token, 2, 4) >= 0) {
                year = leadingDigits(token, 2, 4);
            }
        }
        if (year >= 70 && year <= 99) {
            year += 1900;
        } else if (year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour < 0 || day < 1 || day > 31 || month < 1 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException noSuchDay) {
            // 31 April, 30 February: the algorithm's last step refuses a day the month does not have.
            return null;
        }
    }

    /** %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E: everything but digits, letters, ':' and other octets. */
    private static boolean isDelimiter(char c) {
        return c == 0x09
                || c >= 0x20 && c <= 0x2f
                || c >= 0x3b && c <= 0x40
                || c >= 0x5b && c <= 0x60
                || c >= 0x7b && c <= 0x7e;
    }

    /** {@code min} to {@code max} digits, then the end or a non-digit (anything may follow it); else -1. */
    private static int leadingDigits(String token, int min, int max) {
        int n = 0;
        while (n < token.length() && n <= max && isDigit(token.charAt(n))) {
            n++;
        }
        if (n < min || n > max) {
            return -1;
        }
        return Integer.parseInt(token.substring(0, n));
    }

    /** hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then the end or a non-digit. */
    private static int[] time(String token) {
        String[] fields = token.split(":", 3);
        if (fields.length != 3) {
            return null;
        }
        int hour = exactDigits(fields[0]);
        int minute = exactDigits(fields[1]);
        int second = leadingDigits(fields[2], 1, 2);
        return hour < 0 || minute < 0 || second < 0 ? null : new int[] {hour, minute, second};
    }

    private static int exactDigits(String field) {
        return leadingDigits(field, 1, 2) >= 0 && isDigit(field.charAt(field.length() - 1)) && field.length() <= 2
                ? Integer.parseInt(field)
                : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** 1-12 when the token starts with a month's first three letters (any case), else 0. */
    private static int month(String token) {
        if (token.length() < 3) {
            return 0;
        }
        int at = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT));
        return at >= 0 && at % 3 == 0 ? at / 3 + 1 : 0;
    }
}
