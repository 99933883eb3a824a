package org.toolboxai.api.workflow;

import java.util.List;
import java.util.Map;

/**
 * A workflow template as clients see it.
 *
 * @param name        unique name
 * @param description what it produces
 * @param source      where it was loaded from (bundle or file)
 * @param parameters  declared parameters: name to {type, required, default, ...}
 * @param steps       its step ids in order, with their types and dependencies
 */
public record TemplateInfo(String name, String description, String source, Map<String, Map<String, Object>> parameters,
        List<Map<String, Object>> steps) {
}
