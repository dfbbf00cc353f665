package dev.slimfit.api.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.slimfit.api.error.InvalidJsonValueException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly: a number or boolean where a string belongs is a type error (400) rather than
 * silently turned into text; unknown properties and fractional integers are refused via application.yml; a key
 * that appears twice in one object is a 400 (not "last one wins"); a string holding a control character other
 * than tab, line feed and carriage return (PostgreSQL cannot store NUL) and a number that is not finite
 * ({@code 1e400}, {@code "NaN"}) are 422 on their field. The value checks apply to request bodies only
 * ({@link BodyReadMode}); workers may send NaN and escapes, but never NUL.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    JsonMapperBuilderCustomizer strictValues() {
        SimpleModule module = new SimpleModule("slimfit-strict-values");
        module.addDeserializer(String.class, new CheckedString());
        module.addKeyDeserializer(String.class, new CheckedKey());
        module.addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        module.addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0));
        module.addDeserializer(Float.class, new FiniteFloat(Float.class, null));
        module.addDeserializer(Float.TYPE, new FiniteFloat(Float.TYPE, 0.0f));
        module.addDeserializer(Number.class, new FiniteNumber());
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).addModule(module);
    }

    /** The first forbidden control character's description, or null when the text is storable. */
    static String controlCharacter(String text) {
        BodyReadMode.Mode mode = BodyReadMode.current();
        if (mode == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || mode == BodyReadMode.Mode.CLIENT
                    && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)) {
                return String.format("U+%04X", (int) c);
            }
        }
        return null;
    }

    static final class CheckedString extends StdScalarDeserializer<String> {

        CheckedString() {
            super(String.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String bad = value == null ? null : controlCharacter(value);
            if (bad != null) {
                throw new InvalidJsonValueException(p, "must not contain the control character " + bad);
            }
            return value;
        }
    }

    static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws JacksonException {
            String bad = controlCharacter(key);
            if (bad != null) {
                throw new InvalidJsonValueException(ctxt.getParser(), "a key must not contain the control "
                        + "character " + bad);
            }
            return key;
        }
    }

    static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double empty) {
            super(type, empty);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return finite(p, super.deserialize(p, ctxt));
        }
    }

    static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {
        FiniteFloat(Class<Float> type, Float empty) {
            super(type, empty);
        }

        @Override
        public Float deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            Float value = super.deserialize(p, ctxt);
            if (value != null && !Float.isFinite(value) && !nonFiniteAllowed()) {
                throw notFinite(p);
            }
            return value;
        }
    }

    /** For untyped values ({@code Map<String, Object>}): a non-finite double is refused as well. */
    static final class FiniteNumber extends ValueDeserializer<Number> {
        @Override
        public Number deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            Object value = NumberDeserializers.NumberDeserializer.instance.deserialize(p, ctxt);
            if ((value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f))
                    && !nonFiniteAllowed()) {
                throw notFinite(p);
            }
            return (Number) value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }

    /** Non-finite numbers are refused in request bodies from clients (not from workers, not in stored JSON). */
    static boolean nonFiniteAllowed() {
        return BodyReadMode.current() != BodyReadMode.Mode.CLIENT;
    }

    private static <T extends Number> T finite(JsonParser p, T value) {
        if (value != null && !Double.isFinite(value.doubleValue()) && !nonFiniteAllowed()) {
            throw notFinite(p);
        }
        return value;
    }

    private static InvalidJsonValueException notFinite(JsonParser p) {
        return new InvalidJsonValueException(p, "must be a finite number");
    }
}
