package org.toolboxai.swarm.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A {@link SwarmConfig} of its defaults, with some values set (keys as the method names). */
final class Configs {

    private Configs() {
    }

    static SwarmConfig of(Object... pairs) {
        Map<String, Object> set = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            set.put((String) pairs[i], pairs[i + 1]);
        }
        return (SwarmConfig) Proxy.newProxyInstance(SwarmConfig.class.getClassLoader(), new Class<?>[] {SwarmConfig.class},
                (proxy, method, args) -> {
                    if (set.containsKey(method.getName())) {
                        return set.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return SwarmConfig.class;
                    }
                    return method.getDefaultValue();
                });
    }
}
