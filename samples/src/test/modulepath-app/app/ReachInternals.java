package app;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Tries to reach each class named in its arguments as a user might to get past the API, and prints one
 * line per class: {@code reach NAME: ACCESS, DEEP}. ACCESS is what a lookup that checks exports says
 * ({@code ok} or {@code IllegalAccessException}); DEEP is what {@code setAccessible} on one of the
 * class's public methods says, which checks opens ({@code ok} or {@code InaccessibleObjectException}).
 */
public final class ReachInternals {
    public static void main(String[] args) throws ClassNotFoundException {
        for (String name : args) {
            // Loading is allowed whatever a module exports: encapsulation is about access.
            Class<?> type = Class.forName(name);
            System.out.println("reach " + name + ": " + access(type) + ", " + deep(type));
        }
    }

    private static String access(Class<?> type) {
        try {
            MethodHandles.lookup().accessClass(type);
            return "ok";
        } catch (IllegalAccessException e) {
            return "IllegalAccessException";
        }
    }

    private static String deep(Class<?> type) {
        Method method = Arrays.stream(type.getDeclaredMethods())
                .filter(candidate -> Modifier.isPublic(candidate.getModifiers()))
                .min(Comparator.comparing(Method::getName))
                .orElseThrow(() -> new IllegalArgumentException(type + " declares no public method"));
        try {
            method.setAccessible(true);
            return "ok";
        } catch (InaccessibleObjectException e) {
            return "InaccessibleObjectException";
        }
    }
}
