package org.toolboxai.api.content;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The snake_case wire names of the content enums: the constant's name in lower case. */
final class WireNames {

    private WireNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> Optional<E> find(E[] constants, String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (E constant : constants) {
            if (of(constant).equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    static List<String> list(Enum<?>[] constants) {
        return Arrays.stream(constants).map(WireNames::of).toList();
    }
}
