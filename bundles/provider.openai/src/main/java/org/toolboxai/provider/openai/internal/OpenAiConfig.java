package org.toolboxai.provider.openai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the {@code openai} model provider ({@code etc/org.toolboxai.provider.openai.cfg}).
 * As everywhere in the toolbox, an underscore in a method name is a dot in the file:
 * {@code base.url}, {@code model}, {@code timeout.seconds}, {@code temperature}, {@code max.tokens},
 * {@code max.retries}, {@code structured.output} (and the older {@code json.mode}).
 *
 * <p>The key is {@code .api.key}, with a leading dot: Declarative Services copies a component's
 * configuration into its service registration, where every bundle and {@code service:list} can
 * read it, except private properties, whose names start with a dot. The key belongs in the
 * environment, not in the file: {@code .api.key = ${env:OPENAI_API_KEY}}.
 */
@ObjectClassDefinition(id = OpenAiConfig.PID, name = "Toolbox OpenAI model provider",
        description = "Chat completions from OpenAI or an OpenAI-compatible server")
public @interface OpenAiConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.provider.openai";

    @AttributeDefinition(name = "Base URL", description = "The API root; /chat/completions is appended. Any OpenAI-compatible server works")
    String base_url() default "https://api.openai.com/v1";

    @AttributeDefinition(name = "Model", description = "Model name sent with every request")
    String model() default "gpt-4o-mini";

    /** Property name of the key in the file. */
    String API_KEY = ".api.key";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Sent as a Bearer token; never logged or shown. Use ${env:OPENAI_API_KEY}. Private (leading dot): "
                    + "not copied into the service registration. Without it the provider refuses every call")
    String _api_key() default "";

    @AttributeDefinition(name = "Time-out", description = "Seconds to connect and to wait for the answer", min = "1")
    int timeout_seconds() default 60;

    @AttributeDefinition(name = "Temperature", description = "Sampling temperature; negative: not sent (for models that refuse it)")
    double temperature() default 0.2;

    @AttributeDefinition(name = "Maximum tokens", description = "max_tokens of the answer; 0: not sent")
    int max_tokens() default 4096;

    @AttributeDefinition(name = "Retries", description = "Retries inside one call (429, 5xx, time-outs); the workflow engine already retries steps", min = "0")
    int max_retries() default 0;

    @AttributeDefinition(name = "Structured output", description = "How answers are held to their shape. auto: the answer's "
            + "JSON Schema (response_format json_schema, strict), and when the server answers 400 about response_format, "
            + "json_object, then nothing, remembered until the configuration changes; json_schema, json_object: always that "
            + "(json_schema needs a request with a schema, json_object otherwise); off: no response_format",
            options = {
                @Option(label = "auto", value = "auto"),
                @Option(label = "json_schema", value = "json_schema"),
                @Option(label = "json_object", value = "json_object"),
                @Option(label = "off", value = "off")
            })
    String structured_output() default "auto";

    @AttributeDefinition(name = "JSON mode", description = "Older switch: false is structured.output = off")
    boolean json_mode() default true;
}
