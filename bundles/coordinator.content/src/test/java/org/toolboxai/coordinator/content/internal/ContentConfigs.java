package org.toolboxai.coordinator.content.internal;

import java.lang.annotation.Annotation;

/** Content configurations for tests. */
final class ContentConfigs {

    private ContentConfigs() {
    }

    static ContentConfig of(int maxGenerations, int cacheSize) {
        return new ContentConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ContentConfig.class;
            }

            @Override
            public int max_generations() {
                return maxGenerations;
            }

            @Override
            public int cache_size() {
                return cacheSize;
            }

            @Override
            public int cache_minutes() {
                return 60;
            }
        };
    }
}
