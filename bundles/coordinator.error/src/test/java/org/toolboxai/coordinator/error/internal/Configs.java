package org.toolboxai.coordinator.error.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A configuration annotation as DS would make it: the given values (keys with dots), defaults for the rest. */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (values.containsKey(key)) {
                return values.get(key);
            }
            if (method.getName().equals("annotationType")) {
                return type;
            }
            return method.getDefaultValue();
        }));
    }
}
